import LedgerCore

/// The reputation score used by the `reputation_weighted` strategy (Docs/GOVERNANCE.md):
///
///     score = (records listing the member as a contributor whose roles the member confirmed)
///           + 2 × (the member's attestations that stand: not revoked, and independent — made
///                  about work the member did not contribute to)
///
/// Read from the contribution and attestation indexes; both contracts are developed separately, so
/// every read of their state goes through this file. The score is computed when a proposal is
/// created (a snapshot) and is not transferable.
enum ReputationSource {
    static func score(_ member: Address, ctx: inout ExecutionContext) throws -> UInt64 {
        try confirmedContributions(member, ctx: &ctx) + 2 * (try attestations(by: member, ctx: &ctx))
    }

    static func confirmedContributions(_ member: Address, ctx: inout ExecutionContext) throws -> UInt64 {
        let prefix = ContributionKeys.byContributorPrefix(member)
        var ids: [Hash] = []
        try ctx.scan(prefix: prefix) { k, _ in
            if k.count == prefix.count + Hash.byteCount, let id = try? Hash(bytes: Array(k.suffix(Hash.byteCount))) { ids.append(id) }
            return true
        }
        var count: UInt64 = 0
        for id in ids {
            guard let record = try ContributionStore.record(id, ctx: &ctx) else { continue }
            let confirmed = record.registration.contributors.indices.contains { i in
                record.registration.contributors[i].address == member && i < record.confirmations.count && record.confirmations[i] == .confirmed
            }
            if confirmed { count += 1 }
        }
        return count
    }

    /// The member's standing attestations: listed under `03 03 | attester`, not revoked, independent.
    static func attestations(by member: Address, ctx: inout ExecutionContext) throws -> UInt64 {
        let prefix = AttestationKeys.byAttesterPrefix(member)
        var ids: [Hash] = []
        try ctx.scan(prefix: prefix) { k, _ in
            if k.count == prefix.count + Hash.byteCount, let id = try? Hash(bytes: Array(k.suffix(Hash.byteCount))) { ids.append(id) }
            return true
        }
        var count: UInt64 = 0
        for id in ids {
            guard let raw = try ctx.read(AttestationKeys.record(id)) else { continue }
            let record = try AttestationRecord(canonical: raw)
            if !record.revoked && record.independent { count += 1 }
        }
        return count
    }
}
