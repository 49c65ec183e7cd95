import JsonLogic
import LedgerCore
import LedgerCrypto
import LedgerRules
import Testing

@Suite("Governance: execution, treasury, policies, end-block budget")
struct GovernanceExecutionTests {
    /// Proposes `actions`, has members 0-2 vote yes, and runs until the end height's end-block.
    @discardableResult
    func pass(_ g: GovHarness, _ actions: [ProposalAction]) throws -> UInt64 {
        let id = try g.propose(0, actions)
        for i in 0..<3 { try g.vote(i, id, .yes) }
        try g.advance(to: try g.proposal(id).endHeight + 1)
        // With a timelock of 0 the execution runs in the same end-block as the tally.
        #expect(try [.passed, .executed, .executionFailed].contains(g.proposal(id).status))
        #expect(try g.proposal(id).tally?.yes == 3)
        return id
    }

    @Test("a passed proposal waits for the timelock, then executes")
    func timelock() throws {
        let g = GovHarness(timelock: 3)
        let x = plainAddress(0x77)
        let id = try pass(g, [.addMember(x)])
        let p = try g.proposal(id)
        #expect(p.executeHeight == p.endHeight + 3)
        try g.advance(to: p.endHeight + 3)  // end-blocks up to endHeight + 2 ran
        #expect(try !g.isMember(x))
        let events = try g.endBlock()
        #expect(try g.isMember(x))
        #expect(try g.proposal(id).status == .executed)
        #expect(events.contains { $0.kind == "member_added" })
    }

    @Test("a failing action fails the whole execution, which changes nothing")
    func failedExecution() throws {
        let g = GovHarness(timelock: 0)
        let x = plainAddress(0x78)
        let treasury = try g.balance(ModuleAccounts.treasury)
        let id = try pass(g, [.addMember(x), .grant(recipient: x, milestones: [Milestone(amount: GovHarness.treasury + 1, description: "too much")])])
        let p = try g.proposal(id)
        #expect(p.status == .executionFailed)
        #expect(p.failure?.hasPrefix("INSUFFICIENT_TREASURY") == true)
        #expect(try !g.isMember(x))
        #expect(try g.balance(ModuleAccounts.treasury) == treasury)
        #expect(try GovernanceStore.grant(1, in: g.state) == nil)
    }

    @Test("a grant pays its first milestone at execution and the next when a later proposal approves it")
    func grantMilestones() throws {
        let g = GovHarness(timelock: 0)
        let r = plainAddress(0x79)
        try pass(g, [.grant(recipient: r, milestones: [Milestone(amount: 1_000, description: "start"), Milestone(amount: 2_000, description: "data")])])
        #expect(try g.balance(r) == 1_000)
        #expect(try g.balance(ModuleAccounts.treasury) == GovHarness.treasury - 1_000)
        #expect(try GovernanceStore.grant(1, in: g.state)?.released == [true, false])
        try pass(g, [.approveMilestone(grant: 1, index: 1)])
        #expect(try g.balance(r) == 3_000)
        #expect(try GovernanceStore.grant(1, in: g.state)?.released == [true, true])
        let again = try pass(g, [.approveMilestone(grant: 1, index: 1)])
        #expect(try g.proposal(again).status == .executionFailed)
        #expect(try g.proposal(again).failure?.hasPrefix("MILESTONE_ALREADY_RELEASED") == true)
        let unknown = try pass(g, [.approveMilestone(grant: 9, index: 1)])
        #expect(try g.proposal(unknown).failure?.hasPrefix("UNKNOWN_GRANT") == true)
        #expect(try g.balance(r) == 3_000)
    }

