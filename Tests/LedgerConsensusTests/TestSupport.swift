import LedgerConsensus
import LedgerCore
import LedgerCrypto

/// A test network: deterministic keys, the validator set and helpers that sign messages as any
/// member would.
struct TestNet {
    static let chain = ChainIdentity(chainID: "desci-test", genesisHash: Hash(unchecked: [UInt8](repeating: 7, count: 32)))

    let keys: [SigningKey]
    let validators: ValidatorSet
    var chain: ChainIdentity { Self.chain }

    init(powers: [UInt64], seedBase: UInt8 = 1) {
        keys = powers.indices.map { try! SigningKey(seed: [UInt8](repeating: seedBase &+ UInt8($0), count: 32)) }
        validators = try! ValidatorSet(zip(keys, powers).map { Validator(publicKey: $0.publicKey, power: $1) })
    }

    func vote(_ type: VoteType, height: UInt64 = 1, round: UInt32, _ value: Hash?, from i: Int) -> Vote {
        Vote.signed(type: type, height: height, round: round, value: value, validatorIndex: UInt32(i), key: keys[i], chain: chain)
    }

    func proposal(height: UInt64 = 1, round: UInt32, _ value: Hash, validRound: UInt32? = nil, from i: Int) -> Proposal {
        Proposal.signed(height: height, round: round, value: value, validRound: validRound, key: keys[i], chain: chain)
    }

    /// The state machine of validator `i` (nil: an observer) at `height`.
    func machine(_ i: Int?, height: UInt64 = 1, config: ConsensusConfig = .default) -> ConsensusStateMachine {
        ConsensusStateMachine(chain: chain, config: config, height: height, validators: validators, ownKey: i.map { keys[$0].publicKey })
    }

    /// The proposal signed by round `round`'s proposer at height 1.
    func proposalByProposer(round: UInt32, _ value: Hash, validRound: UInt32? = nil) -> Proposal {
        proposal(round: round, value, validRound: validRound, from: validators.proposer(round: round))
    }
}

func value(_ label: String) -> Hash { SHA256.hash(Array(label.utf8)) }

extension Array where Element == ConsensusAction {
    var votes: [Vote] { compactMap { if case let .broadcastVote(v) = $0 { v } else { nil } } }
    var proposals: [Proposal] { compactMap { if case let .broadcastProposal(p) = $0 { p } else { nil } } }
    var decisions: [Decision] { compactMap { if case let .decide(d) = $0 { d } else { nil } } }
    var evidence: [DuplicateVoteEvidence] { compactMap { if case let .evidence(e) = $0 { e } else { nil } } }
    var rejections: [MessageRejection] { compactMap { if case let .rejected(r) = $0 { r } else { nil } } }
    var timeouts: [(TimeoutKind, UInt32, UInt64)] {
        compactMap { if case let .scheduleTimeout(k, _, r, d) = $0 { (k, r, d) } else { nil } }
    }
    var builds: [UInt32] { compactMap { if case let .buildProposal(_, r) = $0 { r } else { nil } } }
}

/// One validator's state machine driven by a test script. Own votes and proposals are signed
/// (through a `GuardedSigner`) and fed back, as the node's shell will do.
struct Driver {
    let net: TestNet
    let me: Int
    var sm: ConsensusStateMachine
    var signer: GuardedSigner
    /// Every action the machine emitted, in order.
    var log: [ConsensusAction] = []

    init(net: TestNet, me: Int, config: ConsensusConfig = .default) {
        self.net = net
        self.me = me
        sm = net.machine(me, config: config)
        signer = GuardedSigner(key: net.keys[me], chain: net.chain)
    }

    /// Delivers `event`, then loops this validator's own messages back; returns every action.
    @discardableResult
    mutating func send(_ event: ConsensusEvent) -> [ConsensusAction] {
        var queue = [event]
        var all: [ConsensusAction] = []
        while !queue.isEmpty {
            let actions = sm.handle(queue.removeFirst())
            all += actions
            for action in actions {
                switch action {
                case let .broadcastVote(v): queue.append(.vote(try! signer.sign(v).get()))
                case let .broadcastProposal(p): queue.append(.proposal(try! signer.sign(p).get(), valid: true))
                default: break
                }
            }
        }
        log += all
        return all
    }

    @discardableResult
    mutating func votes(_ type: VoteType, round: UInt32, _ value: Hash?, from validators: [Int]) -> [ConsensusAction] {
        validators.flatMap { send(.vote(net.vote(type, round: round, value, from: $0))) }
    }

    /// The validators other than `me`, in index order.
    var others: [Int] { (0..<net.validators.count).filter { $0 != me } }
}
