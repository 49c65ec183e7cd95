import LedgerConsensus
import LedgerCore
import LedgerCrypto

/// A small deterministic network simulation around real state machines: one seed decides every
/// message delay, drop and reordering. Before GST messages may be dropped or delayed by up to
/// `maxDelayBeforeGST`; from GST on every message arrives within `deltaAfterGST`. Nodes re-send
/// (gossip) the messages of their current and previous height every `gossipIntervalMillis`, which
/// stands in for the eventual delivery the paper assumes; messages of a later height wait at the
/// receiver until it gets there (the network layer's job, not the state machine's). Invariants are checked at every
/// decision; a failure names the seed, so `Simulation(options).run()` with it replays exactly.
/// `make sim` (Sources/DesciSim) runs the real engine and block execution; this one is the state machine alone.
/// SplitMix64 and EventQueue live in LedgerConsensus/Simulation, shared with it.
struct Simulation {
    struct Options: CustomStringConvertible {
        var seed: UInt64
        var powers: [UInt64] = [1, 1, 1, 1]
        var heights: UInt64 = 3
        var silent: Set<Int> = []
        /// Validators that sign a conflicting vote for every vote, sent to half of the network.
        var equivocators: Set<Int> = []
        var gstMillis: UInt64 = 4_000
        var maxDelayBeforeGST: UInt64 = 1_500
        var dropPercentBeforeGST: UInt64 = 30
        var deltaAfterGST: UInt64 = 40
        var gossipIntervalMillis: UInt64 = 400
        var commitWaitMillis: UInt64 = 20
        var maxTimeMillis: UInt64 = 600_000
        var config = ConsensusConfig(proposeBaseMillis: 300, proposeDeltaMillis: 100, prevoteBaseMillis: 100,
                                     prevoteDeltaMillis: 50, precommitBaseMillis: 100, precommitDeltaMillis: 50)

        var description: String {
            "Simulation.Options(seed: \(seed), powers: \(powers), heights: \(heights), silent: \(silent.sorted()), equivocators: \(equivocators.sorted()))"
        }
    }

    struct Report {
        var decisions: [[UInt64: Hash]]
        var violations: [String]
        var finishedAtMillis: UInt64?
        var evidenceCount: Int
        var maxRound: UInt32
        var deliveredMessages: Int
    }

    private enum Message {
        case proposal(Proposal), vote(Vote)

        var height: UInt64 {
            switch self {
            case let .proposal(p): p.height
            case let .vote(v): v.height
            }
        }
    }

    private enum Item {
        case deliver(to: Int, Message)
        case timer(node: Int, ConsensusEvent)
        case gossip(node: Int)
    }

    private struct Node {
        var sm: ConsensusStateMachine
        var signer: GuardedSigner
        var key: SigningKey
        var sent: [UInt64: [Message]] = [:]
        var decided: [UInt64: Hash] = [:]
        var pending: [Message] = []
    }

    let options: Options
    private let net: TestNet
    private var nodes: [Node] = []
    private var queue = EventQueue<Item>()
    private var seq: UInt64 = 0
    private var now: UInt64 = 0
    private var rng: SplitMix64
    private var proposed: Set<Hash> = []
    private var report: Report

    init(_ options: Options) {
        self.options = options
        net = TestNet(powers: options.powers, seedBase: 40)
        rng = SplitMix64(seed: options.seed)
        report = Report(decisions: Array(repeating: [:], count: options.powers.count), violations: [], finishedAtMillis: nil,
                        evidenceCount: 0, maxRound: 0, deliveredMessages: 0)
        for i in options.powers.indices {
            nodes.append(Node(sm: net.machine(i, config: options.config), signer: GuardedSigner(key: net.keys[i], chain: net.chain),
                              key: net.keys[i]))
        }
    }

    var correct: [Int] { nodes.indices.filter { !options.silent.contains($0) && !options.equivocators.contains($0) } }

    mutating func run() -> Report {
        for i in nodes.indices where !options.silent.contains(i) {
            handle(node: i, .start)
            schedule(options.gossipIntervalMillis, .gossip(node: i))
        }
        while !queue.isEmpty, now <= options.maxTimeMillis {
            let entry = queue.pop()
            now = entry.time
            switch entry.item {
            case let .deliver(to, message):
                report.deliveredMessages += 1
                // The network layer keeps messages of a later height until the node gets there.
                if message.height > nodes[to].sm.height {
                    nodes[to].pending.append(message)
                } else {
                    deliver(message, to: to)
                }
            case let .timer(node, event):
                handle(node: node, event)
                if case .nextHeight = event {
                    let h = nodes[node].sm.height
                    let ready = nodes[node].pending.filter { $0.height == h }
                    nodes[node].pending.removeAll { $0.height <= h }
                    for message in ready { deliver(message, to: node) }
                }
            case let .gossip(node):
                // Like CometBFT's gossip routines, which know each peer's height: re-send our own
                // messages of the height the peer is at.
                for to in nodes.indices where to != node && !options.silent.contains(to) {
                    for message in nodes[node].sent[nodes[to].sm.height] ?? [] { send(message, from: node, to: to) }
                }
                schedule(options.gossipIntervalMillis, .gossip(node: node))
            }
            if correct.allSatisfy({ nodes[$0].decided.count >= Int(options.heights) }) {
                report.finishedAtMillis = now
                break
            }
        }
        return report
    }

