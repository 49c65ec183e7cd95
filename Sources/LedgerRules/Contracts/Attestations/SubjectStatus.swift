import JsonLogic
import LedgerCore

/// A record's status from its attestations, decided by the `dataset.status` policy.
public enum SubjectStatus {
    /// Longest status string a policy may return (every `RecordStatus` name is shorter).
    public static let maxLength = 64

    /// How the subject appears in policy data (`attestation.admit`'s `subject`).
    static func subjectData(_ r: ContributionRecord) -> JSONValue {
        [
            "id": .string(r.id.hex),
            "kind": .string(r.registration.kind.name),
            "registrant": .string(r.registrant.bech32),
            "contributor_addresses": .array(r.contributorAddresses.map { .string($0.bech32) }),
            "retracted": .bool(r.retraction != nil),
            "status": .string(r.status.name),
        ]
    }

    /// The data `dataset.status` receives (Docs/POLICIES.md, "dataset.status").
    public static func statusData(_ r: ContributionRecord, tally t: AttestationTally) -> JSONValue {
        func n(_ v: UInt64) -> JSONValue { .number(Double(v)) }
        return [
            "id": .string(r.id.hex),
            "kind": .string(r.registration.kind.name),
            "status": .string(r.status.name),
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
        // One of the `RecordStatus` names, compared as bytes; anything else is a policy error
        // (the message names the JSON type, never the policy-chosen value).
        guard let name = result.stringValue, let status = RecordStatus(name: name) else {
            throw RuleError.rejected(code: "POLICY_ERROR",
                                     message: "the dataset.status policy must return one of " + RecordStatus.allCases.map(\.name).joined(separator: ", ")
                                         + "; it returned " + (result.stringValue == nil ? "a value that is not a string" : "another string"))
        }
        guard status != record.status else { return }
        var updated = record
        updated.status = status
        try ContributionStore.save(updated, ctx: &ctx)
        try ctx.emit(Event(kind: "record.status_changed", attributes: [("id", record.id.hex), ("from", record.status.name), ("to", status.name)]))
    }
}
