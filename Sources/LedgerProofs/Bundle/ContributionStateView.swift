import LedgerCore

/// A contribution record as stored in state under `02 01 | id` (LedgerRules `ContributionRecord`,
/// Docs/PROTOCOL.md), decoded here without the rule engine so that the offline verifier can read
/// what a state proof proves: who registered it, each contributor's answer, and retraction/status.
/// The layout must stay byte-identical to `ContributionRecord.encode`; a LedgerNodeTests test
/// compares the two.
public struct ContributionStateView: Sendable, Equatable {
    public enum Confirmation: UInt8, Sendable {
        case pending = 0, confirmed = 1, declined = 2
    }

    public var id: Hash
    public var registrant: Address
    public var height: UInt64
    public var timeMillis: UInt64
    public var registration: RegisterContribution
    public var confirmations: [Confirmation]
    public var version: UInt32
    public var retractionReason: String?
    public var retractionHeight: UInt64?
    public var licenseConflict: String?
    public var status: RecordStatus

    /// The state key of a contribution record.
    public static func stateKey(_ id: Hash) -> [UInt8] { [0x02, 0x01] + id.bytes }

    public init(canonical b: [UInt8]) throws {
        var r = CanonicalReader(b)
        id = try r.fixed(Hash.self)
        registrant = try r.address()
        height = try r.u64()
        timeMillis = try r.u64()
        registration = try r.value(RegisterContribution.self)
        confirmations = try r.list(field: "confirmations", limit: RecordLimits.contributors) { try $0.enumeration(Confirmation.self, "confirmation") }
        version = try r.u32()
        var reason: String?, at: UInt64?
        _ = try r.optional { r in
            reason = try r.string(field: "reason", limit: RecordLimits.reason)
            at = try r.u64()
            _ = try r.optional { try $0.address() }
        }
        retractionReason = reason
        retractionHeight = at
        licenseConflict = try r.optional { try $0.string(field: "licence conflict", limit: RecordLimits.comment) }
        status = try r.enumeration(RecordStatus.self, "record status")
        try r.finish()
    }
}
