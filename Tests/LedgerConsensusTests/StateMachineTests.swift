import LedgerConsensus
import LedgerCore
import LedgerCrypto
import Testing

/// Scripted message sequences against one validator's state machine (4 validators of power 1
/// unless said otherwise; `me` is chosen so that it proposes none of rounds 0–2).
@Suite("Tendermint state machine")
struct StateMachineTests {
    let net = TestNet(powers: [1, 1, 1, 1])
    var me: Int { net.validators.proposer(round: 3) }
    func p(_ r: UInt32) -> Int { net.validators.proposer(round: r) }

    func driver() -> Driver { Driver(net: net, me: me) }

    @Test func equalPowersRotateThroughEveryValidator() {
        #expect(Set((0..<4).map { p(UInt32($0)) }).count == 4)
    }

    @Test func happyPathDecidesInRoundZero() {
        var d = driver()
        let v = value("block-1")
        let start = d.send(.start)
        #expect(start.builds.isEmpty)
        #expect(start.timeouts.map(\.0) == [.propose])
        let afterProposal = d.send(.proposal(net.proposalByProposer(round: 0, v), valid: true))
        #expect(afterProposal.votes.map(\.value) == [v])
        #expect(afterProposal.votes.first?.type == .prevote)
        let others = d.others
        d.votes(.prevote, round: 0, v, from: Array(others.prefix(2)))
        #expect(d.sm.lockedValue == v)
        #expect(d.sm.lockedRound == 0)
        #expect(d.sm.step == .precommit)
        #expect(d.log.votes.filter { $0.type == .precommit }.map(\.value) == [v])
        let decided = d.votes(.precommit, round: 0, v, from: Array(others.prefix(2)))
        #expect(decided.decisions.count == 1)
        let decision = decided.decisions[0]
        #expect(decision.value == v && decision.round == 0 && decision.height == 1)
        #expect(decision.commit.count == 3)
        #expect(decision.commit.map(\.validatorIndex) == decision.commit.map(\.validatorIndex).sorted())
        #expect(decision.commit.allSatisfy { $0.type == .precommit && $0.value == v })
        #expect(d.sm.status == .decided)
    }

    @Test func ownProposalIsBuiltThenBroadcast() {
        var d = Driver(net: net, me: p(0))
        let start = d.send(.start)
        #expect(start.builds == [0])
        let v = value("mine")
        let built = d.send(.proposalBuilt(height: 1, round: 0, value: v))
        #expect(built.proposals.map(\.value) == [v])
        #expect(built.proposals.first?.validRound == nil)
        #expect(built.votes.map(\.value) == [v])  // own proposal fed back, prevoted
        // A second answer is refused.
        #expect(d.send(.proposalBuilt(height: 1, round: 0, value: v)).rejections == [.unexpectedAnswer])
    }

    @Test func silentProposerLeadsToNilPrevoteAndNextRound() {
        var d = driver()
        d.send(.start)
        let timedOut = d.send(.timeout(.propose, height: 1, round: 0))
        #expect(timedOut.votes.map(\.value) == [nil])
        #expect(d.sm.step == .prevote)
        d.votes(.prevote, round: 0, nil, from: Array(d.others.prefix(2)))
        #expect(d.sm.step == .precommit)
        #expect(d.log.votes.filter { $0.type == .precommit }.map(\.value) == [nil])
        #expect(d.sm.lockedValue == nil && d.sm.lockedRound == nil)
        let precommits = d.votes(.precommit, round: 0, nil, from: Array(d.others.prefix(2)))
        #expect(precommits.timeouts.map(\.0) == [.precommit])
        let next = d.send(.timeout(.precommit, height: 1, round: 0))
        #expect(d.sm.round == 1 && d.sm.step == .propose)
        let cfg = ConsensusConfig.default
        #expect(next.timeouts.map(\.2) == [cfg.proposeBaseMillis + cfg.proposeDeltaMillis])
    }

    @Test func staleTimeoutsDoNothing() {
        var d = driver()
        d.send(.start)
        d.send(.timeout(.propose, height: 1, round: 0))
        #expect(d.send(.timeout(.propose, height: 1, round: 0)).isEmpty)  // already prevoted
        #expect(d.send(.timeout(.prevote, height: 1, round: 1)).isEmpty)  // other round
        #expect(d.send(.timeout(.precommit, height: 2, round: 0)).isEmpty)  // other height
        #expect(d.sm.round == 0 && d.sm.step == .prevote)
    }

    @Test func prevoteTimeoutAfterMixedPrevotesThenNilPrecommit() {
        var d = driver()
        let v = value("v")
        d.send(.start)
        d.send(.proposal(net.proposalByProposer(round: 0, v), valid: true))
        let mixed = d.votes(.prevote, round: 0, nil, from: [d.others[0], d.others[1]])
        // Own v + two nils: 3 of 4 prevotes, no value has a quorum → line 34.
        #expect(mixed.timeouts.map(\.0) == [.prevote])
        let t = d.send(.timeout(.prevote, height: 1, round: 0))
        #expect(t.votes.map(\.type) == [.precommit])
        #expect(t.votes.map(\.value) == [nil])
    }

