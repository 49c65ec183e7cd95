import LedgerCore

/// Contributions, datasets and provenance (issue 3, in progress).
public enum ContributionContract {
    static func notYet() -> RuleError { .rejected(code: "NOT_ENABLED", message: "this action is not enabled on this chain yet") }
    public static func register(_ a: RegisterContribution, ctx: inout ExecutionContext) throws { throw notYet() }
    public static func confirm(_ a: ConfirmContribution, ctx: inout ExecutionContext) throws { throw notYet() }
    public static func retract(_ a: RetractContribution, ctx: inout ExecutionContext) throws { throw notYet() }
}
