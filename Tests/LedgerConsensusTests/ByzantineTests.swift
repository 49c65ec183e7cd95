import LedgerConsensus
import LedgerCore
import LedgerCrypto
import Testing

@Suite("Byzantine input")
struct ByzantineTests {
    let net = TestNet(powers: [1, 1, 1, 1])
    var me: Int { net.validators.proposer(round: 3) }

    func started() -> Driver {
        var d = Driver(net: net, me: me)
        d.send(.start)
        return d
    }

    @Test func doubleVoteIsReportedOnceAndCountedOnlyForItsOwnValue() {
        var d = started()
        let v = value("v"), w = value("w"), x = value("x")
        let byz = d.others[0]
        let first = net.vote(.precommit, round: 0, v, from: byz)
        let second = net.vote(.precommit, round: 0, w, from: byz)
        #expect(d.send(.vote(first)).rejections.isEmpty)
        let a = d.send(.vote(second))
        #expect(a.evidence == [DuplicateVoteEvidence(first, second)])
        #expect(a.evidence.first?.validatorIndex == UInt32(byz))
        // The pair is ordered canonically, whatever the arrival order.
        #expect(DuplicateVoteEvidence(second, first) == DuplicateVoteEvidence(first, second))
        // Reported once; a third value is dropped.
        #expect(d.send(.vote(second)).rejections == [.duplicate])
        #expect(d.send(.vote(net.vote(.precommit, round: 0, x, from: byz))).rejections == [.duplicate])
        // The equivocator counts once towards "2f+1 of any value": with one more precommit that is
        // two validators, so no precommit timeout yet.
        d.send(.proposal(net.proposalByProposer(round: 0, w), valid: true))
        let b = d.votes(.precommit, round: 0, w, from: [d.others[1]])
        #expect(b.decisions.isEmpty)
        #expect(!b.timeouts.contains { $0.0 == .precommit })
        // Its vote for w does count for w: with a third validator the quorum for w is reached,
        // and the commit carries the equivocator's w vote.
        let c = d.votes(.precommit, round: 0, w, from: [d.others[2]])
        #expect(c.decisions.map(\.value) == [w])
        #expect(c.decisions.first?.commit.contains(second) == true)
        #expect(c.decisions.first?.commit.contains(first) == false)
    }

    @Test func anEquivocatorCannotMakeOneValidatorCountTwiceForOneValue() {
        var d = started()
        let v = value("v")
        let byz = d.others[0]
        d.send(.proposal(net.proposalByProposer(round: 0, v), valid: true))
        d.send(.vote(net.vote(.precommit, round: 0, nil, from: byz)))
        d.send(.vote(net.vote(.precommit, round: 0, v, from: byz)))
        // byz (for v) + one more is 2 of 4 for v: no decision.
        #expect(d.votes(.precommit, round: 0, v, from: [d.others[1]]).decisions.isEmpty)
    }

    @Test func prevoteAndPrecommitOfOneRoundAreNotEquivocation() {
        var d = started()
        let v = value("v")
        let byz = d.others[0]
        #expect(d.send(.vote(net.vote(.prevote, round: 0, v, from: byz))).isEmpty)
        #expect(d.send(.vote(net.vote(.precommit, round: 0, nil, from: byz))).evidence.isEmpty)
        #expect(d.send(.vote(net.vote(.prevote, round: 1, nil, from: byz))).evidence.isEmpty)
    }

    @Test func duplicateVotesAreNotCountedTwice() {
        var d = started()
        let v = value("v")
        d.send(.proposal(net.proposalByProposer(round: 0, v), valid: true))
        let b = d.others[0], c = d.others[1]
        let vote = net.vote(.precommit, round: 0, v, from: b)
        d.send(.vote(vote))
        #expect(d.send(.vote(vote)).rejections == [.duplicate])
        #expect(d.send(.vote(vote)).rejections == [.duplicate])
        let a = d.votes(.precommit, round: 0, v, from: [c])
        #expect(a.decisions.isEmpty)  // b and c: 2 of 4
        #expect(d.votes(.precommit, round: 0, v, from: [d.others[2]]).decisions.count == 1)
    }

