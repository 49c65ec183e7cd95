/// Hard protocol limits enforced by every decoder, so hostile input cannot make a node allocate without bound.
public enum ProtocolLimits {
    public static let maxChainIDBytes = 64
    public static let maxActionsPerTransaction = 16
    public static let maxTransactionBytes = 1 << 20
    public static let maxTransactionsPerBlock = 100_000
    public static let maxBlockBytes = 64 << 20
    public static let maxEventsPerReceipt = 256
    public static let maxStringBytes = 4096
    public static let maxValidators = 1024
}

/// Which network a signature belongs to: the chain id people choose and the hash of the genesis
/// document that started it. Two labs can pick the same chain id, and a testnet that is reset keeps
/// its id, so signatures bind both (Docs/PROTOCOL.md, "Signatures").
public struct ChainIdentity: Hashable, Sendable {
    public var chainID: String
    public var genesisHash: Hash

    public init(chainID: String, genesisHash: Hash) {
        self.chainID = chainID
        self.genesisHash = genesisHash
    }
}

/// Domains that prefix every signed message so that a signature for one kind of message or one
/// network can never be replayed as another (Docs/PROTOCOL.md, "Signatures").
public enum SigningDomain: String, Sendable, CaseIterable {
    case transaction = "desci/tx/v1"
    /// A consensus prevote or precommit (LedgerConsensus `Vote`). A block's commit is its precommits,
    /// so commit signatures use this domain too (the former `desci/commit/v1` is retired).
    case vote = "desci/vote/v1"
    /// A consensus block proposal (LedgerConsensus `Proposal`).
    case proposal = "desci/proposal/v1"

    /// `u32 len(domain) || domain || u32 len(chain id) || chain id || genesis hash (32) || payload`.
    /// Every variable part before the payload is length-prefixed, so no message of one kind or
    /// network can be read as a message of another, whatever the domains' spellings.
    public func message(chain: ChainIdentity, payload: [UInt8]) -> [UInt8] {
        var w = CanonicalWriter(capacity: payload.count + 128)
        w.string(rawValue)
        w.string(chain.chainID)
        w.fixed(chain.genesisHash)
        w.raw(payload)
        return w.bytes
    }
}