    @Test func invalidProposalIsPrevotedNil() {
        var d = driver()
        d.send(.start)
        let a = d.send(.proposal(net.proposalByProposer(round: 0, value("bad")), valid: false))
        #expect(a.votes.map(\.value) == [nil])
    }

    // MARK: Locking (lines 22–43)

    /// Locks `me` on `v` in round 0 and moves it to round 1 (precommits nil from the others).
    func lockedInRoundZero(on v: Hash) -> Driver {
        var d = driver()
        d.send(.start)
        d.send(.proposal(net.proposalByProposer(round: 0, v), valid: true))
        d.votes(.prevote, round: 0, v, from: Array(d.others.prefix(2)))
        d.votes(.precommit, round: 0, nil, from: Array(d.others.prefix(2)))
        d.send(.timeout(.precommit, height: 1, round: 0))
        return d
    }

    @Test func lockedValidatorRefusesAFreshDifferentValue() {
        let v = value("v"), w = value("w")
        var d = lockedInRoundZero(on: v)
        #expect(d.sm.round == 1 && d.sm.lockedValue == v && d.sm.lockedRound == 0)
        let a = d.send(.proposal(net.proposalByProposer(round: 1, w), valid: true))
        #expect(a.votes.map(\.value) == [nil])
    }

    @Test func lockedValidatorPrevotesItsLockedValueAgain() {
        let v = value("v")
        var d = lockedInRoundZero(on: v)
        let a = d.send(.proposal(net.proposalByProposer(round: 1, v, validRound: 0), valid: true))
        #expect(a.votes.map(\.value) == [v])
    }

    @Test func nilPolkaDoesNotUnlock() {
        let v = value("v")
        var d = lockedInRoundZero(on: v)
        d.send(.timeout(.propose, height: 1, round: 1))
        d.votes(.prevote, round: 1, nil, from: Array(d.others.prefix(2)))
        #expect(d.sm.step == .precommit)
        #expect(d.sm.lockedValue == v && d.sm.lockedRound == 0)
    }

    @Test func polkaInALaterRoundMovesTheLock() {
        let v = value("v"), w = value("w")
        var d = lockedInRoundZero(on: v)
        d.send(.proposal(net.proposalByProposer(round: 1, w), valid: true))  // prevotes nil (locked)
        let a = d.votes(.prevote, round: 1, w, from: d.others)  // polka for w at round 1, still in prevote step
        #expect(a.votes.map(\.value) == [w])
        #expect(d.sm.lockedValue == w && d.sm.lockedRound == 1)
        #expect(d.sm.validValue == w && d.sm.validRound == 1)
    }

    /// Lines 28–33: a re-proposal of w with valid round 1 is prevoted by a validator locked on v in
    /// round 0, because the polka for w at round 1 is at least as recent as the lock.
    @Test func reproposalWithPolkaAtOrAfterLockIsPrevoted() {
        let v = value("v"), w = value("w")
        var d = lockedInRoundZero(on: v)
        // Round 1: the proposal is late, so `me` prevotes nil, sees 2f+1 prevotes, precommits nil.
        d.send(.timeout(.propose, height: 1, round: 1))
        d.votes(.prevote, round: 1, w, from: d.others)
        d.send(.timeout(.prevote, height: 1, round: 1))
        #expect(d.sm.step == .precommit)
        // The proposal of round 1 arrives: valid value w@1, but no new lock (line 36, step precommit).
        d.send(.proposal(net.proposalByProposer(round: 1, w), valid: true))
        #expect(d.sm.lockedValue == v && d.sm.lockedRound == 0)
        #expect(d.sm.validValue == w && d.sm.validRound == 1)
        d.votes(.precommit, round: 1, nil, from: Array(d.others.prefix(2)))
        d.send(.timeout(.precommit, height: 1, round: 1))
        #expect(d.sm.round == 2)
        let a = d.send(.proposal(net.proposalByProposer(round: 2, w, validRound: 1), valid: true))
        #expect(a.votes.map(\.value) == [w])
    }

    @Test func reproposalWithoutPolkaWaitsThenPrevotesNil() {
        let v = value("v"), w = value("w")
        var d = lockedInRoundZero(on: v)
        // w claims valid round 0, but round 0 had a polka for v, not w: no rule fires.
        let a = d.send(.proposal(net.proposalByProposer(round: 1, w, validRound: 0), valid: true))
        #expect(a.votes.isEmpty)
        #expect(d.sm.step == .propose)
        let t = d.send(.timeout(.propose, height: 1, round: 1))
        #expect(t.votes.map(\.value) == [nil])
    }

