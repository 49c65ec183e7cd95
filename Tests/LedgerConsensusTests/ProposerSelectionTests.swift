import LedgerConsensus
import LedgerCore
import LedgerCrypto
import Testing

@Suite("Proposer selection")
struct ProposerSelectionTests {
    @Test func frequenciesFollowPowerOverHeights() {
        let net = TestNet(powers: [1, 2, 3, 4])
        var set = net.validators
        var counts = [0, 0, 0, 0]
        for _ in 0..<1000 {
            counts[set.proposerIndex] += 1
            set = set.forNextHeight()
        }
        #expect(counts == [100, 200, 300, 400])
    }

    @Test func everyWindowOfTotalPowerIsExact() {
        let net = TestNet(powers: [1, 2, 3, 4])
        var set = net.validators
        for _ in 0..<20 {
            var counts = [0, 0, 0, 0]
            for _ in 0..<10 {
                counts[set.proposerIndex] += 1
                set = set.forNextHeight()
            }
            #expect(counts == [1, 2, 3, 4])
        }
    }

    @Test func roundsFollowTheSameSequence() {
        let net = TestNet(powers: [5, 1, 3, 2, 8])
        var sm = net.machine(0)
        var set = net.validators
        for r: UInt32 in 0..<60 {
            #expect(net.validators.proposer(round: r) == set.proposerIndex)
            #expect(sm.proposer(round: r) == set.proposerIndex)
            set.advanceProposer(times: 1)
        }
    }

    @Test func firstProposerIsTheMostPowerful() {
        #expect(TestNet(powers: [3, 9, 4]).validators.proposerIndex == 1)
    }

    @Test func tiesGoToTheLowestAddress() {
        let net = TestNet(powers: [2, 2, 2])
        let lowest = net.validators.validators.indices.min { net.validators[$0].address < net.validators[$1].address }!
        #expect(net.validators.proposerIndex == lowest)
    }

    @Test func selectionIsDeterministic() {
        let a = TestNet(powers: [7, 1, 1, 3]).validators
        let b = TestNet(powers: [7, 1, 1, 3]).validators
        #expect((0..<200).map { a.proposer(round: UInt32($0)) } == (0..<200).map { b.proposer(round: UInt32($0)) })
        #expect(a == b)
    }

    @Test func hugePowersNeitherTrapNorStarve() {
        // Total 2^60, the largest allowed; one tiny validator.
        let big = VotingPower.maxTotal - 1
        let net = TestNet(powers: [big, 1])
        var set = net.validators
        for _ in 0..<1000 {
            #expect(set.priorities.allSatisfy { $0.magnitude <= 2 * VotingPower.maxTotal })
            set = set.forNextHeight()
        }
        #expect(set.proposerIndex == 0)
    }

    @Test func rescalingKeepsPrioritiesInTheWindow() {
        // Priorities far apart (as after a set change) are squeezed into 2 × total.
        var set = TestNet(powers: [1, 1]).validators
        set.setPrioritiesForTesting([1_000_000, -1_000_000])
        set.advanceProposer(times: 1)
        let spread = set.priorities.max()! - set.priorities.min()!
        #expect(spread <= 2 * 2 + 2)
    }

    @Test func invalidSetsAreRefused() {
        let k = try! SigningKey(seed: [UInt8](repeating: 1, count: 32)).publicKey
        #expect(throws: ValidatorSetError.empty) { try ValidatorSet([]) }
        #expect(throws: ValidatorSetError.duplicateKey(index: 1)) {
            try ValidatorSet([Validator(publicKey: k, power: 1), Validator(publicKey: k, power: 2)])
        }
        #expect(throws: ValidatorSetError.power(.zero(index: 0))) { try ValidatorSet([Validator(publicKey: k, power: 0)]) }
        #expect(ValidatorSetError.empty.code == "VALIDATORS_EMPTY")
    }

    @Test func thresholdsAreExactIntegers() throws {
        let set = TestNet(powers: [1, 1, 1]).validators  // total 3
        #expect(!set.isQuorum(2))  // 2/3 is not more than 2/3
        #expect(set.isQuorum(3))
        #expect(!set.exceedsOneThird(1))
        #expect(set.exceedsOneThird(2))
        let four = TestNet(powers: [1, 1, 1, 1]).validators
        #expect(!four.isQuorum(2) && four.isQuorum(3))
        #expect(!four.exceedsOneThird(1) && four.exceedsOneThird(2))
    }
}
