import JsonLogic
import LedgerCore

/// A record's status from its attestations, decided by the `dataset.status` policy.
public enum SubjectStatus {
    /// Longest status string a policy may return (the record stores at most 64 bytes).
    public static let maxLength = 64

    /// How the subject appears in policy data (`attestation.admit`'s `subject`).
    static func subjectData(_ r: ContributionRecord) -> JSONValue {
        [
            "id": .string(r.id.hex),
            "kind": .string(r.registration.kind.name),
            "registrant": .string(r.registrant.bech32),
            "contributor_addresses": .array(r.contributorAddresses.map { .string($0.bech32) }),
            "retracted": .bool(r.retraction != nil),
            "status": .string(r.status),
        ]
    }

    /// The data `dataset.status` receives (Docs/POLICIES.md, "dataset.status").
    public static func statusData(_ r: ContributionRecord, tally t: AttestationTally) -> JSONValue {
        func n(_ v: UInt64) -> JSONValue { .number(Double(v)) }
        return [
            "id": .string(r.id.hex),
            "kind": .string(r.registration.kind.name),
            "status": .string(r.status),
            "retracted": .bool(r.retraction != nil),
            "reviews": n(t.reviews),
            "accepting_reviews": n(t.acceptingReviews),
            "rejecting_reviews": n(t.rejectingReviews),
            "successful_reproductions": n(t.successfulReproductions),
            "failed_reproductions": n(t.failedReproductions),
            "endorsements": n(t.endorsements),
            "quality_ratings": n(t.qualityRatings),
            "attestations": n(t.active),
        ]
    }

    /// Re-evaluates `dataset.status` for `record` and stores the result if it changed, emitting
    /// `record.status_changed`. Also for other contracts (e.g. after a retraction).
    public static func refresh(_ record: ContributionRecord, ctx: inout ExecutionContext) throws {
        try refresh(record, tally: try AttestationStore.tally(record.id, ctx: &ctx), ctx: &ctx)
    }

    static func refresh(_ record: ContributionRecord, tally: AttestationTally, ctx: inout ExecutionContext) throws {
        let result = try Policies.evaluate(.datasetStatus, data: statusData(record, tally: tally), ctx: &ctx)
        guard let status = result.stringValue, !status.isEmpty, status.utf8.count <= maxLength else {
            throw RuleError.rejected(code: "POLICY_ERROR",
                                     message: "the dataset.status policy must return a non-empty string of at most \(maxLength) bytes; it returned \(result)")
        }
        // Bytes, not Strings: Unicode-equivalent statuses must not count as equal.
        guard !status.utf8.elementsEqual(record.status.utf8) else { return }
        var updated = record
        updated.status = status
        try ContributionStore.save(updated, ctx: &ctx)
        try ctx.emit(Event(kind: "record.status_changed", attributes: [("id", record.id.hex), ("from", record.status), ("to", status)]))
    }
}
