import Foundation
import LedgerConsensus
import LedgerCore
import LedgerCrypto
import LedgerNode

/// Runs the real consensus engines of a scenario over a simulated network in one process, driven
/// by one seed, and checks the invariants throughout (Docs/CONSENSUS.md, "The simulator").
final class Simulator {
    struct Report {
        var violations: [String] = []
        var finishedAtMillis: UInt64?
        var committedHeights: UInt64 = 0
        var transactionsCommitted = 0
        var evidence = 0
        var conflictingProposalsSeen = 0
        var maxRound: UInt32 = 0
        var delivered = 0
    }

    private enum Item {
        case deliver(to: Int, ConsensusMessage)
        case timer(instance: Int, incarnation: Int, ConsensusTimeout)
        case nextHeight(instance: Int, incarnation: Int, height: UInt64)
        case gossip(instance: Int)
        case crash(instance: Int)
        case restart(instance: Int)
        case submitTransaction
    }

    let scenario: Scenario
    private let genesis: GenesisDocument
    private let validatorSet: ValidatorSet
    private let keys: [SigningKey]
    private let accounts: [SigningKey]
    private var instances: [SimInstance] = []
    private var queue = EventQueue<Item>()
    private var seq: UInt64 = 0
    private var now: UInt64 = 0
    private let baseTime: UInt64
    private var rng: SplitMix64
    private(set) var report = Report()
    static let gossipIntervalMillis: UInt64 = 300
    /// The engines' commit wait: about two blocks a second, so a long fault does not let the
    /// majority run thousands of heights ahead (which only costs run time).
    static let commitWaitMillis: UInt64 = 400
    /// After the last fault heals, every height must be decided within this (simulated) time.
    static let progressBoundPerHeightMillis: UInt64 = 30_000

    // Invariant bookkeeping.
    private var decided: [UInt64: Hash] = [:]
    private var signedBy: [Int: [String: [UInt8]]] = [:]
    private var deliveredVotes: [String: Set<[UInt8]>] = [:]
    private var evidenceAt: Set<String> = []
    private var deliveredProposals: [String: Set<Hash>] = [:]
    private var conflictingProposalsAt: Set<String> = []

    init(_ scenario: Scenario) throws {
        self.scenario = scenario
        rng = SplitMix64(seed: scenario.seed)
        keys = scenario.powers.indices.map { try! SigningKey(seed: [UInt8](repeating: UInt8(0x40 + $0), count: 32)) }
        accounts = (0..<4).map { try! SigningKey(seed: [UInt8](repeating: UInt8(0x90 + $0), count: 32)) }
        genesis = try Self.genesis(validators: keys.map(\.publicKey), powers: scenario.powers, accounts: accounts.map { Address(publicKey: $0.publicKey) })
        validatorSet = try ValidatorSet(genesis.validators.map { Validator(publicKey: $0.publicKey, power: $0.power) })
        let keyOf = scenario.powers.indices.map { $0 } + scenario.twins
        for (id, k) in keyOf.enumerated() {
            instances.append(try SimInstance(id: id, keyIndex: k, key: keys[k], genesis: genesis))
        }
        baseTime = try instances[0].node.chain.tip.timeMillis + 1_000
    }

