import LedgerCore

/// DAO governance and the treasury (issue 3, in progress).
public enum GovernanceContract {
    public static func propose(_ a: Propose, ctx: inout ExecutionContext) throws { throw ContributionContract.notYet() }
    public static func vote(_ a: CastVote, ctx: inout ExecutionContext) throws { throw ContributionContract.notYet() }
    public static func delegate(_ a: Delegate, ctx: inout ExecutionContext) throws { throw ContributionContract.notYet() }
    public static func deposit(_ a: AddDeposit, ctx: inout ExecutionContext) throws { throw ContributionContract.notYet() }
    static func endBlock(ctx: inout ExecutionContext) throws {}
}
