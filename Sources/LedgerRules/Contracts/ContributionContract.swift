import LedgerCore

/// Contributions, datasets and provenance (Docs/RECORDS.md): registration with validated metadata
/// and lineage (+Register, +Lineage, +Licence), co-signed authorship (confirm/decline) and retraction.
public enum ContributionContract {
    /// Event kinds (stable names; Docs/RECORDS.md).
    public enum EventKind {
        public static let registered = "contribution.registered"
        public static let confirmed = "contribution.confirmed"
        public static let declined = "contribution.declined"
        public static let retracted = "contribution.retracted"
        public static let licenceConflict = "licence_conflict"
    }

    /// Placeholder refusal the other contracts use until they are enabled.
    static func notYet() -> RuleError { .rejected(code: "NOT_ENABLED", message: "this action is not enabled on this chain yet") }

    static func reject(_ code: String, _ message: String) -> RuleError { .rejected(code: code, message: message) }

    // MARK: contribution.confirm

    /// A listed contributor answers for every entry that lists their address: confirmed or declined.
    /// Changing one's answer later is allowed.
    public static func confirm(_ a: ConfirmContribution, ctx: inout ExecutionContext) throws {
        var record = try ContributionStore.require(a.contribution, ctx: &ctx)
        if record.retraction != nil {
            throw reject("ALREADY_RETRACTED", "contribution \(a.contribution) was retracted; it can no longer be confirmed or declined")
        }
        let wasConfirmed = record.registration.contributors.indices.contains { i in
            record.registration.contributors[i].address == ctx.sender && i < record.confirmations.count && record.confirmations[i] == .confirmed
        }
        var matched = 0
        for i in record.registration.contributors.indices where record.registration.contributors[i].address == ctx.sender {
            record.confirmations[i] = a.accept ? .confirmed : .declined
            matched += 1
        }
        guard matched > 0 else {
            throw reject("NOT_A_CONTRIBUTOR", "\(ctx.sender.bech32) is not listed with an address among the contributors of \(a.contribution)")
        }
        try ContributionStore.save(record, ctx: &ctx)
        if ReputationSource.counts(record, for: ctx.sender) {
            try ReputationSource.contributionConfirmation(ctx.sender, wasConfirmed: wasConfirmed, isConfirmed: a.accept, ctx: &ctx)
        }
        try ctx.emit(Event(kind: a.accept ? EventKind.confirmed : EventKind.declined,
                       attributes: [("id", a.contribution.hex), ("contributor", ctx.sender.bech32), ("entries", String(matched))]))
    }

    // MARK: contribution.retract

    /// The registrant withdraws a record with a reason.
    public static func retract(_ a: RetractContribution, ctx: inout ExecutionContext) throws {
        let record = try ContributionStore.require(a.contribution, ctx: &ctx)
        guard record.registrant == ctx.sender else {
            throw reject("NOT_REGISTRANT", "only the registrant \(record.registrant.bech32) may retract \(a.contribution)")
        }
        try applyRetraction(record, reason: a.reason, by: ctx.sender, ctx: &ctx)
    }

    /// Retraction decided by governance (an executed proposal): no registrant check; `by` is recorded as nil.
    public static func retractByGovernance(id: Hash, reason: String, ctx: inout ExecutionContext) throws {
        let record = try ContributionStore.require(id, ctx: &ctx)
        try applyRetraction(record, reason: reason, by: nil, ctx: &ctx)
    }

    static func applyRetraction(_ record: ContributionRecord, reason: String, by: Address?, ctx: inout ExecutionContext) throws {
        var record = record
        if let r = record.retraction {
            throw reject("ALREADY_RETRACTED", "contribution \(record.id) was already retracted at height \(r.height)")
        }
        guard !isBlank(reason) else { throw reject("EMPTY_REASON", "a retraction needs a reason") }
        record.retraction = .init(reason: reason, height: ctx.block.height, by: by)
        record.status = .retracted
        try ContributionStore.save(record, ctx: &ctx)
        // A retracted record no longer counts for anyone's reputation.
        for member in ReputationSource.countedMembers(record) {
            try ReputationSource.contributionConfirmation(member, wasConfirmed: true, isConfirmed: false, ctx: &ctx)
        }
        try ctx.emit(Event(kind: EventKind.retracted, attributes: [("id", record.id.hex), ("registrant", record.registrant.bech32),
                                                                ("by", by?.bech32 ?? "governance"), ("reason", reason)]))
    }

    /// True when the text has no character other than ASCII spaces, tabs and line breaks.
    static func isBlank(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }
}
