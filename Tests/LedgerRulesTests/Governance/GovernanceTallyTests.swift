import JsonLogic
import LedgerCore
import LedgerCrypto
import LedgerRules
import Testing

@Suite("Governance: tally, delegation and snapshots")
struct GovernanceTallyTests {
    /// Proposes, casts the votes (member index → option), runs to the end height and returns the record.
    func outcome(_ g: GovHarness, votes: [(Int, CastVote.Option)], delegations: [(Int, Int)] = []) throws -> ProposalRecord {
        for (from, to) in delegations { try g.ok(from, .delegate(Delegate(to: g.addr(to)))) }
        let id = try g.propose()
        for (i, o) in votes { try g.vote(i, id, o) }
        try g.advance(to: try g.proposal(id).endHeight + 1)
        return try g.proposal(id)
    }

    @Test("below quorum is rejected and the deposit returned")
    func quorum() throws {
        let g = GovHarness()
        let before = try g.balance(g.addr(0))
        let p = try outcome(g, votes: [(0, .yes)])  // 1 of 4 = 25 % < 33.4 %
        #expect(p.status == .rejected)
        #expect(p.tally == .init(yes: 1, no: 0, abstain: 0, veto: 0, totalPower: 4))
        #expect(try g.balance(g.addr(0)) == before - 2)  // two fees, deposit back
        #expect(try g.balance(ModuleAccounts.deposits) == 0)
    }

    @Test("abstain counts towards quorum only; a tie of yes and no is rejected; a majority passes")
    func thresholds() throws {
        #expect(try outcome(GovHarness(), votes: [(0, .yes), (1, .abstain)]).status == .passed)  // quorum 50 %, yes 1/1
        #expect(try outcome(GovHarness(), votes: [(0, .yes), (1, .no)]).status == .rejected)  // 50 % is not more than 50 %
        #expect(try outcome(GovHarness(), votes: [(0, .yes), (1, .yes), (2, .no)]).status == .passed)
        #expect(try outcome(GovHarness(), votes: [(0, .abstain), (1, .abstain)]).status == .rejected)
    }

    @Test("more than 33.4 % veto: vetoed, the deposit is burned and the supply shrinks")
    func veto() throws {
        let g = GovHarness()
        let supply = try g.supply()
        let p = try outcome(g, votes: [(0, .yes), (1, .yes), (2, .veto)])  // veto 1/3 = 33.3 % is not > 33.4 %
        #expect(p.status == .passed)
        let g2 = GovHarness()
        let p2 = try outcome(g2, votes: [(0, .yes), (1, .veto), (2, .veto)])
        #expect(p2.status == .vetoed)
        #expect(try g2.supply() == supply - GovHarness.minDeposit)
        #expect(try g2.balance(ModuleAccounts.deposits) == 0)
        #expect(try g.supply() == supply)
    }

    @Test("delegated power follows the delegate's vote; the delegator's own vote overrides it")
    func delegationOverride() throws {
        // 0, 1 delegate to 2; 2 votes yes; 1 votes no itself; 3 votes no.
        let p = try outcome(GovHarness(), votes: [(2, .yes), (1, .no), (3, .no)], delegations: [(0, 2), (1, 2)])
        #expect(p.tally == .init(yes: 2, no: 2, abstain: 0, veto: 0, totalPower: 4))
        #expect(p.status == .rejected)
        // Without the override 1's power would have gone to yes.
        let q = try outcome(GovHarness(), votes: [(2, .yes), (3, .no)], delegations: [(0, 2), (1, 2)])
        #expect(q.tally?.yes == 3)
        #expect(q.status == .passed)
    }

    @Test("no delegation chains: A→B→C counts A only through B's direct vote")
    func noChains() throws {
        let p = try outcome(GovHarness(), votes: [(2, .yes)], delegations: [(0, 1), (1, 2)])
        // 1 did not vote, so 0's power is not counted; 1's power follows 2.
        #expect(p.tally == .init(yes: 2, no: 0, abstain: 0, veto: 0, totalPower: 4))
    }

    @Test("token-weighted power is the balance at the start height, whatever moves later")
    func tokenSnapshot() throws {
        let g = GovHarness(strategy: .tokenWeighted, balances: [1_000_000, 3_000_000, 1_000_000, 1_000_000])
        let id = try g.propose(0, [.text], deposit: 100)
        let p = try g.proposal(id)
        #expect(p.powers[p.electorate.firstIndex(of: g.addr(1))!] == 3_000_000)
        #expect(p.powers[p.electorate.firstIndex(of: g.addr(0))!] == 1_000_000 - 1 - 100)
        // Member 1 gives most of its tokens away after the snapshot: its power stays.
        try g.ok(1, .transfer(TransferAction(to: g.addr(0), amount: 2_900_000)))
        try g.vote(1, id, .yes)
        try g.vote(0, id, .no)
        try g.advance(to: 21)
        let done = try g.proposal(id)
        #expect(done.tally?.yes == 3_000_000)
        #expect(done.status == .passed)
    }

    @Test("voting powers are scaled so the total stays exact in JsonLogic numbers")
    func scaling() throws {
        let big: UInt64 = 4_000_000_000_000_000
        let g = GovHarness(strategy: .tokenWeighted, balances: [big, big, big, big])
        let p = try g.proposal(try g.propose())
        #expect(p.powers.reduce(0, +) <= GovernanceLimits.maxTotalPower)
        #expect(Set(p.powers.dropFirst()).count == 1)
    }

    @Test("the reputation strategy counts confirmed contributions and standing independent attestations")
    func reputation() throws {
        let g = GovHarness(strategy: .reputationWeighted)
        // Member 2 made four attestations: two stand; one was revoked; one was about its own work.
        for (n, independent, revoked) in [(1, true, false), (2, true, false), (3, true, true), (4, false, false)] {
            let id = Hash(unchecked: [UInt8](repeating: UInt8(n), count: 32))
            let record = AttestationRecord(id: id, attester: g.addr(2), height: 1, timeMillis: 0,
                                           attestation: Attest(subject: .zero, kind: .review, verdict: Attest.Verdict.accept),
                                           independent: independent, revokedHeight: revoked ? 2 : nil)
            g.state.write(AttestationKeys.record(id), record.canonicalBytes)
            g.state.write(AttestationKeys.byAttester(g.addr(2), id), [])
        }
        let p = try g.proposal(try g.propose())
        #expect(p.powers[p.electorate.firstIndex(of: g.addr(2))!] == 4)
        #expect(p.powers[p.electorate.firstIndex(of: g.addr(0))!] == 0)
    }
}
