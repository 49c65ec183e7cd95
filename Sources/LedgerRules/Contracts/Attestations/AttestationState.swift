import LedgerCore

/// An attestation as stored: the action, who made it and when, whether it counts toward the subject's
/// status (the attester was not a contributor of the subject), and its revocation.
public struct AttestationRecord: Hashable, Sendable, CanonicalCodable {
    public var id: Hash
    public var attester: Address
    public var height: UInt64
    public var timeMillis: UInt64
    public var attestation: Attest
    /// True when the attester is not a listed contributor of the subject: only such attestations are
    /// counted in the data handed to `dataset.status`. Fixed at creation, so a revocation undoes
    /// exactly what the creation added.
    public var independent: Bool
    /// Height of the revocation, nil while active.
    public var revokedHeight: UInt64?

    public init(id: Hash, attester: Address, height: UInt64, timeMillis: UInt64, attestation: Attest, independent: Bool,
                revokedHeight: UInt64? = nil) {
        self.id = id
        self.attester = attester
        self.height = height
        self.timeMillis = timeMillis
        self.attestation = attestation
        self.independent = independent
        self.revokedHeight = revokedHeight
    }

    public var revoked: Bool { revokedHeight != nil }
    public var subject: Hash { attestation.subject }

    public func encode(to w: inout CanonicalWriter) {
        w.fixed(id)
        w.address(attester)
        w.u64(height)
        w.u64(timeMillis)
        w.value(attestation)
        w.bool(independent)
        w.optionalU64(revokedHeight)
    }

    public init(from r: inout CanonicalReader) throws {
        id = try r.fixed(Hash.self)
        attester = try r.address()
        height = try r.u64()
        timeMillis = try r.u64()
        attestation = try r.value(Attest.self)
        independent = try r.bool()
        revokedHeight = try r.optionalU64()
    }
}

/// Counts of a subject's active attestations, kept up to date by attest and revoke so that neither the
/// status decision nor the summary query scans the subject's attestations.
///
/// Every count except `active` and `revoked` covers only independent attestations (attester not a
/// contributor of the subject). Because an attester has at most one active attestation of each kind
/// per subject (`DUPLICATE_ATTESTATION`), each count is also a count of distinct attesters.
public struct AttestationTally: Hashable, Sendable, CanonicalCodable {
    /// Active reviews (any verdict).
    public var reviews: UInt64 = 0
    /// Active reviews with verdict accept or minor revisions.
    public var acceptingReviews: UInt64 = 0
    /// Active reviews with verdict reject.
    public var rejectingReviews: UInt64 = 0
    public var successfulReproductions: UInt64 = 0
    public var failedReproductions: UInt64 = 0
    public var endorsements: UInt64 = 0
    public var qualityRatings: UInt64 = 0
    /// All active attestations, contributors' included.
    public var active: UInt64 = 0
    /// All revoked attestations.
    public var revoked: UInt64 = 0

    public init() {}

    /// Adds (`+1`) or removes (`-1`) one attestation's contribution to the independent counts.
    mutating func count(_ a: Attest, independent: Bool, adding: Bool) {
        func bump(_ v: inout UInt64) { v = adding ? v + 1 : (v > 0 ? v - 1 : 0) }
        bump(&active)
        if !adding { revoked += 1 }
        guard independent else { return }
        switch a.kind {
        case .review:
            bump(&reviews)
            if a.verdict == Attest.Verdict.accept || a.verdict == Attest.Verdict.minor { bump(&acceptingReviews) }
            if a.verdict == Attest.Verdict.reject { bump(&rejectingReviews) }
        case .reproduction:
            if a.verdict == Attest.Verdict.success { bump(&successfulReproductions) } else { bump(&failedReproductions) }
        case .endorsement: bump(&endorsements)
        case .dataQuality: bump(&qualityRatings)
        }
    }

    public func encode(to w: inout CanonicalWriter) {
        for v in [reviews, acceptingReviews, rejectingReviews, successfulReproductions, failedReproductions, endorsements, qualityRatings,
                  active, revoked] { w.u64(v) }
    }

    public init(from r: inout CanonicalReader) throws {
        reviews = try r.u64()
        acceptingReviews = try r.u64()
        rejectingReviews = try r.u64()
        successfulReproductions = try r.u64()
        failedReproductions = try r.u64()
        endorsements = try r.u64()
        qualityRatings = try r.u64()
        active = try r.u64()
        revoked = try r.u64()
    }
}

/// State keys of the attestations contract (prefix 0x03). Ids are 32 bytes, addresses 20.
public enum AttestationKeys {
    static let prefix = StateKey.Contract.attestations.rawValue
    /// `03 01 | id` → `AttestationRecord`.
    public static func record(_ id: Hash) -> [UInt8] { [prefix, 0x01] + id.bytes }
    /// `03 02 | subject | id` → empty: attestations of a subject (revoked ones included).
    public static func bySubject(_ subject: Hash, _ id: Hash) -> [UInt8] { [prefix, 0x02] + subject.bytes + id.bytes }
    public static func bySubjectPrefix(_ subject: Hash) -> [UInt8] { [prefix, 0x02] + subject.bytes }
    /// `03 03 | attester | id` → empty: attestations made by an address (revoked ones included).
    public static func byAttester(_ attester: Address, _ id: Hash) -> [UInt8] { [prefix, 0x03] + attester.bytes + id.bytes }
    public static func byAttesterPrefix(_ attester: Address) -> [UInt8] { [prefix, 0x03] + attester.bytes }
    /// `03 04 | subject | attester | kind (u8)` → id: the attester's active attestation of that kind.
    public static func active(_ subject: Hash, _ attester: Address, _ kind: Attest.Kind) -> [UInt8] {
        [prefix, 0x04] + subject.bytes + attester.bytes + [kind.rawValue]
    }
    /// `03 05 | subject` → `AttestationTally`.
    public static func tally(_ subject: Hash) -> [UInt8] { [prefix, 0x05] + subject.bytes }
}

/// Reading attestation state, metered (in contracts) or not (in queries).
public enum AttestationStore {
    public static func record(_ id: Hash, in state: any StateReader) throws -> AttestationRecord? {
        try state.read(AttestationKeys.record(id)).map { try AttestationRecord(canonical: $0) }
    }

    public static func tally(_ subject: Hash, in state: any StateReader) throws -> AttestationTally {
        try state.read(AttestationKeys.tally(subject)).map { try AttestationTally(canonical: $0) } ?? AttestationTally()
    }

    static func record(_ id: Hash, ctx: inout ExecutionContext) throws -> AttestationRecord? {
        try ctx.read(AttestationKeys.record(id)).map { try AttestationRecord(canonical: $0) }
    }

    static func tally(_ subject: Hash, ctx: inout ExecutionContext) throws -> AttestationTally {
        try ctx.read(AttestationKeys.tally(subject)).map { try AttestationTally(canonical: $0) } ?? AttestationTally()
    }
}

extension Attest.Kind {
    /// The verdicts this kind accepts.
    public var verdicts: ClosedRange<UInt8> {
        switch self {
        case .review: 1...4
        case .reproduction: 1...2
        case .endorsement: 0...0
        case .dataQuality: 1...4
        }
    }
}
