import LedgerCore

/// Routes each action to the contract that owns it, and runs the contracts' block hooks.
/// Each contract owns a state prefix (StateKeys.swift) and documents its keys in Docs/PROTOCOL.md.
public enum Contracts {
    public static func apply(_ action: Action, ctx: inout ExecutionContext) throws {
        switch action {
        case let .transfer(a): try BankContract.transfer(a, ctx: &ctx)
        case let .registerContribution(a): try ContributionContract.register(a, ctx: &ctx)
        case let .confirmContribution(a): try ContributionContract.confirm(a, ctx: &ctx)
        case let .retractContribution(a): try ContributionContract.retract(a, ctx: &ctx)
        case let .attest(a): try AttestationContract.attest(a, ctx: &ctx)
        case let .revokeAttestation(a): try AttestationContract.revoke(a, ctx: &ctx)
        case let .propose(a): try GovernanceContract.propose(a, ctx: &ctx)
        case let .vote(a): try GovernanceContract.vote(a, ctx: &ctx)
        case let .delegate(a): try GovernanceContract.delegate(a, ctx: &ctx)
        case let .deposit(a): try GovernanceContract.deposit(a, ctx: &ctx)
        }
    }

    /// Work due at the end of a block (proposal tallies, timelocked executions), run over the block's
    /// state after its transactions, within `GasSchedule.endBlockBudget`. Returns the events it emitted.
    public static func endBlock(block: BlockContext, state: StateOverlay, proposer: Address) throws -> [Event] {
        let work = StateOverlay(base: state)
        var ctx = ExecutionContext(block: block, sender: proposer, transactionID: .zero, state: work,
                                   gasLimit: GasSchedule.endBlockBudget, gasUsed: 0)
        do {
            try GovernanceContract.endBlock(ctx: &ctx)
        } catch let fault as StateReadFault {
            throw fault
        } catch {
            // Items fail one by one inside; this is the last line (the queue scan itself failed,
            // deterministically): skip this block's end-block work, keep the chain going.
            // Committed: stable codes only; the Swift rendering goes to the node's log.
            let e = error as? RuleError ?? .internalError(error)
            return [Event(kind: "end_block_failed", attributes: [("code", "INTERNAL"), ("failure", e.code)]).clamped]
        }
        state.absorb(work)
        return ctx.events.map(\.clamped)
    }
}
