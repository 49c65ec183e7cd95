import LedgerAPI
import LedgerCore
import LedgerRules

/// Attestation queries over committed state. The state keys double as indexes (by subject, by
/// attester), so a page costs in proportion to its size, not to the chain.
extension NodeCore {
    public func attestation(id: Hash) async throws -> AttestationDTO {
        guard let record = try AttestationStore.record(id, in: chain.stateReader) else { throw APIError.notFound("no attestation \(id)") }
        return Self.attestationDTO(record)
    }

    public func attestations(subject: Hash, after: Hash?, limit: Int) async throws -> AttestationListDTO {
        let state = chain.stateReader
        guard let record = try ContributionStore.record(subject, in: state) else { throw APIError.notFound("no registered record \(subject)") }
        let t = try AttestationStore.tally(subject, in: state)
        let (items, next) = try Self.page(prefix: AttestationKeys.bySubjectPrefix(subject), after: after, limit: limit, state: state)
        let summary = AttestationSummaryDTO(reviews: t.reviews, acceptingReviews: t.acceptingReviews, rejectingReviews: t.rejectingReviews,
                                            successfulReproductions: t.successfulReproductions, failedReproductions: t.failedReproductions,
                                            endorsements: t.endorsements, qualityRatings: t.qualityRatings, active: t.active, revoked: t.revoked)
        return AttestationListDTO(subject: subject, status: record.status.name, summary: summary, attestations: items, next: next)
    }

    public func attestations(attester: Address, after: Hash?, limit: Int) async throws -> AttestationListDTO {
        let (items, next) = try Self.page(prefix: AttestationKeys.byAttesterPrefix(attester), after: after, limit: limit, state: chain.stateReader)
        return AttestationListDTO(attester: attester, attestations: items, next: next)
    }

    /// Index entries are `prefix | id`: start just after the cursor, read one more than the limit to know whether a next page exists.
    static func page(prefix: [UInt8], after: Hash?, limit: Int, state: some StateReader) throws -> ([AttestationDTO], Hash?) {
        let limit = max(1, min(limit, AttestationPaging.maxLimit))
        var ids: [Hash] = []
        try state.scan(prefix: prefix, from: after.map { prefix + $0.bytes } ?? prefix) { key, _ in
            let id = Hash(unchecked: Array(key[prefix.count...]))
            if id == after { return true }
            ids.append(id)
            return ids.count <= limit
        }
        let more = ids.count > limit
        if more { ids.removeLast() }
        let items = try ids.map { id -> AttestationDTO in
            guard let r = try AttestationStore.record(id, in: state) else {
                throw APIError(code: .internal, message: "attestation index points at a missing record \(id)")
            }
            return attestationDTO(r)
        }
        return (items, more ? ids.last : nil)
    }

    static func attestationDTO(_ r: AttestationRecord) -> AttestationDTO {
        let a = r.attestation
        return AttestationDTO(id: r.id, subject: a.subject, attester: r.attester, kind: a.kind.name, verdict: a.verdict,
                              verdictName: a.kind.verdictName(a.verdict), scores: a.scores, reportDigest: a.reportDigest.map(Hex.encode),
                              outputDigest: a.outputDigest.map(Hex.encode), environmentDigest: a.environmentDigest.map(Hex.encode),
                              comment: a.comment, height: r.height, timeMillis: r.timeMillis, independent: r.independent, revoked: r.revoked,
                              revokedHeight: r.revokedHeight)
    }
}