    /// A polka for w exists at round 0, but `me` locked on v in round 1: a re-proposal of w with
    /// valid round 0 (older than the lock) is prevoted nil.
    @Test func reproposalOlderThanTheLockIsPrevotedNil() {
        let v = value("v"), w = value("w")
        var d = driver()
        d.send(.start)
        d.send(.timeout(.propose, height: 1, round: 0))
        d.votes(.prevote, round: 0, w, from: d.others)  // polka for w@0 while `me` prevoted nil
        #expect(d.sm.step == .prevote)  // no proposal yet: line 34 only
        d.send(.timeout(.prevote, height: 1, round: 0))
        d.votes(.precommit, round: 0, nil, from: Array(d.others.prefix(2)))
        d.send(.timeout(.precommit, height: 1, round: 0))
        // Round 1: fresh v, polka for v → lock v@1.
        d.send(.proposal(net.proposalByProposer(round: 1, v), valid: true))
        d.votes(.prevote, round: 1, v, from: Array(d.others.prefix(2)))
        #expect(d.sm.lockedValue == v && d.sm.lockedRound == 1)
        d.votes(.precommit, round: 1, nil, from: Array(d.others.prefix(2)))
        d.send(.timeout(.precommit, height: 1, round: 1))
        let a = d.send(.proposal(net.proposalByProposer(round: 2, w, validRound: 0), valid: true))
        #expect(a.votes.map(\.value) == [nil])
    }

    @Test func proposerReproposesItsValidValue() {
        // The proposer of round 1 saw a polka for v in round 0: in round 1 it proposes v with vr 0.
        let v = value("v")
        var d = Driver(net: net, me: p(1))
        d.send(.start)
        d.send(.proposal(net.proposalByProposer(round: 0, v), valid: true))
        d.votes(.prevote, round: 0, v, from: d.others)
        d.votes(.precommit, round: 0, nil, from: Array(d.others.prefix(2)))
        let next = d.send(.timeout(.precommit, height: 1, round: 0))
        #expect(next.builds.isEmpty)
        #expect(next.proposals.map(\.value) == [v])
        #expect(next.proposals.first?.validRound == 0)
    }

    @Test func sameEventsSameActions() {
        func script() -> [ConsensusAction] {
            var d = lockedInRoundZero(on: value("v"))
            d.send(.proposal(net.proposalByProposer(round: 1, value("w")), valid: true))
            d.votes(.prevote, round: 1, value("w"), from: d.others)
            d.votes(.precommit, round: 1, value("w"), from: d.others)
            return d.log
        }
        let a = script(), b = script()
        #expect(a == b)
        #expect(a.decisions.map(\.value) == [value("w")])
    }

    // MARK: Round skip and late decisions

    @Test func roundSkipOnOneThirdFromAHigherRound() {
        var d = driver()
        d.send(.start)
        d.votes(.prevote, round: 5, nil, from: [d.others[0]])
        #expect(d.sm.round == 0)  // one of four is not more than a third
        let a = d.votes(.precommit, round: 5, nil, from: [d.others[1]])
        #expect(d.sm.round == 5 && d.sm.step == .propose)
        #expect(a.timeouts.map(\.1) == [5])
    }

    @Test func decisionOnPrecommitsFromALaterRound() {
        let v = value("late")
        var d = driver()
        d.send(.start)
        d.send(.proposal(net.proposalByProposer(round: 2, v), valid: true))
        let a = d.votes(.precommit, round: 2, v, from: d.others)
        #expect(a.decisions.map(\.round) == [2])
        #expect(a.decisions.map(\.value) == [v])
        #expect(d.sm.status == .decided)
    }

    @Test func noDecisionWithoutTheProposal() {
        let v = value("unseen")
        var d = driver()
        d.send(.start)
        let a = d.votes(.precommit, round: 0, v, from: d.others)
        #expect(a.decisions.isEmpty)
        let b = d.send(.proposal(net.proposalByProposer(round: 0, v), valid: true))
        #expect(b.decisions.map(\.value) == [v])
    }

    @Test func nextHeightStartsAfresh() {
        var d = driver()
        let v = value("h1")
        d.send(.start)
        d.send(.proposal(net.proposalByProposer(round: 0, v), valid: true))
        d.votes(.prevote, round: 0, v, from: d.others)
        d.votes(.precommit, round: 0, v, from: d.others)
        #expect(d.sm.status == .decided)
        #expect(d.send(.vote(net.vote(.prevote, height: 2, round: 0, nil, from: 0))).rejections
            == [.notRunning])
        d.send(.nextHeight(validators: net.validators.forNextHeight()))
        #expect(d.sm.height == 2 && d.sm.round == 0 && d.sm.status == .running)
        #expect(d.sm.lockedValue == nil && d.sm.validValue == nil)
        #expect(d.send(.vote(net.vote(.prevote, height: 1, round: 0, nil, from: 0))).rejections
            == [.wrongHeight(expected: 2, got: 1)])
    }
}
