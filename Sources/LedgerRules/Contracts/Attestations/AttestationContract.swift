import JsonLogic
import LedgerCore

/// Attestations: reviews, reproductions, endorsements and data-quality ratings of registered records
/// (Docs/RECORDS.md (Attestations)). Admission comes from the `attestation.admit` policy; the subject's status
/// is recomputed by the `dataset.status` policy after every attest and revoke.
///
/// Validate, then apply: every check (and the policy) runs before the first write.
public enum AttestationContract {
    /// Flat compute charge of each action, on top of metered reads, writes and policy evaluation.
    public static let computeGas: UInt64 = 1_000

    public static func attest(_ a: Attest, ctx: inout ExecutionContext) throws {
        try ctx.charge(computeGas)
        try AttestationValidation.check(a)
        let subject = try ContributionStore.require(a.subject, ctx: &ctx)
        if subject.retraction != nil {
            throw RuleError.rejected(code: "RECORD_RETRACTED", message: "record \(a.subject) is retracted and can no longer be attested")
        }
        let attester = ctx.sender
        let activeKey = AttestationKeys.active(a.subject, attester, a.kind)
        if let existing = try ctx.read(activeKey) {
            let id = (try? Hash(bytes: existing))?.hex ?? Hex.encode(existing)
            throw RuleError.rejected(code: "DUPLICATE_ATTESTATION",
                                     message: "\(attester) already has an active \(a.kind.name) of \(a.subject) (\(id)); revoke it first")
        }
        let admitted = try Policies.allows(.attestationAdmit, data: admitData(a, attester: attester, subject: subject, ctx: ctx), ctx: &ctx)
        guard admitted else {
            throw RuleError.rejected(code: "POLICY_DENIED",
                                     message: "the attestation.admit policy refuses this \(a.kind.name) of \(a.subject) by \(attester)")
        }

        let id = ctx.derivedID(kind: "attestation")
        let independent = !subject.contributorAddresses.contains(attester)
        let record = AttestationRecord(id: id, attester: attester, height: ctx.block.height, timeMillis: ctx.block.timeMillis,
                                       attestation: a, independent: independent)
        var tally = try AttestationStore.tally(a.subject, ctx: &ctx)
        tally.count(a, independent: independent, adding: true)
        try ctx.write(AttestationKeys.record(id), record.canonicalBytes)
        try ctx.write(AttestationKeys.bySubject(a.subject, id), [])
        try ctx.write(AttestationKeys.byAttester(attester, id), [])
        try ctx.write(activeKey, id.bytes)
        try ctx.write(AttestationKeys.tally(a.subject), tally.canonicalBytes)
        if independent { try ReputationSource.independentAttestation(attester, standing: true, ctx: &ctx) }
        try ctx.emit(Event(kind: "attestation.created", attributes: [
            ("id", id.hex), ("subject", a.subject.hex), ("attester", attester.bech32), ("kind", a.kind.name),
            ("verdict", a.kind.verdictName(a.verdict)),
        ]))
        try SubjectStatus.refresh(subject, tally: tally, ctx: &ctx)
    }

    public static func revoke(_ a: RevokeAttestation, ctx: inout ExecutionContext) throws {
        try ctx.charge(computeGas)
        guard var record = try AttestationStore.record(a.attestation, ctx: &ctx) else {
            throw RuleError.rejected(code: "UNKNOWN_ATTESTATION", message: "no attestation \(a.attestation)")
        }
        guard record.attester == ctx.sender else {
            throw RuleError.rejected(code: "NOT_ATTESTER", message: "only the attester \(record.attester) may revoke attestation \(a.attestation)")
        }
        if let h = record.revokedHeight {
            throw RuleError.rejected(code: "ALREADY_REVOKED", message: "attestation \(a.attestation) was revoked at height \(h)")
        }
        let subject = try ContributionStore.require(record.subject, ctx: &ctx)
        var tally = try AttestationStore.tally(record.subject, ctx: &ctx)
        tally.count(record.attestation, independent: record.independent, adding: false)
        record.revokedHeight = ctx.block.height
        try ctx.write(AttestationKeys.record(record.id), record.canonicalBytes)
        try ctx.delete(AttestationKeys.active(record.subject, record.attester, record.attestation.kind))
        try ctx.write(AttestationKeys.tally(record.subject), tally.canonicalBytes)
        if record.independent { try ReputationSource.independentAttestation(record.attester, standing: false, ctx: &ctx) }
        try ctx.emit(Event(kind: "attestation.revoked", attributes: [
            ("id", record.id.hex), ("subject", record.subject.hex), ("attester", record.attester.bech32), ("kind", record.attestation.kind.name),
        ]))
        try SubjectStatus.refresh(subject, tally: tally, ctx: &ctx)
    }

    /// The data `attestation.admit` receives (Docs/POLICIES.md, "attestation.admit").
    static func admitData(_ a: Attest, attester: Address, subject: ContributionRecord, ctx: ExecutionContext) -> JSONValue {
        [
            "attester": .string(attester.bech32),
            "height": .number(Double(ctx.block.height)),
            "attestation": [
                "kind": .string(a.kind.name),
                "verdict": .number(Double(a.verdict)),
                "verdict_name": .string(a.kind.verdictName(a.verdict)),
                "scores": .array(a.scores.map { .number(Double($0)) }),
                "has_report": .bool(a.reportDigest != nil),
                "has_output": .bool(a.outputDigest != nil),
                "has_environment": .bool(a.environmentDigest != nil),
            ],
            "subject": SubjectStatus.subjectData(subject),
        ]
    }
}