    @Test func votesFromNonValidatorsAreIgnored() {
        var d = started()
        let outsider = try! SigningKey(seed: [UInt8](repeating: 99, count: 32))
        let v = value("v")
        let unknownIndex = Vote.signed(type: .prevote, height: 1, round: 0, value: v, validatorIndex: 4, key: outsider, chain: net.chain)
        #expect(d.send(.vote(unknownIndex)).rejections == [.unknownValidator(index: 4)])
        // An outsider claiming a member's index fails the signature check.
        let impostor = Vote.signed(type: .prevote, height: 1, round: 0, value: v, validatorIndex: 0, key: outsider, chain: net.chain)
        #expect(d.send(.vote(impostor)).rejections == [.badSignature])
        // Outsiders cannot move us to another round either.
        for i: UInt32 in 0..<4 {
            let fake = Vote.signed(type: .precommit, height: 1, round: 9, value: nil, validatorIndex: i, key: outsider, chain: net.chain)
            d.send(.vote(fake))
        }
        #expect(d.sm.round == 0)
    }

    @Test func badSignaturesAreNeverCounted() {
        var d = started()
        let v = value("v")
        d.send(.proposal(net.proposalByProposer(round: 0, v), valid: true))
        for i in d.others {
            var vote = net.vote(.precommit, round: 0, v, from: i)
            var sig = vote.signature.bytes
            sig[5] ^= 1
            vote.signature = Signature(unchecked: sig)
            #expect(d.send(.vote(vote)).rejections == [.badSignature])
            // Same vote with another field changed after signing.
            var moved = net.vote(.precommit, round: 0, v, from: i)
            moved.round = 1
            #expect(d.send(.vote(moved)).rejections == [.badSignature])
        }
        #expect(d.sm.status == .running)
        #expect(d.log.decisions.isEmpty)
    }

    @Test func signaturesForAnotherNetworkAreRejected() {
        var d = started()
        let otherGenesis = ChainIdentity(chainID: TestNet.chain.chainID, genesisHash: Hash.zero)
        let i = d.others[0]
        let vote = Vote.signed(type: .prevote, height: 1, round: 0, value: nil, validatorIndex: UInt32(i), key: net.keys[i], chain: otherGenesis)
        #expect(d.send(.vote(vote)).rejections == [.badSignature])
    }

    @Test func proposalsFromTheWrongValidatorAreRejected() {
        var d = started()
        let notProposer = (net.validators.proposer(round: 0) + 1) % 4
        let p = net.proposal(round: 0, value("v"), from: notProposer)
        #expect(d.send(.proposal(p, valid: true)).rejections == [.notProposer(round: 0)])
        #expect(d.sm.step == .propose)
    }

    @Test func conflictingProposalKeepsTheFirst() {
        var d = started()
        let first = net.proposalByProposer(round: 0, value("a"))
        let second = net.proposalByProposer(round: 0, value("b"))
        #expect(d.send(.proposal(first, valid: true)).votes.map(\.value) == [value("a")])
        #expect(d.send(.proposal(second, valid: true)).rejections == [.conflictingProposal(round: 0)])
        #expect(d.send(.proposal(first, valid: true)).rejections == [.duplicate])
    }

    @Test func proposalWithValidRoundNotBelowItsRoundIsRejected() {
        var d = started()
        let p = net.proposalByProposer(round: 0, value("a"), validRound: 0)
        #expect(d.send(.proposal(p, valid: true)).rejections == [.invalidValidRound(round: 0, validRound: 0)])
    }