    @Test("a policy changed by vote decides the next tally")
    func policyChange() throws {
        let g = GovHarness(timelock: 0)
        // New rule: any yes passes, whatever the quorum.
        let rule = canonicalRule(#"{"if": [{">": [{"var": "yes"}, 0]}, "passed", "rejected"]}"#)
        try pass(g, [.setPolicy(name: "proposal.passes", rule: rule)])
        #expect(try Policies.rule("proposal.passes", in: g.state)?.canonicalBytes == rule)
        let id = try g.propose()
        try g.vote(3, id, .yes)  // 25 %: below the old quorum
        try g.advance(to: try g.proposal(id).endHeight + 1)
        #expect(try g.proposal(id).status != .rejected)
    }

    @Test("parameters change by vote: governance params and min_fee")
    func parameters() throws {
        let g = GovHarness(timelock: 0)
        try pass(g, [.setParameter(name: "voting_period_blocks", value: 3), .setParameter(name: "min_fee", value: 5),
                     .setParameter(name: "voting_strategy", value: 1), .setParameter(name: "min_deposit", value: 7)])
        let params = try GovernanceStore.params(in: g.state)
        #expect(params.votingPeriodBlocks == 3 && params.minDeposit == 7 && params.strategy == .tokenWeighted)
        #expect(try AppParams(canonical: try #require(try g.state.read(StateKey.params))).minFee == 5)
    }

    @Test("members are added and removed by vote; the last member stays")
    func members() throws {
        let g = GovHarness(timelock: 0)
        try pass(g, [.removeMember(g.addr(3))])
        #expect(try !g.isMember(g.addr(3)))
        #expect(try GovernanceStore.members(in: g.state).count == 3)
        let again = try pass(g, [.removeMember(g.addr(3))])
        #expect(try g.proposal(again).failure?.hasPrefix("NOT_MEMBER") == true)
        let dup = try pass(g, [.addMember(g.addr(1))])
        #expect(try g.proposal(dup).failure?.hasPrefix("ALREADY_MEMBER") == true)
        let one = GovHarness(members: 1, timelock: 0)
        let id = try one.propose(0, [.removeMember(one.addr(0))])
        try one.vote(0, id, .yes)
        try one.advance(to: 21)
        #expect(try one.proposal(id).failure?.hasPrefix("LAST_MEMBER") == true)
    }

    @Test("validator updates are recorded; a retraction by vote retracts the record through the contributions contract")
    func recorded() throws {
        let g = GovHarness(timelock: 0)
        let recordID = Hash(unchecked: [UInt8](repeating: 7, count: 32))
        let registration = RegisterContribution(kind: .dataset, title: "t", digest: [0x12, 0x20] + [UInt8](repeating: 1, count: 32), size: 1,
                                                license: "CC0-1.0", contributors: [ContributorEntry(name: "a", address: g.addr(0), roles: [RoleClaim(role: 1, degree: 1)])])
        g.state.write(ContributionKeys.record(recordID), ContributionRecord(id: recordID, registrant: g.addr(0), height: 1, timeMillis: 0,
                                                                             registration: registration, confirmations: [.confirmed], version: 1).canonicalBytes)
        ValidatorSetState.writeGenesis([ValidatorUpdate(publicKey: testKey(8).publicKey, power: 20)], into: g.state)
        let id = try pass(g, [.updateValidators([ValidatorUpdate(publicKey: testKey(9).publicKey, power: 5)]),
                              .retract(contribution: recordID, reason: "fabricated data")])
        let executedAt = try g.proposal(id).executeHeight!
        #expect(try g.state.read(GovernanceKeys.validatorUpdates(executedAt, id)) != nil)
        #expect(try g.state.read(GovernanceKeys.retraction(recordID)) != nil)
        #expect(try g.proposal(id).status == .executed)
        let record = try #require(try ContributionStore.record(recordID, in: g.state))
        #expect(record.retraction?.reason == "fabricated data" && record.retraction?.by == nil)
        #expect(record.status == .retracted)

        // Retracting a record that does not exist fails the execution and changes nothing.
        let bad = try pass(g, [.retract(contribution: .zero, reason: "no such record")])
        #expect(try g.proposal(bad).failure?.hasPrefix("UNKNOWN_RECORD") == true)
        #expect(try g.state.read(GovernanceKeys.retraction(.zero)) == nil)
    }

    @Test("end-block work beyond the budget waits for the next block")
    func budget() throws {
        let g = GovHarness()
        let a = try g.propose()
        let b = try g.propose(1)
        g.height = 20
        var ctx = ExecutionContext(block: g.block, sender: g.block.proposer, transactionID: .zero, state: g.state,
                                   gasLimit: GovernanceLimits.gasPerDueItem + 20_000, gasUsed: 0)
        try GovernanceContract.endBlock(ctx: &ctx)
        #expect(try g.proposal(a).status == .rejected)
        #expect(try g.proposal(b).status == .voting)
        #expect(try g.state.read(GovernanceKeys.tallyQueue(20, b)) != nil)
        g.height = 21
        try g.endBlock()
        #expect(try g.proposal(b).status == .rejected)
        #expect(try g.state.read(GovernanceKeys.tallyQueue(20, b)) == nil)
    }

    @Test("a hostile proposal.passes rule runs out of gas: the proposal is rejected, deposits returned, the chain goes on")
    func hostilePolicy() throws {
        let g = GovHarness(timelock: 0)
        let list = "[" + (1...100).map(String.init).joined(separator: ",") + "]"
        let hostile = #"{"map": [\#(list), {"map": [\#(list), {"map": [\#(list), {"var": ""}]}]}]}"#
        Policies.store("proposal.passes", rule: try Policies.validate(rule: Array(hostile.utf8)), in: g.state)
        let before = try g.balance(g.addr(0))
        let id = try g.propose()
        for i in 0..<4 { try g.vote(i, id, .yes) }
        let events = try g.advance(to: try g.proposal(id).endHeight + 1)
        let p = try g.proposal(id)
        #expect(p.status == .rejected)
        #expect(p.failure?.hasPrefix("POLICY_ERROR") == true)
        #expect(try g.balance(g.addr(0)) == before - 2)  // two fees; the deposit came back
        #expect(events.contains { $0.kind == "proposal_tallied" })
        #expect(try g.propose(1) == 2)
    }
}

@Suite("Governance: licence policy parameter")
struct GovernanceLicenceParameterTests {
    @Test("set_parameter refuse_licence_conflicts switches the contributions contract from flagging to refusing")
    func licenceParameter() throws {
        let g = GovHarness(timelock: 0)
        #expect(try g.state.read(ContributionContract.refuseLicenceConflictsKey) == nil)
        let id = try g.propose(0, [.setParameter(name: "refuse_licence_conflicts", value: 1)])
        for i in 0..<4 { try g.vote(i, id, .yes) }
        try g.advance(to: try g.proposal(id).endHeight + 2)
        #expect(try g.proposal(id).status == .executed)
        #expect(try g.state.read(ContributionContract.refuseLicenceConflictsKey) == [1])
        try g.fails(1, .propose(Propose(title: "t", summary: "s", actions: [.setParameter(name: "refuse_licence_conflicts", value: 2)],
                                        deposit: GovHarness.minDeposit)), code: "INVALID_PARAMETER")
    }
}

@Suite("Governance: proposal size")
struct GovernanceProposalSizeTests {
    @Test("a proposal larger than the end-block item budget allows is refused up front")
    func tooLarge() throws {
        let g = GovHarness()
        let summary = String(repeating: "s", count: 4000)
        let actions = (0..<9).map { _ in ProposalAction.setPolicy(name: "dataset.status", rule: Array(String(repeating: " ", count: 4000).utf8) + Array("true".utf8)) }
        try g.fails(0, .propose(Propose(title: "big", summary: summary, actions: actions, deposit: GovHarness.minDeposit)), code: "PROPOSAL_TOO_LARGE")
    }
}

@Suite("Governance: hostile failure texts")
struct GovernanceHostileTextTests {
    /// One grapheme of about 10 KB: a letter and 5,000 combining acute accents.
    static let bigGrapheme = "a" + String(repeating: "\u{301}", count: 5_000)

