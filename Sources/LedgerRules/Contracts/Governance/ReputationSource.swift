import LedgerCore

/// A member's reputation counters (Docs/GOVERNANCE.md), stored at `04 0c | address` as
/// u64 confirmed ‖ u64 attestations; absent means both are zero.
public struct ReputationCounters: Hashable, Sendable, CanonicalCodable {
    /// Records registered by someone else, not retracted, whose entries for the member it confirmed.
    public var confirmedContributions: UInt64 = 0
    /// The member's standing attestations: not revoked, and independent.
    public var standingAttestations: UInt64 = 0

    public init(confirmedContributions: UInt64 = 0, standingAttestations: UInt64 = 0) {
        self.confirmedContributions = confirmedContributions
        self.standingAttestations = standingAttestations
    }

    /// score = C + 2 × A, saturating (counts are bounded by the number of records, far below 2^62).
    public var score: UInt64 {
        let (twice, o1) = standingAttestations.multipliedReportingOverflow(by: 2)
        let (sum, o2) = confirmedContributions.addingReportingOverflow(twice)
        return o1 || o2 ? .max : sum
    }

    public func encode(to w: inout CanonicalWriter) {
        w.u64(confirmedContributions)
        w.u64(standingAttestations)
    }

    public init(from r: inout CanonicalReader) throws {
        confirmedContributions = try r.u64()
        standingAttestations = try r.u64()
    }
}

/// The reputation score used by the `reputation_weighted` strategy (Docs/GOVERNANCE.md):
///
///     score = C + 2 × A
///     C = records listing the member as a contributor whose entries the member confirmed
///     A = the member's attestations that stand: not revoked, and independent (made about work the
///         member did not contribute to)
///
/// Both counts are kept up to date by the contracts that change them (confirm/decline, retract,
/// attest, revoke), each with one bounded read and write, so `gov.propose` reads one counter per
/// member. Only the member's own confirmation counts: listing someone as a contributor without
/// their consent changes neither their score nor the cost of a proposal. The score is snapshotted
/// when a proposal is created and is not transferable.
public enum ReputationSource {
    public static func counters(_ member: Address, in state: any StateReader) throws -> ReputationCounters {
        try state.read(GovernanceKeys.reputation(member)).map { try ReputationCounters(canonical: $0) } ?? ReputationCounters()
    }

    static func counters(_ member: Address, ctx: inout ExecutionContext) throws -> ReputationCounters {
        try ctx.read(GovernanceKeys.reputation(member)).map { try ReputationCounters(canonical: $0) } ?? ReputationCounters()
    }

    static func score(_ member: Address, ctx: inout ExecutionContext) throws -> UInt64 {
        try counters(member, ctx: &ctx).score
    }

    /// Whether `record` can count toward `member`'s C: the member is listed and is not the
    /// registrant. A registrant's own entries never count for it, so listing oneself on one's own
    /// records earns nothing; another party (the registrant) must list the member and the member
    /// must confirm. Fixed for the record's life (the registrant never changes), so the counter
    /// goes up and down for the same records.
    static func counts(_ record: ContributionRecord, for member: Address) -> Bool {
        member != record.registrant
    }

    /// The distinct addresses whose confirmed entries on `record` are counted (in first-listed order):
    /// what a retraction takes back.
    static func countedMembers(_ record: ContributionRecord) -> [Address] {
        var out: [Address] = []
        for (i, c) in record.registration.contributors.enumerated() {
            guard let a = c.address, counts(record, for: a), i < record.confirmations.count,
                  record.confirmations[i] == .confirmed, !out.contains(a) else { continue }
            out.append(a)
        }
        return out
    }

    /// The member's confirmation of one record went from `wasConfirmed` to `isConfirmed`.
    static func contributionConfirmation(_ member: Address, wasConfirmed: Bool, isConfirmed: Bool, ctx: inout ExecutionContext) throws {
        guard wasConfirmed != isConfirmed else { return }
        try adjust(member, ctx: &ctx) { $0.confirmedContributions = step($0.confirmedContributions, up: isConfirmed) }
    }

    /// An independent attestation by `member` was made (`standing` true) or revoked (false).
    static func independentAttestation(_ member: Address, standing: Bool, ctx: inout ExecutionContext) throws {
        try adjust(member, ctx: &ctx) { $0.standingAttestations = step($0.standingAttestations, up: standing) }
    }

    private static func adjust(_ member: Address, ctx: inout ExecutionContext, _ change: (inout ReputationCounters) -> Void) throws {
        var c = try counters(member, ctx: &ctx)
        change(&c)
        let key = GovernanceKeys.reputation(member)
        // Zero counters are not stored, so the state has one encoding of "no reputation".
        if c == ReputationCounters() { try ctx.delete(key) } else { try ctx.write(key, c.canonicalBytes) }
    }

    /// +1 or −1. The counters only go down for something they counted, so 0 − 1 cannot happen; the
    /// clamp keeps a member able to decline or revoke even if it ever did.
    private static func step(_ v: UInt64, up: Bool) -> UInt64 {
        up ? v &+ 1 : (v == 0 ? 0 : v - 1)
    }
}
