import LedgerCore

/// The reputation score used by the `reputation_weighted` strategy (Docs/GOVERNANCE.md):
///
///     score = (records listing the member as a contributor whose roles the member confirmed)
///           + 2 × (attestations by the member, index `03 03 | attester`)
///
/// Read from the contribution and attestation indexes; both contracts are developed separately, so
/// every read of their state goes through this file. The score is computed when a proposal is
/// created (a snapshot) and is not transferable.
enum ReputationSource {
    static let attestationsByAttesterKind: UInt8 = 0x03

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

    /// Attestations the member made: entries under `03 03 | attester`.
    static func attestations(by member: Address, ctx: inout ExecutionContext) throws -> UInt64 {
        var count: UInt64 = 0
        try ctx.scan(prefix: [StateKey.Contract.attestations.rawValue, attestationsByAttesterKind] + member.bytes) { _, _ in
            count += 1
            return true
        }
        return count
    }
}
