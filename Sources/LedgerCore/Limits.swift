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

/// Domains that prefix every signed message so that a signature for one kind of message or one chain
/// can never be replayed as another (Docs/PROTOCOL.md, "Signatures").
public enum SigningDomain: String, Sendable {
    case transaction = "desci/tx/v1"
    case commit = "desci/commit/v1"

    /// `domain || u32 len(chain id) || chain id || payload`.
    public func message(chainID: String, payload: [UInt8]) -> [UInt8] {
        var w = CanonicalWriter(capacity: payload.count + 64)
        w.raw(Array(rawValue.utf8))
        w.string(chainID)
        w.raw(payload)
        return w.bytes
    }
}
