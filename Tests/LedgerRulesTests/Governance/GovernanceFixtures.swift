import JsonLogic
import LedgerCore
import LedgerCrypto
import LedgerRules
import Testing

/// A small DAO over an in-memory overlay: members hold keys 0x41…, every member starts with
/// `memberBalance`, the treasury with `treasury`; policies are the defaults.
final class GovHarness {
    let state: StateOverlay
    let keys: [SigningKey]
    var nonces: [Address: UInt64] = [:]
    var height: UInt64 = 10
    static let memberBalance: UInt64 = 1_000_000
    static let treasury: UInt64 = 500_000
    static let minDeposit: UInt64 = 100

    init(members n: Int = 4, strategy: VotingStrategy = .oneMemberOneVote, votingPeriod: UInt64 = 10, timelock: UInt64 = 2,
         balances: [UInt64]? = nil, outsiders: Int = 1) {
        keys = (0..<(n + outsiders)).map { testKey(UInt8(0x41 + $0)) }
        var accounts: [(Address, Account)] = keys.enumerated().map { i, k in
            (address(k), Account(balance: balances.flatMap { i < $0.count ? $0[i] : nil } ?? GovHarness.memberBalance, nonce: 0))
        }
        accounts.append((ModuleAccounts.treasury, Account(balance: GovHarness.treasury)))
        state = stateWith(accounts)
        state.write(StateKey.params, testParams.canonicalBytes)
        let supply = accounts.reduce(UInt64(0)) { $0 + $1.1.balance }
        var w = CanonicalWriter()
        w.u64(supply)
        state.write(StateKey.supply, w.bytes)
        for name in PolicyName.allCases { Policies.store(name.rawValue, rule: DefaultPolicies.rule(name), in: state) }
        GovernanceStore.writeGenesis(members: keys.prefix(n).map(address),
                                     params: GovernanceParams(votingPeriodBlocks: votingPeriod, timelockBlocks: timelock,
                                                              minDeposit: GovHarness.minDeposit, strategy: strategy),
                                     into: state)
    }

    func addr(_ i: Int) -> Address { address(keys[i]) }
    /// The key that is not a member.
    var outsider: Int { keys.count - 1 }
    var block: BlockContext { testBlock(height: height) }

    func tx(_ i: Int, _ actions: [Action]) throws -> Transaction {
        let a = addr(i)
        let n = nonces[a, default: 0]
        nonces[a] = n + 1
        return try signedTransaction(from: keys[i], actions: actions, nonce: n, fee: 1, gasLimit: 5_000_000)
    }

    /// Runs a transaction that must succeed; returns its receipt.
    @discardableResult
    func ok(_ i: Int, _ action: Action, sourceLocation: SourceLocation = #_sourceLocation) throws -> Receipt {
        let r = try applyAdmitted(try tx(i, [action]), state, block: block, sourceLocation: sourceLocation)
        #expect(r.status == .success, "\(r.code): \(r.message)", sourceLocation: sourceLocation)
        return r
    }

    /// Runs a transaction whose action must fail with `code`; checks that nothing but the fee and
    /// nonce changed.
    func fails(_ i: Int, _ action: Action, code: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = state.writes
        let r = try applyAdmitted(try tx(i, [action]), state, block: block, sourceLocation: sourceLocation)
        #expect(r.status == .failed, sourceLocation: sourceLocation)
        #expect(r.code == code, "\(r.code): \(r.message)", sourceLocation: sourceLocation)
        let feeKeys: Set<[UInt8]> = [StateKey.account(addr(i)), StateKey.account(block.proposer)]
        let changed = state.writes.filter { before[$0.key] != $0.value }.map(\.key)
        #expect(changed.allSatisfy { feeKeys.contains($0) }, "a failed action must change nothing but fee and nonce", sourceLocation: sourceLocation)
    }

    @discardableResult
    func propose(_ i: Int = 0, _ actions: [ProposalAction] = [.text], deposit: UInt64 = GovHarness.minDeposit) throws -> UInt64 {
        let r = try ok(i, .propose(Propose(title: "t", summary: "s", actions: actions, deposit: deposit)))
        let id = r.events.first { $0.kind == "proposal_submitted" }?.attributes.first { $0.key == "proposal" }?.value
        return UInt64(id ?? "0") ?? 0
    }

    func vote(_ i: Int, _ id: UInt64, _ option: CastVote.Option) throws {
        try ok(i, .vote(CastVote(proposal: id, option: option)))
    }

    /// Runs end-block at the current height, then moves to the next height.
    @discardableResult
    func endBlock() throws -> [Event] {
        let events = try Contracts.endBlock(block: block, state: state, proposer: block.proposer)
        height += 1
        return events
    }

    /// Advances (running end-block at every height) until the current height is `h`.
    @discardableResult
    func advance(to h: UInt64) throws -> [Event] {
        var all: [Event] = []
        while height < h { all += try endBlock() }
        return all
    }

    func proposal(_ id: UInt64) throws -> ProposalRecord { try #require(try GovernanceStore.proposal(id, in: state)) }
    func balance(_ a: Address) throws -> UInt64 { try account(a, state).balance }
    func supply() throws -> UInt64 {
        let raw = try #require(try state.read(StateKey.supply))
        return raw.reduce(0) { $0 << 8 | UInt64($1) }
    }
    func isMember(_ a: Address) throws -> Bool { try state.read(GovernanceKeys.member(a)) != nil }
}

func canonicalRule(_ text: String) -> [UInt8] { try! JSONValue(parsing: text).canonicalBytes }
