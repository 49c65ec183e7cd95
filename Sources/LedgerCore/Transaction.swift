/// The part of a transaction that is signed.
public struct TransactionBody: Hashable, Sendable, CanonicalCodable {
    public static let currentVersion: UInt8 = 1

    public var chainID: String
    public var sender: PublicKey
    /// Per-account sequence: exactly the account's current nonce (which starts at 0).
    public var nonce: UInt64
    public var gasLimit: UInt64
    public var fee: UInt64
    /// Last height at which the transaction may be included.
    public var expiry: UInt64?
    public var actions: [Action]

    public init(chainID: String, sender: PublicKey, nonce: UInt64, gasLimit: UInt64, fee: UInt64, expiry: UInt64? = nil, actions: [Action]) {
        self.chainID = chainID
        self.sender = sender
        self.nonce = nonce
        self.gasLimit = gasLimit
        self.fee = fee
        self.expiry = expiry
        self.actions = actions
    }

    public func encode(to w: inout CanonicalWriter) {
        w.u8(Self.currentVersion)
        w.string(chainID)
        w.fixed(sender)
        w.u64(nonce)
        w.u64(gasLimit)
        w.u64(fee)
        w.optional(expiry) { $0.u64($1) }
        w.list(actions) { $0.value($1) }
    }

    public init(from r: inout CanonicalReader) throws {
        let version = try r.u8()
        guard version == Self.currentVersion else { throw CodecError.unknownTag(type: "transaction version", tag: UInt64(version)) }
        chainID = try r.string(field: "chain id", limit: ProtocolLimits.maxChainIDBytes)
        sender = try r.fixed(PublicKey.self)
        nonce = try r.u64()
        gasLimit = try r.u64()
        fee = try r.u64()
        expiry = try r.optional { try $0.u64() }
        actions = try r.list(field: "actions", limit: ProtocolLimits.maxActionsPerTransaction) { try Action(from: &$0) }
        guard !actions.isEmpty else { throw CodecError.invalidValue(field: "actions", reason: "a transaction needs at least one action") }
    }

    /// The exact bytes a signer signs: the transaction domain, the body's chain id, the genesis hash
    /// of the network, then the body.
    public func signingMessage(bodyBytes: [UInt8], genesisHash: Hash) -> [UInt8] {
        SigningDomain.transaction.message(chain: ChainIdentity(chainID: chainID, genesisHash: genesisHash), payload: bodyBytes)
    }
}

/// A signed transaction as it travels: `body || signature(64)`.
///
/// It keeps the exact bytes it was decoded from; nothing is re-serialised to verify or hash it.
/// The id is SHA-256 of `wire`, computed once by `LedgerCrypto` (`Transaction.decode`).
public struct Transaction: Hashable, Sendable {
    public let body: TransactionBody
    public let signature: Signature
    /// The canonical body bytes, exactly as signed.
    public let bodyBytes: [UInt8]
    /// The whole encoded transaction (body followed by signature).
    public let wire: [UInt8]
    public let id: Hash

    /// Splits wire bytes into body and signature, rejecting anything non-canonical. `id` must be SHA-256(wire).
    public init(wire: [UInt8], id: Hash) throws {
        guard wire.count <= ProtocolLimits.maxTransactionBytes else {
            throw CodecError.lengthTooLarge(field: "transaction", length: wire.count, limit: ProtocolLimits.maxTransactionBytes)
        }
        var r = CanonicalReader(wire)
        let body = try TransactionBody(from: &r)
        let bodyEnd = r.offset
        let sig = try r.fixed(Signature.self)
        try r.finish()
        self.body = body
        self.signature = sig
        self.bodyBytes = Array(wire[..<bodyEnd])
        self.wire = wire
        self.id = id
    }

    /// Assembles a transaction from a body and its signature. `id` must be SHA-256 of the result's wire bytes.
    public static func wire(body: TransactionBody, signature: Signature) -> [UInt8] {
        var w = CanonicalWriter()
        w.value(body)
        w.fixed(signature)
        return w.bytes
    }

    /// The message the sender signed, for the network whose genesis hash is `genesisHash`.
    public func signingMessage(genesisHash: Hash) -> [UInt8] { body.signingMessage(bodyBytes: bodyBytes, genesisHash: genesisHash) }
}