    @Test func aValidatorCannotFillUnboundedFutureRounds() {
        var d = started()
        let byz = d.others[0]
        for r: UInt32 in [10, 20] {
            #expect(d.send(.vote(net.vote(.prevote, round: r, nil, from: byz))).rejections.isEmpty)
        }
        #expect(d.send(.vote(net.vote(.prevote, round: 30, nil, from: byz))).rejections
            == [.tooFarAhead(round: 30, current: 0)])
        // Rounds already occupied, and the next round, stay open.
        #expect(d.send(.vote(net.vote(.precommit, round: 10, nil, from: byz))).rejections.isEmpty)
        #expect(d.send(.vote(net.vote(.prevote, round: 1, nil, from: byz))).rejections.isEmpty)
        // Far-future proposals are refused before any proposer computation.
        let far = ConsensusStateMachine.maxProposalRoundsAhead + 1
        let p = Proposal.signed(height: 1, round: far, value: value("x"), validRound: nil, key: net.keys[0], chain: net.chain)
        #expect(d.send(.proposal(p, valid: true)).rejections == [.tooFarAhead(round: far, current: 0)])
    }

    @Test func messagesBeforeStartAreRefused() {
        var sm = net.machine(me)
        #expect(sm.handle(.vote(net.vote(.prevote, round: 0, nil, from: 0))).rejections == [.notRunning])
        #expect(sm.handle(.nextHeight(validators: net.validators)).rejections == [.unexpectedAnswer])
    }

    @Test func unequalPowersCountPowerNotHeads() {
        // Powers 1, 1, 1, 10: the big validator alone is more than two thirds; the three small
        // ones together are not even a third.
        let net = TestNet(powers: [1, 1, 1, 10])
        let big = 3
        let small = [0, 1, 2]
        let observer = net.machine(nil)
        var sm = observer
        _ = sm.handle(.start)
        let v = value("v")
        let proposer = net.validators.proposer(round: 0)
        _ = sm.handle(.proposal(net.proposal(round: 0, v, from: proposer), valid: true))
        for i in small { #expect(sm.handle(.vote(net.vote(.precommit, round: 0, v, from: i))).decisions.isEmpty) }
        // The small ones at round 4 are not f+1 of power: no skip.
        for i in small { _ = sm.handle(.vote(net.vote(.prevote, round: 4, nil, from: i))) }
        #expect(sm.round == 0)
        let a = sm.handle(.vote(net.vote(.precommit, round: 0, v, from: big)))
        #expect(a.decisions.map(\.value) == [v])
        #expect(a.decisions.first?.commit.count == 4)
        #expect(proposer == big)  // round 0 goes to the most powerful validator
    }

    @Test func observerFollowsWithoutVoting() {
        var sm = net.machine(nil)
        let start = sm.handle(.start)
        #expect(start.builds.isEmpty && start.votes.isEmpty)
        let a = sm.handle(.proposal(net.proposalByProposer(round: 0, value("v")), valid: true))
        #expect(a.votes.isEmpty)
        #expect(sm.step == .prevote)
    }
}

@Suite("Equivocating proposer")
struct EquivocatingProposerTests {
    let net = TestNet(powers: [1, 1, 1, 1])

    /// A node that heard the proposer's other block first still decides the block that more than
    /// two thirds precommitted, once that proposal reaches it (it is kept as the round's alternate).
    @Test func decidesTheQuorumsBlockAfterHearingTheOtherFirst() {
        let proposer = net.validators.proposer(round: 0)
        let me = (0..<4).first { $0 != proposer }!
        var d = Driver(net: net, me: me)
        d.send(.start)
        let other = net.proposalByProposer(round: 0, value("other"))
        let chosen = net.proposalByProposer(round: 0, value("chosen"))
        #expect(d.send(.proposal(other, valid: true)).votes.map(\.value) == [value("other")])
        let voters = d.others.filter { $0 != proposer } + [proposer]
        d.votes(.precommit, round: 0, value("chosen"), from: voters)
        #expect(d.log.decisions.isEmpty)
        let actions = d.send(.proposal(chosen, valid: true))
        #expect(actions.rejections == [.conflictingProposal(round: 0)])
        #expect(actions.decisions.map(\.value) == [value("chosen")])
    }

    /// An invalid alternate block is never decided, whatever the precommits say.
    @Test func anInvalidAlternateIsNotDecided() {
        let proposer = net.validators.proposer(round: 0)
        let me = (0..<4).first { $0 != proposer }!
        var d = Driver(net: net, me: me)
        d.send(.start)
        d.send(.proposal(net.proposalByProposer(round: 0, value("other")), valid: true))
        d.votes(.precommit, round: 0, value("chosen"), from: d.others)
        let actions = d.send(.proposal(net.proposalByProposer(round: 0, value("chosen")), valid: false))
        #expect(actions.decisions.isEmpty)
        #expect(d.send(.proposal(net.proposalByProposer(round: 0, value("chosen")), valid: false)).rejections == [.duplicate])
    }
}
