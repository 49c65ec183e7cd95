import JsonLogic
import LedgerCore
import LedgerCrypto
import LedgerRules
import Testing

@Suite("Governance: actions and their rejections")
struct GovernanceActionTests {
    @Test("a member proposes: the record, the deposit held, the tally queued")
    func proposeHappy() throws {
        let g = GovHarness()
        let before = try g.balance(g.addr(0))
        let id = try g.propose(0, [.text], deposit: 150)
        #expect(id == 1)
        let p = try g.proposal(id)
        #expect(p.status == .voting)
        #expect(p.startHeight == 10 && p.endHeight == 20)
        #expect(p.electorate == (0..<4).map(g.addr).sorted())
        #expect(p.powers == [1, 1, 1, 1])
        #expect(p.totalDeposit == 150)
        #expect(try g.balance(g.addr(0)) == before - 150 - 1)
        #expect(try g.balance(ModuleAccounts.deposits) == 150)
        #expect(try g.state.read(GovernanceKeys.tallyQueue(20, 1)) != nil)
        #expect(try g.propose(1) == 2)
    }

    @Test("propose rejections", arguments: [
        ("NOT_MEMBER", -1, [ProposalAction.text], GovHarness.minDeposit),
        ("INSUFFICIENT_DEPOSIT", 0, [.text], GovHarness.minDeposit - 1),
        ("INSUFFICIENT_FUNDS", 0, [.text], GovHarness.memberBalance),
        ("UNKNOWN_PARAMETER", 0, [.setParameter(name: "quorum", value: 1)], GovHarness.minDeposit),
        ("INVALID_PARAMETER", 0, [.setParameter(name: "voting_strategy", value: 3)], GovHarness.minDeposit),
        ("INVALID_PARAMETER", 0, [.setParameter(name: "voting_period_blocks", value: 0)], GovHarness.minDeposit),
        ("UNKNOWN_POLICY", 0, [.setPolicy(name: "made.up", rule: canonicalRule("true"))], GovHarness.minDeposit),
        ("INVALID_POLICY", 0, [.setPolicy(name: "proposal.passes", rule: Array(#"{"nope": [1]}"#.utf8))], GovHarness.minDeposit),
        ("INVALID_GRANT", 0, [.grant(recipient: plainAddress(9), milestones: [])], GovHarness.minDeposit),
        ("INVALID_GRANT", 0, [.grant(recipient: plainAddress(9), milestones: [Milestone(amount: 0, description: "x")])], GovHarness.minDeposit),
        ("INVALID_MILESTONE", 0, [.approveMilestone(grant: 1, index: 0)], GovHarness.minDeposit),
        ("INVALID_VALIDATOR_UPDATE", 0, [.updateValidators([])], GovHarness.minDeposit),
        ("INVALID_REASON", 0, [.retract(contribution: .zero, reason: "")], GovHarness.minDeposit),
    ] as [(String, Int, [ProposalAction], UInt64)])
    func proposeRejections(code: String, who: Int, actions: [ProposalAction], deposit: UInt64) throws {
        let g = GovHarness()
        try g.fails(who < 0 ? g.outsider : who, .propose(Propose(title: "t", summary: "s", actions: actions, deposit: deposit)), code: code)
        #expect(try GovernanceStore.proposal(1, in: g.state) == nil)
    }

    @Test("votes are recorded and may change until the end height")
    func voteHappy() throws {
        let g = GovHarness()
        let id = try g.propose()
        try g.vote(1, id, .no)
        try g.vote(1, id, .yes)
        #expect(try GovernanceStore.vote(id, g.addr(1), in: g.state) == .yes)
        g.height = 20
        try g.vote(2, id, .veto)
        #expect(try GovernanceStore.votes(id, in: g.state).count == 2)
    }

    @Test("vote rejections: unknown proposal, not a member, closed")
    func voteRejections() throws {
        let g = GovHarness()
        try g.fails(0, .vote(CastVote(proposal: 7, option: .yes)), code: "UNKNOWN_PROPOSAL")
        let id = try g.propose()
        try g.fails(g.outsider, .vote(CastVote(proposal: id, option: .yes)), code: "NOT_MEMBER")
        g.height = 21
        try g.fails(0, .vote(CastVote(proposal: id, option: .yes)), code: "VOTING_CLOSED")
    }

    @Test("delegation is set, cleared, and refused to oneself, to non-members and by non-members")
    func delegation() throws {
        let g = GovHarness()
        try g.ok(0, .delegate(Delegate(to: g.addr(1))))
        #expect(try GovernanceStore.delegate(of: g.addr(0), in: g.state) == g.addr(1))
        try g.ok(0, .delegate(Delegate(to: nil)))
        #expect(try GovernanceStore.delegate(of: g.addr(0), in: g.state) == nil)
        try g.fails(0, .delegate(Delegate(to: g.addr(0))), code: "INVALID_DELEGATE")
        try g.fails(0, .delegate(Delegate(to: g.addr(g.outsider))), code: "INVALID_DELEGATE")
        try g.fails(g.outsider, .delegate(Delegate(to: g.addr(0))), code: "NOT_MEMBER")
    }

    @Test("anyone may add to a deposit while voting is open")
    func depositHappyAndRejections() throws {
        let g = GovHarness()
        let id = try g.propose(0, [.text], deposit: 100)
        try g.ok(g.outsider, .deposit(AddDeposit(proposal: id, amount: 50)))
        try g.ok(0, .deposit(AddDeposit(proposal: id, amount: 25)))
        let p = try g.proposal(id)
        #expect(p.totalDeposit == 175 && p.deposits.count == 2)
        #expect(try g.balance(ModuleAccounts.deposits) == 175)
        try g.fails(0, .deposit(AddDeposit(proposal: 99, amount: 1)), code: "UNKNOWN_PROPOSAL")
        try g.fails(0, .deposit(AddDeposit(proposal: id, amount: 0)), code: "INVALID_AMOUNT")
        try g.fails(0, .deposit(AddDeposit(proposal: id, amount: GovHarness.memberBalance * 2)), code: "INSUFFICIENT_FUNDS")
        g.height = 21
        try g.fails(0, .deposit(AddDeposit(proposal: id, amount: 1)), code: "VOTING_CLOSED")
    }
}
