import JsonLogic
import LedgerCore
import LedgerRules
import Testing

/// Decoding a stored value is charged per byte on top of reading it (LedgerRules.GasSchedule.perByteDecoded):
/// the calibration found stored policy rules and proposal records under-priced by the read charge alone.
@Suite struct DecodeGasTests {
    /// Gas of one evaluation of `contribution.admit` set to `rule`.
    private func policyGas(_ rule: JSONValue) throws -> UInt64 {
        let state = StateOverlay(base: EmptyState())
        Policies.store(PolicyName.contributionAdmit.rawValue, rule: rule, in: state)
        var ctx = ExecutionContext(block: testBlock(), sender: plainAddress(1), transactionID: .zero, state: state, gasLimit: 10_000_000, gasUsed: 0)
        _ = try Policies.evaluate(.contributionAdmit, data: .null, ctx: &ctx)
        return ctx.gasUsed
    }

    @Test func aLargerStoredRuleCostsItsBytesReadAndDecoded() throws {
        // Two string literals: the same evaluation (one node), rules 1,000 bytes apart.
        let small = JSONValue.string("a"), big = JSONValue.string(String(repeating: "a", count: 1_001))
        #expect(big.canonicalBytes.count - small.canonicalBytes.count == 1_000)
        let difference = try policyGas(big) - policyGas(small)
        #expect(difference == 1_000 * (LedgerRules.GasSchedule.perByteRead + LedgerRules.GasSchedule.perByteDecoded))
    }

    @Test func aVoteOnALargerProposalCostsItsBytesReadAndDecoded() throws {
        let dao = GovHarness(members: 3)
        func proposal(summary: Int) throws -> UInt64 {
            let r = try dao.ok(0, .propose(Propose(title: "t", summary: String(repeating: "s", count: summary), actions: [.text], deposit: GovHarness.minDeposit)))
            return UInt64(r.events.first { $0.kind == "proposal_submitted" }?.attributes.first { $0.key == "proposal" }?.value ?? "") ?? 0
        }
        let small = try proposal(summary: 10), big = try proposal(summary: 1_010)
        let voteSmall = try dao.ok(1, .vote(CastVote(proposal: small, option: .yes))).gasUsed
        let voteBig = try dao.ok(2, .vote(CastVote(proposal: big, option: .yes))).gasUsed
        #expect(voteBig - voteSmall == 1_000 * (LedgerRules.GasSchedule.perByteRead + LedgerRules.GasSchedule.perByteDecoded))
    }
}

@Suite struct TallyGasTests {
    /// The end-block gas of tallying one proposal nobody voted on, in a DAO of `members` members.
    private func tallyGas(members: Int) throws -> UInt64 {
        let dao = GovHarness(members: members, votingPeriod: 1)
        try dao.propose()
        dao.height += 1
        var ctx = ExecutionContext(block: dao.block, sender: dao.block.proposer, transactionID: .zero, state: StateOverlay(base: dao.state),
                                   gasLimit: LedgerRules.GasSchedule.endBlockBudget, gasUsed: 0)
        try GovernanceContract.endBlock(ctx: &ctx)
        #expect(ctx.events.contains { $0.kind == "proposal_tallied" })
        return ctx.gasUsed
    }

    @Test func aTallyPaysPerMemberOnTopOfItsReads() throws {
        // One more member: two absent reads (vote, delegation) of 21-byte keys and one more
        // electorate entry in the record, plus the per-member compute.
        let extra = try tallyGas(members: 5) - tallyGas(members: 4)
        #expect(extra >= LedgerRules.GasSchedule.tallyPerMember + 2 * LedgerRules.GasSchedule.readBase)
    }
}