    private mutating func deliver(_ message: Message, to: Int) {
        switch message {
        case let .proposal(p): handle(node: to, .proposal(p, valid: true))
        case let .vote(v): handle(node: to, .vote(v))
        }
    }

    private mutating func schedule(_ delay: UInt64, _ item: Item) {
        seq += 1
        queue.push(time: now + delay, seq: seq, item)
    }

    private mutating func send(_ message: Message, from: Int) {
        for to in nodes.indices where !options.silent.contains(to) { send(message, from: from, to: to) }
    }

    private mutating func send(_ message: Message, from: Int, to: Int, extraDelay: UInt64 = 0) {
        if to == from {
            schedule(extraDelay, .deliver(to: to, message))
        } else if now < options.gstMillis {
            if rng.below(100) < options.dropPercentBeforeGST { return }
            schedule(extraDelay + rng.below(options.maxDelayBeforeGST + 1), .deliver(to: to, message))
        } else {
            schedule(extraDelay + rng.below(options.deltaAfterGST + 1), .deliver(to: to, message))
        }
    }

    private mutating func handle(node i: Int, _ event: ConsensusEvent) {
        let actions = nodes[i].sm.handle(event)
        let h = nodes[i].sm.height
        for action in actions {
            switch action {
            case let .buildProposal(height, round):
                let v = SHA256.hash(Array("block \(height) \(round) by \(i)".utf8))
                proposed.insert(v)
                schedule(1, .timer(node: i, .proposalBuilt(height: height, round: round, value: v)))
            case let .broadcastProposal(p):
                guard case let .success(signed) = nodes[i].signer.sign(p) else { continue }
                record(.proposal(signed), node: i, height: h)
            case let .broadcastVote(v):
                guard case let .success(signed) = nodes[i].signer.sign(v) else { continue }
                if options.equivocators.contains(i) {
                    equivocate(signed, node: i)
                } else {
                    record(.vote(signed), node: i, height: h)
                }
            case let .scheduleTimeout(kind, height, round, duration):
                schedule(duration, .timer(node: i, .timeout(kind, height: height, round: round)))
            case let .decide(d):
                decided(d, node: i)
            case .evidence:
                report.evidenceCount += 1
            case .rejected:
                break
            }
        }
        report.maxRound = max(report.maxRound, nodes[i].sm.round)
    }

    private mutating func record(_ message: Message, node i: Int, height: UInt64) {
        nodes[i].sent[height, default: []].append(message)
        send(message, from: i)
    }

    /// Signs a conflicting vote too: even-numbered nodes get `vote` first and the other one
    /// later, odd-numbered nodes the other way round, so the network disagrees about which came
    /// first. Gossip repeats only `vote`.
    private mutating func equivocate(_ vote: Vote, node i: Int) {
        var other = vote
        other.value = vote.value == nil ? SHA256.hash(Array("evil \(vote.height) \(vote.round)".utf8)) : nil
        other.signature = nodes[i].key.sign(other.signingMessage(chain: net.chain))
        nodes[i].sent[vote.height, default: []].append(.vote(vote))
        for to in nodes.indices where !options.silent.contains(to) {
            let (early, late) = to % 2 == 0 ? (vote, other) : (other, vote)
            send(.vote(early), from: i, to: to)
            send(.vote(late), from: i, to: to, extraDelay: options.deltaAfterGST + 1)
        }
    }

    private mutating func decided(_ d: Decision, node i: Int) {
        report.decisions[i][d.height] = d.value
        nodes[i].decided[d.height] = d.value
        if !proposed.contains(d.value) { report.violations.append("node \(i) decided an unproposed value at height \(d.height)") }
        for j in nodes.indices where j != i {
            if let other = nodes[j].decided[d.height], other != d.value, !options.equivocators.contains(j) {
                report.violations.append("agreement: nodes \(i) and \(j) decided differently at height \(d.height)")
            }
        }
        var power: UInt64 = 0
        for vote in d.commit {
            let member = nodes[i].sm.validators[Int(vote.validatorIndex)]
            if !vote.hasValidSignature(by: member.publicKey, chain: net.chain) || vote.value != d.value || vote.type != .precommit {
                report.violations.append("node \(i) height \(d.height): commit holds a bad vote")
            }
            power += member.power
        }
        if !nodes[i].sm.validators.isQuorum(power) { report.violations.append("node \(i) height \(d.height): commit lacks a quorum") }
        if d.height < options.heights {
            let next = nodes[i].sm.validators.forNextHeight()
            schedule(options.commitWaitMillis, .timer(node: i, .nextHeight(validators: next)))
        }
    }
}
