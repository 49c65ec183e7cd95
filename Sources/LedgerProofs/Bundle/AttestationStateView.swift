import LedgerCore

/// An attestation as stored in state under `03 01 | id` (LedgerRules `AttestationRecord`,
/// Docs/PROTOCOL.md, attestations keys), decoded without the rule engine so that the offline
/// verifier can read what a state proof proves: who attested, what, and whether it was revoked.
/// The layout must stay byte-identical to `AttestationRecord.encode`; a LedgerNodeTests test
/// compares the two.
public struct AttestationStateView: Sendable, Equatable {
    public var id: Hash
    public var attester: Address
    public var height: UInt64
    public var timeMillis: UInt64
    public var attestation: Attest
    public var independent: Bool
    /// Height of the revocation; nil while the attestation is active.
    public var revokedHeight: UInt64?

    /// The state key of an attestation record.
    public static func stateKey(_ id: Hash) -> [UInt8] { [0x03, 0x01] + id.bytes }

    public init(canonical b: [UInt8]) throws {
        var r = CanonicalReader(b)
        id = try r.fixed(Hash.self)
        attester = try r.address()
        height = try r.u64()
        timeMillis = try r.u64()
        attestation = try r.value(Attest.self)
        independent = try r.bool()
        revokedHeight = try r.optionalU64()
        try r.finish()
    }
}

/// A subject's attestation counts as stored under `03 05 | subject` (LedgerRules `AttestationTally`):
/// nine `u64`s. The verifier needs only `active` and `revoked`: every attestation ever made of the
/// subject is counted in exactly one of them, so together they say how many attestations a bundle
/// must carry for the subject — a node cannot leave one out. Absent from state = no attestation yet.
public struct AttestationTallyView: Sendable, Equatable {
    /// Independent counts in stored order: reviews, accepting reviews, rejecting reviews, successful
    /// reproductions, failed reproductions, endorsements, quality ratings.
    public var independent: [UInt64]
    public var active: UInt64
    public var revoked: UInt64

    /// The state key of a subject's tally.
    public static func stateKey(_ subject: Hash) -> [UInt8] { [0x03, 0x05] + subject.bytes }

    public static let none = AttestationTallyView(independent: Array(repeating: 0, count: 7), active: 0, revoked: 0)

    init(independent: [UInt64], active: UInt64, revoked: UInt64) {
        self.independent = independent
        self.active = active
        self.revoked = revoked
    }

    public init(canonical b: [UInt8]) throws {
        var r = CanonicalReader(b)
        independent = try (0..<7).map { _ in try r.u64() }
        active = try r.u64()
        revoked = try r.u64()
        try r.finish()
    }
}
