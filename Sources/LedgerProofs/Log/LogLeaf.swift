import LedgerCore
import LedgerCrypto

/// One entry of the record log (Docs/PROOFS.md, "Record log"). The entry bytes are the RFC 9162
/// leaf data, so the leaf hash is SHA-256(0x00 || entry). An entry is at most 65535 bytes, the
/// largest a tlog-tiles entry bundle can frame.
///
/// Layout: `u8 version (1) | u8 kind | u64 height | u32 position | u16 action index | payload`.
/// - kind 1, a record action of a transaction, payload `data(tx wire)`: the whole signed
///   transaction (body and signature), so an offline verifier checks the sender's signature and
///   reads the action (`actions[action index]`) from the entry alone. `position` is the
///   transaction's index in the block.
/// - kind 2, a governance execution of end-block, payload the canonical `Event`; `position` is the
///   event's index among the block's end-block events and the action index is 0.
/// - kind 3, like kind 1 for a transaction too large to frame (> 65515 bytes): payload
///   `tx id(32) | sender key(32) | signature(64) | u16 action tag | SHA-256(action bytes)(32)`; the
///   verifier fetches the transaction by id (`GET /tx`) to check the signature.
/// - kind 4, like kind 2 for an event too large to frame: payload `SHA-256(event bytes)(32)`.
public struct LogLeaf: Equatable, Sendable {
    public static let version: UInt8 = 1
    public static let maxEntryBytes = 65535
    static let headerBytes = 1 + 1 + 8 + 4 + 2

    public enum Payload: Equatable, Sendable {
        case transaction(wire: [UInt8])
        case execution(Event)
        case transactionDigest(id: Hash, sender: PublicKey, signature: Signature, actionTag: UInt16, actionHash: Hash)
        case executionDigest(Hash)

        var kind: UInt8 {
            switch self {
            case .transaction: 1
            case .execution: 2
            case .transactionDigest: 3
            case .executionDigest: 4
            }
        }
    }

    public var height: UInt64
    public var position: UInt32
    public var actionIndex: UInt16
    public var payload: Payload

    public init(height: UInt64, position: UInt32, actionIndex: UInt16, payload: Payload) {
        self.height = height
        self.position = position
        self.actionIndex = actionIndex
        self.payload = payload
    }

    /// The leaf for action `actionIndex` of `tx`, in the framed form when it fits.
    public static func action(_ tx: Transaction, height: UInt64, txIndex: UInt32, actionIndex: UInt16) -> LogLeaf {
        if headerBytes + 4 + tx.wire.count <= maxEntryBytes {
            return LogLeaf(height: height, position: txIndex, actionIndex: actionIndex, payload: .transaction(wire: tx.wire))
        }
        let action = tx.body.actions[Int(actionIndex)]
        return LogLeaf(height: height, position: txIndex, actionIndex: actionIndex,
                       payload: .transactionDigest(id: tx.id, sender: tx.body.sender, signature: tx.signature,
                                                   actionTag: action.tag.rawValue, actionHash: SHA256.hash(action.canonicalBytes)))
    }

    /// The leaf for end-block event `eventIndex`, in the framed form when it fits.
    public static func execution(_ event: Event, height: UInt64, eventIndex: UInt32) -> LogLeaf {
        let bytes = event.canonicalBytes
        let payload: Payload = headerBytes + bytes.count <= maxEntryBytes ? .execution(event) : .executionDigest(SHA256.hash(bytes))
        return LogLeaf(height: height, position: eventIndex, actionIndex: 0, payload: payload)
    }

    /// Whether an action is a record the log keeps: registrations, confirmations, retractions,
    /// attestations, revocations, proposals and votes. Transfers, delegations and deposits move
    /// tokens or weights, not records, and are left out.
    public static func isRecord(_ action: Action) -> Bool {
        switch action.tag {
        case .registerContribution, .confirmContribution, .retractContribution, .attest, .revokeAttestation, .propose, .vote: true
        case .transfer, .delegate, .deposit: false
        }
    }

    /// End-block events that record a governance execution (a proposal carried out or failing, and
    /// the changes it made). Tallies are not executions and are left out.
    public static let executionEventKinds: Set<String> = [
        "proposal_executed", "proposal_execution_failed", "parameter_changed", "policy_changed", "member_added", "member_removed",
    ]

    public var entry: [UInt8] {
        var w = CanonicalWriter()
        w.u8(Self.version)
        w.u8(payload.kind)
        w.u64(height)
        w.u32(position)
        w.u16(actionIndex)
        switch payload {
        case let .transaction(wire): w.data(wire)
        case let .execution(event): w.value(event)
        case let .transactionDigest(id, sender, signature, tag, hash):
            w.fixed(id)
            w.fixed(sender)
            w.fixed(signature)
            w.u16(tag)
            w.fixed(hash)
        case let .executionDigest(hash): w.fixed(hash)
        }
        return w.bytes
    }

    /// Decodes an entry strictly: known version and kind, no trailing bytes, a decodable transaction
    /// whose action index exists.
    public init(entry: [UInt8]) throws {
        guard entry.count <= Self.maxEntryBytes else { throw CodecError.lengthTooLarge(field: "log entry", length: entry.count, limit: Self.maxEntryBytes) }
        var r = CanonicalReader(entry)
        let v = try r.u8()
        guard v == Self.version else { throw CodecError.unknownTag(type: "log entry version", tag: UInt64(v)) }
        let kind = try r.u8()
        height = try r.u64()
        position = try r.u32()
        actionIndex = try r.u16()
        switch kind {
        case 1:
            let wire = try r.data(field: "transaction", limit: Self.maxEntryBytes)
            let tx = try Transaction.decode(wire)
            guard Int(actionIndex) < tx.body.actions.count else {
                throw CodecError.invalidValue(field: "action index", reason: "the transaction has \(tx.body.actions.count) actions")
            }
            payload = .transaction(wire: wire)
        case 2:
            payload = .execution(try r.value(Event.self))
            guard actionIndex == 0 else { throw CodecError.invalidValue(field: "action index", reason: "must be 0 for an execution") }
        case 3:
            payload = .transactionDigest(id: try r.fixed(Hash.self), sender: try r.fixed(PublicKey.self), signature: try r.fixed(Signature.self),
                                         actionTag: try r.u16(), actionHash: try r.fixed(Hash.self))
        case 4:
            payload = .executionDigest(try r.fixed(Hash.self))
            guard actionIndex == 0 else { throw CodecError.invalidValue(field: "action index", reason: "must be 0 for an execution") }
        default:
            throw CodecError.unknownTag(type: "log entry kind", tag: UInt64(kind))
        }
        try r.finish()
    }

    /// For a kind-1 entry: the decoded transaction and whether its signature holds (checked from the
    /// entry alone, for the network whose genesis hash is given: signatures are bound to it). nil
    /// for other kinds.
    public func signedTransaction(genesisHash: Hash) throws -> (transaction: Transaction, action: Action, signatureValid: Bool)? {
        guard case let .transaction(wire) = payload else { return nil }
        let tx = try Transaction.decode(wire)
        // The entry comes from an untrusted source: its action index must name one of the actions.
        guard Int(actionIndex) < tx.body.actions.count else {
            throw CodecError.invalidValue(field: "action index", reason: "\(actionIndex) but the transaction has \(tx.body.actions.count) action(s)")
        }
        return (tx, tx.body.actions[Int(actionIndex)], tx.hasValidSignature(genesisHash: genesisHash))
    }
}