    /// The simulated network's genesis, through the node's own parser (so it is validated like a real one).
    static func genesis(validators: [PublicKey], powers: [UInt64], accounts: [Address]) throws -> GenesisDocument {
        let vs = validators.enumerated().map { #"{"name": "v\#($0.offset)", "pub_key": "\#($0.element.hex)", "power": \#(powers[$0.offset])}"# }
        let accts = accounts.enumerated().map { #"{"name": "a\#($0.offset)", "address": "\#($0.element)", "balance": 1000000000}"# }
        let json = #"{"chain_id": "desci-sim", "genesis_time": "2026-01-01T00:00:00Z", "#
            + #""consensus_params": {"max_block_bytes": 1048576, "max_block_gas": 10000000, "block_interval_ms": 1000}, "#
            + #""validators": [\#(vs.joined(separator: ", "))], "accounts": [\#(accts.joined(separator: ", "))], "app_params": {"min_fee": 1}}"#
        return try GenesisDocument.parse(Data(json.utf8))
    }

    /// Instances whose key is honest and run once: the invariants are about them.
    private func isHonest(_ i: Int) -> Bool {
        let k = instances[i].keyIndex
        return scenario.roles[k] == .honest && !scenario.twins.contains(k)
    }

    func run() throws -> Report {
        for i in instances.indices { try boot(i) }
        for i in instances.indices { schedule(Self.gossipIntervalMillis + UInt64(i), .gossip(instance: i)) }
        for c in scenario.crashes {
            schedule(c.at, .crash(instance: c.instance))
            schedule(c.restart, .restart(instance: c.instance))
        }
        schedule(scenario.transactionEveryMillis, .submitTransaction)
        // Until every fault has healed the run just goes on; from then on, every honest validator
        // must reach two heights beyond the highest one already reached (and at least `heights`)
        // within the progress bound per height.
        var target: UInt64?
        var deadline = UInt64.max
        while !queue.isEmpty {
            let entry = queue.pop()
            now = entry.time
            if now > deadline { break }
            try step(entry.item)
            let heights = instances.indices.filter(isHonest).map { (try? instances[$0].node.chain.tip.height) ?? 0 }
            if target == nil, now >= scenario.healedAtMillis {
                let t = max(scenario.heights, (heights.max() ?? 0) + 2)
                target = t
                deadline = now + (t - (heights.min() ?? 0) + 1) * Self.progressBoundPerHeightMillis
            }
            if let target, heights.allSatisfy({ $0 >= target }) {
                report.finishedAtMillis = now
                break
            }
        }
        if report.finishedAtMillis == nil {
            let heights = instances.map { (try? $0.node.chain.tip.height) ?? 0 }
            report.violations.append("progress: not every honest validator reached height \(target ?? scenario.heights) in time "
                                     + "after healing at \(scenario.healedAtMillis) ms (heights by instance \(heights))")
        }
        try checkChains()
        report.committedHeights = instances.indices.filter(isHonest).map { (try? instances[$0].node.chain.tip.height) ?? 0 }.min() ?? 0
        return report
    }

    // MARK: Processes

    private func boot(_ i: Int) throws {
        let inst = instances[i]
        let signer = try PersistentSigner(key: inst.key, chain: genesis.identity, store: inst.signerStore, unsafeSignAfterHeight: 0)
        let engine = try ConsensusEngine(node: inst.node, validators: try currentValidators(inst), config: Self.config, signer: signer,
                                         wal: inst.wal, transport: SimTransport(self, i), timers: SimTimers(self, i),
                                         commitWaitMillis: Self.commitWaitMillis,
                                         clock: { [unowned self] in self.clock(of: inst.keyIndex) })
        engine.observer = { [unowned self] event in self.observe(event, instance: i) }
        inst.engine = engine
        try engine.start()
    }

    /// The set of the instance's next height: the genesis set advanced once per committed height.
    private func currentValidators(_ inst: SimInstance) throws -> ValidatorSet {
        var set = validatorSet
        let tip = try inst.node.chain.tip.height
        for _ in 0..<tip { set = set.forNextHeight() }
        return set
    }

    static let config = ConsensusConfig(proposeBaseMillis: 300, proposeDeltaMillis: 100, prevoteBaseMillis: 100, prevoteDeltaMillis: 50,
                                        precommitBaseMillis: 100, precommitDeltaMillis: 50)

    private func clock(of key: Int) -> UInt64 {
        let t = Int64(baseTime + now) + scenario.skews[key]
        return UInt64(max(t, 0))
    }

    private func step(_ item: Item) throws {
        switch item {
        case let .deliver(to, message):
            guard let engine = instances[to].engine else { return }
            report.delivered += 1
            if isHonest(to), !engine.isCommitWaiting, case let .vote(v) = message, v.height == engine.height, v.round <= engine.machine.round + 1 {
                deliveredVotes["\(to)/\(v.validatorIndex)/\(v.height)/\(v.round)/\(v.type)", default: []].insert(v.canonicalBytes)
            }
            if isHonest(to), !engine.isCommitWaiting, case let .proposal(p, _) = message, p.height == engine.height, p.round <= engine.machine.round + 1 {
                deliveredProposals["\(to)/\(p.height)/\(p.round)", default: []].insert(p.value)
            }
            try engine.receive(message)
            report.maxRound = max(report.maxRound, engine.machine.round)
        case let .timer(i, incarnation, t):
            guard instances[i].incarnation == incarnation, let engine = instances[i].engine else { return }
            try engine.timeout(t)
            report.maxRound = max(report.maxRound, engine.machine.round)
        case let .nextHeight(i, incarnation, h):
            guard instances[i].incarnation == incarnation, let engine = instances[i].engine else { return }
            try engine.commitWaitElapsed(height: h)
        case let .gossip(i):
            schedule(Self.gossipIntervalMillis, .gossip(instance: i))
            guard instances[i].isUp else { return }
            for to in instances.indices where to != i && instances[to].isUp {
                for m in instances[i].sent[instances[to].height] ?? [] { send(m, from: i, to: to) }
            }
        case let .crash(i):
            instances[i].crash()
        case let .restart(i):
            guard !instances[i].isUp else { return }
            try instances[i].restart(genesis: genesis)
            try boot(i)
        case .submitTransaction:
            schedule(scenario.transactionEveryMillis + rng.below(scenario.transactionEveryMillis), .submitTransaction)
            try submitTransaction()
        }
    }

    /// A transfer from a seed-chosen account with the next committed nonce, handed to every running
    /// mempool (standing in for mempool gossip). Duplicates and refusals are the mempool's business.
    private func submitTransaction() throws {
        let sender = accounts[Int(rng.below(UInt64(accounts.count)))]
        let address = Address(publicKey: sender.publicKey)
        let leader = instances.max { ((try? $0.node.chain.tip.height) ?? 0) < ((try? $1.node.chain.tip.height) ?? 0) }!
        let nonce = try leader.node.chain.account(address).nonce
        let body = TransactionBody(chainID: genesis.chainID, sender: sender.publicKey, nonce: nonce, gasLimit: 100_000, fee: 10,
                                   actions: [.transfer(TransferAction(to: Address(publicKey: accounts[Int(rng.below(4))].publicKey), amount: 1 + rng.below(100)))])
        let tx = try Transaction.sign(body, with: sender, genesisHash: genesis.hash)
        for inst in instances where inst.isUp {
            _ = try? inst.node.mempool.admit(tx, nextHeight: inst.height)
        }
    }

    // MARK: Network

    private func schedule(_ delay: UInt64, _ item: Item) {
        seq += 1
        queue.push(time: now + delay, seq: seq, item)
    }

    fileprivate func scheduleNextHeight(_ i: Int, height: UInt64, after ms: UInt64) {
        schedule(ms, .nextHeight(instance: i, incarnation: instances[i].incarnation, height: height))
    }

    fileprivate func scheduleTimer(_ i: Int, _ t: ConsensusTimeout, after ms: UInt64) {
        schedule(ms, .timer(instance: i, incarnation: instances[i].incarnation, t))
    }

    private func partitioned(_ a: Int, _ b: Int) -> Bool {
        let ka = instances[a].keyIndex, kb = instances[b].keyIndex
        return scenario.partitions.contains { now >= $0.start && now < $0.end && $0.group.contains(ka) != $0.group.contains(kb) }
    }

    private func send(_ m: ConsensusMessage, from: Int, to: Int, extraDelay: UInt64 = 0) {
        if partitioned(from, to) { return }
        if now < scenario.gstMillis {
            if rng.chance(scenario.dropPercent) { return }
            schedule(extraDelay + rng.below(scenario.maxDelayBeforeGST + 1), .deliver(to: to, m))
            if rng.chance(scenario.duplicatePercent) { schedule(rng.below(scenario.maxDelayBeforeGST + 1), .deliver(to: to, m)) }
        } else {
            schedule(extraDelay + 1 + rng.below(scenario.deltaAfterGST), .deliver(to: to, m))
        }
    }

    /// An instance broadcasts: honest ones send the message; byzantine keys add their fault.
    fileprivate func broadcast(_ m: ConsensusMessage, from i: Int) {
        instances[i].sent[m.height, default: []].append(m)
        let others = instances.indices.filter { $0 != i }
        switch (scenario.roles[instances[i].keyIndex], m) {
        case let (.doubleVoter, .vote(v)):
            var other = v
            other.value = v.value == nil ? SHA256.hash(Array("evil \(v.height) \(v.round)".utf8)) : nil
            other.signature = instances[i].key.sign(other.signingMessage(chain: genesis.identity))
            for to in others {
                let (early, late) = to % 2 == 0 ? (v, other) : (other, v)
                send(.vote(early), from: i, to: to)
                send(.vote(late), from: i, to: to, extraDelay: scenario.deltaAfterGST + 1)
            }
        case let (.equivocatingProposer, .proposal(p, block)):
            // A second block (one millisecond later, so another hash) for the same round, to half the network.
            var alt = block
            alt.header.timeMillis += 1
            let ap = Proposal.signed(height: p.height, round: p.round, value: alt.header.hash, validRound: p.validRound,
                                     key: instances[i].key, chain: genesis.identity)
            for to in others { send(to % 2 == 0 ? m : .proposal(ap, alt), from: i, to: to) }
        default:
            for to in others { send(m, from: i, to: to) }
        }
    }

    // MARK: Invariants

    private func observe(_ event: ConsensusEngineEvent, instance i: Int) {
        switch event {
        case let .signed(m):
            guard isHonest(i) else { return }
            let (slot, bytes): (String, [UInt8]) = switch m {
            case let .proposal(p, _): ("\(p.height)/\(p.round)/proposal", p.signingMessage(chain: genesis.identity))
            case let .vote(v): ("\(v.height)/\(v.round)/\(v.type)", v.signingMessage(chain: genesis.identity))
            }
            if let earlier = signedBy[i]?[slot], earlier != bytes {
                report.violations.append("double sign: honest instance \(i) signed two different messages at \(slot)")
            }
            signedBy[i, default: [:]][slot] = bytes
        case let .committed(h, _, hash, commit):
            if let other = decided[h], other != hash, isHonest(i) {
                report.violations.append("agreement: instance \(i) committed \(hash) at height \(h), another honest one \(other)")
            }
            if isHonest(i) { decided[h] = decided[h] ?? hash }
            var power: UInt64 = 0
            for vote in commit {
                let member = validatorSet[Int(vote.validatorIndex)]
                if vote.type != .precommit || vote.value != hash || vote.height != h || !vote.hasValidSignature(by: member.publicKey, chain: genesis.identity) {
                    report.violations.append("commit of height \(h) at instance \(i) holds a bad precommit")
                }
                power += member.power
            }
            if !validatorSet.isQuorum(power) { report.violations.append("commit of height \(h) at instance \(i) lacks a quorum") }
        case let .evidence(e):
            report.evidence += 1
            evidenceAt.insert("\(i)/\(e.validatorIndex)/\(e.voteA.height)/\(e.voteA.round)/\(e.voteA.type)")
        case let .rejected(why):
            if case let .conflictingProposal(round) = why, let engine = instances[i].engine {
                report.conflictingProposalsSeen += 1
                conflictingProposalsAt.insert("\(i)/\(engine.height)/\(round)")
            }
        case .signRefused, .invalidBlock:
            break
        }
    }

    /// End of run: every equivocation an honest instance received (both votes at its height) was
    /// reported; honest chains agree block by block; the decided chain replays from genesis.
    private func checkChains() throws {
        for (slot, values) in deliveredVotes where values.count > 1 && !evidenceAt.contains(slot) {
            report.violations.append("evidence: instance/validator/height/round/type \(slot) received conflicting votes but reported none")
        }
        for (slot, values) in deliveredProposals where values.count > 1 && !conflictingProposalsAt.contains(slot) {
            report.violations.append("evidence: instance/height/round \(slot) received two proposals but reported no conflict")
        }
        let honest = instances.indices.filter(isHonest)
        guard let reference = honest.max(by: { ((try? instances[$0].node.chain.tip.height) ?? 0) < ((try? instances[$1].node.chain.tip.height) ?? 0) })
        else { return }
        let refChain = instances[reference].node.chain
        for i in honest {
            let chain = instances[i].node.chain
            for h in stride(from: UInt64(1), through: try chain.tip.height, by: 1) {
                if try chain.block(height: h)?.header.hash != refChain.block(height: h)?.header.hash {
                    report.violations.append("agreement: instance \(i) and \(reference) stored different blocks at height \(h)")
                }
            }
        }
        do {
            report.transactionsCommitted = try DecidedChainReplay.replay(refChain, genesis: genesis)
        } catch {
            report.violations.append("validity: the decided chain of instance \(reference) does not replay: \(error)")
        }
    }
}

final class SimTransport: ConsensusTransport {
    unowned let sim: Simulator
    let instance: Int
    init(_ sim: Simulator, _ instance: Int) { self.sim = sim; self.instance = instance }
    func broadcast(_ message: ConsensusMessage) { sim.broadcast(message, from: instance) }
}

final class SimTimers: TimerScheduler {
    unowned let sim: Simulator
    let instance: Int
    init(_ sim: Simulator, _ instance: Int) { self.sim = sim; self.instance = instance }
    func schedule(afterMillis: UInt64, _ timeout: ConsensusTimeout) { sim.scheduleTimer(instance, timeout, after: afterMillis) }
    func scheduleNextHeight(afterMillis: UInt64, height: UInt64) { sim.scheduleNextHeight(instance, height: height, after: afterMillis) }
}