    @Test("a proposal.passes result of one 10 KB grapheme is stored cut by bytes; the proposal decodes and deposits go on")
    func hugeGraphemeFailure() throws {
        let g = GovHarness(timelock: 0)
        let rule = JSONValue.string(Self.bigGrapheme).canonicalBytes
        Policies.store("proposal.passes", rule: try Policies.validate(rule: rule), in: g.state)
        let id = try g.propose()
        for i in 0..<4 { try g.vote(i, id, .yes) }
        try g.advance(to: try g.proposal(id).endHeight + 1)
        let p = try g.proposal(id)
        #expect(p.status == .rejected)
        let failure = try #require(p.failure)
        #expect(failure.hasPrefix("POLICY_ERROR"))
        #expect(failure.utf8.count <= GovernanceLimits.maxFailureBytes)
        // Before the fix the stored record no longer decoded and this deposit threw out of execution.
        try g.fails(2, .deposit(AddDeposit(proposal: id, amount: 1)), code: "VOTING_CLOSED")
    }
}

/// Hostile text at exactly `bytes` UTF-8 bytes: combining marks, ZWJ sequences, bidi marks and NUL,
/// cut on a scalar boundary and padded with ASCII to the exact size.
func hostileText(bytes: Int, seed: Int) -> String {
    let pieces = ["a\u{301}\u{302}\u{303}", "\u{1F469}\u{200D}\u{1F52C}", "\u{202E}\u{2067}x\u{2069}", "\u{0}", "\u{FEFF}", "e\u{20DD}"]
    var s = ""
    var i = seed
    while s.utf8.count < bytes {
        s += pieces[i % pieces.count]
        i += 1
    }
    s = s.truncatedUTF8(maxBytes: bytes)
    return s + String(repeating: "z", count: bytes - s.utf8.count)
}

@Suite("Governance: hostile text at the maximum sizes")
struct GovernanceHostileRecordTests {
    @Test("proposals with hostile titles, summaries and failures at their limits all decode again", arguments: 0..<6)
    func maxSizes(seed: Int) throws {
        let g = GovHarness(timelock: 0)
        let failing = JSONValue.string(hostileText(bytes: 6_000, seed: seed)).canonicalBytes
        Policies.store("proposal.passes", rule: try Policies.validate(rule: failing), in: g.state)
        try g.propose(0, [.text], deposit: GovHarness.minDeposit)
        let title = hostileText(bytes: RecordLimits.title, seed: seed), summary = hostileText(bytes: 8_000, seed: seed + 1)
        let r = try g.ok(1, .propose(Propose(title: title, summary: summary.truncatedUTF8(maxBytes: RecordLimits.comment),
                                             actions: [.text], deposit: GovHarness.minDeposit)))
        #expect(r.status == .success)
        try g.advance(to: g.height + 12)
        // Every stored proposal decodes, byte for byte as written.
        for pid in [UInt64(1), 2] {
            let raw = try #require(try g.state.read(GovernanceKeys.proposal(pid)))
            let p = try ProposalRecord(canonical: raw)
            #expect(p.canonicalBytes == raw)
            #expect((p.failure?.utf8.count ?? 0) <= GovernanceLimits.maxFailureBytes)
        }
        #expect(try g.proposal(1).failure?.hasPrefix("POLICY_ERROR") == true)
        #expect(try g.proposal(2).title.utf8.elementsEqual(title.utf8))
    }
}
