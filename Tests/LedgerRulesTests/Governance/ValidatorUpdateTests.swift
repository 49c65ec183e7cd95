import LedgerCore
import LedgerCrypto
import LedgerRules
import Testing

@Suite("Governance: validator-set changes")
struct ValidatorUpdateTests {
    static func v(_ n: UInt8, _ power: UInt64) -> ValidatorUpdate { ValidatorUpdate(publicKey: testKey(n).publicKey, power: power) }
    static let four = [v(1, 10), v(2, 10), v(3, 10), v(4, 10)]

    func apply(_ updates: [ValidatorUpdate], to base: [ValidatorUpdate], replacing: [ValidatorUpdate]? = nil) -> Result<[ValidatorUpdate], RuleError> {
        ValidatorSetState.applying(updates, to: base, replacing: replacing ?? base)
    }

    func failure(_ r: Result<[ValidatorUpdate], RuleError>) -> String? {
        if case let .failure(.rejected(code, message)) = r { return "\(code): \(message)" }
        return nil
    }

    @Test func membersKeepTheirPositionNewOnesAreAppendedZeroRemoves() throws {
        let base = [Self.v(1, 100), Self.v(2, 100), Self.v(3, 10), Self.v(4, 100)]  // 15 of 310 moves
        let r = try apply([Self.v(5, 3), Self.v(2, 102), Self.v(3, 0)], to: base).get()
        #expect(r == [Self.v(1, 100), Self.v(2, 102), Self.v(4, 100), Self.v(5, 3)])
    }

    @Test func atMostAThirdOfThePowerMovesAtOnce() {
        // 40 power: 13 may move (3 × 13 = 39 ≤ 40), 14 may not.
        #expect((try? apply([Self.v(5, 13)], to: Self.four).get()) != nil)
        #expect(failure(apply([Self.v(5, 14)], to: Self.four))?.contains("moves 14 of 40") == true)
        // Removing one of four equal validators moves a quarter: allowed. Removing one and adding
        // one moves half: refused (it takes two proposals).
        #expect((try? apply([Self.v(4, 0)], to: Self.four).get()) != nil)
        #expect(failure(apply([Self.v(4, 0), Self.v(5, 10)], to: Self.four))?.hasPrefix("INVALID_VALIDATOR_UPDATE") == true)
        // Changes already scheduled in the same block count against the set they replace.
        let scheduled = [Self.v(1, 10), Self.v(2, 10), Self.v(3, 10), Self.v(4, 10), Self.v(5, 10)]
        #expect(failure(apply([Self.v(6, 10)], to: scheduled, replacing: Self.four))?.contains("moves 20 of 40") == true)
    }

    @Test func limits() {
        #expect(failure(apply([Self.v(1, 0)], to: [Self.v(1, 10)]))?.contains("no validator") == true)
        #expect(failure(apply([Self.v(9, 0)], to: Self.four))?.contains("not a validator") == true)
        #expect(failure(apply([Self.v(1, VotingPower.maxTotal + 1)], to: Self.four))?.contains("2^60") == true)
        // A total above 2^60 is refused even when each power is in range.
        let big = [Self.v(1, VotingPower.maxTotal / 2), Self.v(2, VotingPower.maxTotal / 2)]
        #expect(failure(apply([Self.v(3, VotingPower.maxTotal / 4)], to: big)) != nil)
    }

    @Test func beginBlockPromotesThePendingSetAndAnnouncesTheNext() throws {
        let state = StateOverlay(base: EmptyState())
        ValidatorSetState.writeGenesis(Self.four, into: state)
        let next = [Self.v(1, 10), Self.v(2, 10), Self.v(3, 10), Self.v(4, 12)]
        state.write(ValidatorSetState.pendingKey(7), ValidatorSetState.encode(next))
        let at5 = try ValidatorSetState.beginBlock(height: 5, state: state)
        #expect(at5.current == Self.four && at5.next == Self.four)
        let at6 = try ValidatorSetState.beginBlock(height: 6, state: state)
        #expect(at6.current == Self.four && at6.next == next)
        let at7 = try ValidatorSetState.beginBlock(height: 7, state: state)
        #expect(at7.current == next && at7.next == next)
        #expect(try state.read(ValidatorSetState.pendingKey(7)) == nil)
        #expect(try ValidatorSetState.decode(try #require(try state.read(ValidatorSetState.currentKey))) == next)
        #expect(ValidatorSetState.hash(next) == ValidatorSetHashing.hash(next.map { (publicKey: $0.publicKey, power: $0.power) }))
    }

    @Test func encodingIsCanonical() throws {
        let bytes = ValidatorSetState.encode(Self.four)
        #expect(bytes.count == 4 + 4 * 40)
        #expect(try ValidatorSetState.decode(bytes) == Self.four)
        #expect(throws: CodecError.self) { try ValidatorSetState.decode(bytes + [0]) }
        #expect(throws: CodecError.self) { try ValidatorSetState.decode(Array(bytes.dropLast())) }
    }

    @Test func exceedsOneThird() {
        #expect(!VotingPower.exceedsOneThird(1, of: 3) && VotingPower.exceedsOneThird(2, of: 5) && !VotingPower.exceedsOneThird(0, of: 0))
        #expect(VotingPower.exceedsOneThird(.max, of: .max))
    }
}

@Suite("Governance: validator.update executes through a proposal")
struct ValidatorUpdateExecutionTests {
    @Test func passedUpdateIsScheduledForHPlusTwoAndAnOversizedOneFailsWholly() throws {
        let g = GovHarness(timelock: 0)
        let genesis = [ValidatorUpdateTests.v(1, 30)]
        ValidatorSetState.writeGenesis(genesis, into: g.state)
        let id = try g.propose(0, [.updateValidators([ValidatorUpdateTests.v(2, 10)])])
        for i in 0..<3 { try g.vote(i, id, .yes) }
        try g.advance(to: try g.proposal(id).endHeight + 1)
        let executedAt = try #require(try g.proposal(id).executeHeight)
        #expect(try g.proposal(id).status == .executed)
        let scheduled = try #require(try g.state.read(ValidatorSetState.pendingKey(executedAt + 2)))
        #expect(try ValidatorSetState.decode(scheduled) == [ValidatorUpdateTests.v(1, 30), ValidatorUpdateTests.v(2, 10)])
        // Two updates in one proposal count as one change: 10 + 10 of 30 moves too much, nothing is scheduled.
        let big = try g.propose(1, [.updateValidators([ValidatorUpdateTests.v(3, 10)]), .updateValidators([ValidatorUpdateTests.v(4, 10)])])
        for i in 0..<3 { try g.vote(i, big, .yes) }
        try g.advance(to: try g.proposal(big).endHeight + 1)
        #expect(try g.proposal(big).failure?.hasPrefix("INVALID_VALIDATOR_UPDATE") == true)
        let failedAt = try #require(try g.proposal(big).executeHeight)
        #expect(try g.state.read(ValidatorSetState.pendingKey(failedAt + 2)) == nil)
    }
}
