import LedgerConsensus
import LedgerCore
import LedgerCrypto

/// Drives one validator's `ConsensusStateMachine` height after height with the real application
/// (Docs/CONSENSUS.md, "The engine"): proposals are built from the mempool by real execution,
/// received blocks are validated by replaying them (the executed result is kept, so the commit
/// does not execute twice), a decision is committed through `ChainStore` in its one synced batch.
///
/// Every input of the state machine is appended to the write-ahead log before it is handled, and
/// every own vote or proposal is signed only after the signer state is on disk (`PersistentSigner`).
/// After a crash, `start()` replays the current height's log and resumes.
///
/// Not thread-safe: one caller (the node's consensus task, or the simulator) drives it.
public final class ConsensusEngine {
    public let node: NodeCore
    public private(set) var machine: ConsensusStateMachine
    public private(set) var validators: ValidatorSet
    /// Equivocations seen and not yet put in a block (DecisionGlue.evidenceForBlock).
    public private(set) var pendingEvidence: [DuplicateVoteEvidence] = []
    public var observer: ((ConsensusEngineEvent) -> Void)?

    private let signer: PersistentSigner?
    private let wal: ConsensusWAL
    private let transport: ConsensusTransport
    private let timers: TimerScheduler
    private let clock: () -> UInt64
    /// How long to wait after a commit before starting the next height (late precommits, and one
    /// block per interval rather than as fast as the network allows).
    private let commitWaitMillis: UInt64
    /// The height is committed and the commit wait runs.
    private var awaitingNextHeight = false
    private var chain: ChainStore { node.chain }

    /// Blocks of the current height by hash, and what their execution gave.
    private var blocks: [Hash: Block] = [:]
    private var executed: [Hash: ExecutedBlock] = [:]
    private var verdicts: [Hash: Bool] = [:]
    private var builtRejected: [Hash: [Hash]] = [:]
    /// Exact messages already logged this height, so gossip repeats do not grow the log.
    private var seen: Set<[UInt8]> = []
    /// Messages of the next height, held until we get there (bounded).
    private var future: [ConsensusMessage] = []
    static let maxFutureMessages = 4096
    static let maxPendingEvidence = 1024

    /// While the log is replayed: own messages and builds already in it (they come from the log).
    private var replaying = false
    private var ownInLog: Set<OwnKey> = []
    private enum OwnKey: Hashable { case built(UInt32), proposal(UInt32), vote(VoteType, UInt32) }

    public init(node: NodeCore, validators: ValidatorSet, config: ConsensusConfig, signer: PersistentSigner?, wal: ConsensusWAL,
                transport: ConsensusTransport, timers: TimerScheduler, commitWaitMillis: UInt64 = 0,
                clock: @escaping () -> UInt64) throws {
        self.commitWaitMillis = commitWaitMillis
        self.node = node
        self.validators = validators
        self.signer = signer
        self.wal = wal
        self.transport = transport
        self.timers = timers
        self.clock = clock
        machine = ConsensusStateMachine(chain: node.genesis.identity, config: config, height: try node.chain.tip.height + 1,
                                        validators: validators, ownKey: signer?.publicKey)
    }

    public var height: UInt64 { machine.height }
    /// The current height is committed and the commit wait runs (its messages are no longer used).
    public var isCommitWaiting: Bool { awaitingNextHeight }

    /// Starts the current height, first replaying its write-ahead log (after a crash).
    public func start() throws {
        let all = try wal.entries()
        let current = all.filter { $0.height == machine.height }
        if current.count != all.count {
            // Entries of a committed height (the crash came between the commit and the reset).
            try wal.reset()
            for e in current { try wal.append(e) }
        }
        replaying = true
        ownInLog = Set(current.compactMap(ownKey))
        defer { replaying = false; ownInLog = [] }
        try run(.start)
        for entry in current where entry.height == machine.height {
            noteSeen(entry)
            try apply(entry)
        }
        // Peers may have missed what we signed just before the crash: send our logged messages again.
        if machine.height == current.first?.height {
            for entry in current {
                switch entry {
                case let .proposal(p, b) where ownKey(entry) != nil: transport.broadcast(.proposal(p, b))
                case let .vote(v) where ownKey(entry) != nil: transport.broadcast(.vote(v))
                default: break
                }
            }
        }
    }

    /// A message from the network.
    public func receive(_ message: ConsensusMessage) throws {
        signer?.observe(height: message.height)
        if message.height > machine.height {
            if message.height == machine.height + 1, future.count < Self.maxFutureMessages { future.append(message) }
            return
        }
        guard message.height == machine.height, !awaitingNextHeight else { return }
        let entry: WALEntry = switch message {
        case let .proposal(p, b): .proposal(p, b)
        case let .vote(v): .vote(v)
        }
        guard noteSeen(entry) else { return }
        try wal.append(entry)
        try apply(entry)
    }

    /// The commit wait of the height before `height` has elapsed: start `height`.
    public func commitWaitElapsed(height: UInt64) throws {
        guard awaitingNextHeight, height == machine.height + 1 else { return }
        awaitingNextHeight = false
        try run(.nextHeight(validators: validators))
    }

    /// A timeout scheduled earlier has elapsed.
    public func timeout(_ t: ConsensusTimeout) throws {
        guard t.height == machine.height, t.round == machine.round, !awaitingNextHeight else { return }
        let entry = WALEntry.timeout(t.kind, height: t.height, round: t.round)
        try wal.append(entry)
        try apply(entry)
    }

    // MARK: Inputs

    @discardableResult
    private func noteSeen(_ entry: WALEntry) -> Bool {
        switch entry {
        case let .proposal(p, _): seen.insert(p.canonicalBytes).inserted
        case let .vote(v): seen.insert(v.canonicalBytes).inserted
        case .timeout, .built: true
        }
    }

    private func ownKey(_ entry: WALEntry) -> OwnKey? {
        guard let me = signer?.publicKey else { return nil }
        switch entry {
        case let .built(_, r, _): return .built(r)
        case let .proposal(p, _): return p.hasValidSignature(by: me, chain: machine.chain) ? .proposal(p.round) : nil
        case let .vote(v):
            guard Int(v.validatorIndex) < validators.count, validators[Int(v.validatorIndex)].publicKey == me else { return nil }
            return .vote(v.type, v.round)
        case .timeout: return nil
        }
    }

    private func apply(_ entry: WALEntry) throws {
        switch entry {
        case let .proposal(p, block):
            // A block that is not the proposed value is a transport fault; the proposal is dropped.
            guard block.header.hash == p.value else { return }
            blocks[p.value] = block
            try run(.proposal(p, valid: validate(block)))
        case let .vote(v):
            try run(.vote(v))
        case let .timeout(kind, h, r):
            try run(.timeout(kind, height: h, round: r))
        case let .built(h, r, block):
            blocks[block.header.hash] = block
            verdicts[block.header.hash] = true
            try run(.proposalBuilt(height: h, round: r, value: block.header.hash))
        }
    }

    // MARK: The loop

    /// Hands `first` to the machine and carries out every action, feeding own messages back.
    private func run(_ first: ConsensusEvent) throws {
        var queue = [first]
        let startHeight = machine.height
        while !queue.isEmpty {
            let actions = machine.handle(queue.removeFirst())
            for action in actions { try perform(action, &queue) }
        }
        if machine.height != startHeight { try deliverFuture() }
    }

    private func perform(_ action: ConsensusAction, _ queue: inout [ConsensusEvent]) throws {
        switch action {
        case let .buildProposal(h, r):
            if replaying, ownInLog.contains(.built(r)) { return }
            let block = try build(height: h)
            try wal.append(.built(height: h, round: r, block))
            queue.append(.proposalBuilt(height: h, round: r, value: block.header.hash))
        case let .broadcastProposal(p):
            if replaying, ownInLog.contains(.proposal(p.round)) { return }
            guard let signer, let block = blocks[p.value] else { return }
            switch signer.sign(p) {
            case let .failure(why):
                // An unwritable signer state stops the engine: going on unsigned would hide a dying disk.
                if case .storage = why { throw why }
                observer?(.signRefused(why))
            case let .success(signed):
                try wal.append(.proposal(signed, block))
                seen.insert(signed.canonicalBytes)
                transport.broadcast(.proposal(signed, block))
                observer?(.signed(.proposal(signed, block)))
                queue.append(.proposal(signed, valid: true))
            }
        case let .broadcastVote(v):
            if replaying, ownInLog.contains(.vote(v.type, v.round)) { return }
            guard let signer else { return }
            switch signer.sign(v) {
            case let .failure(why):
                // An unwritable signer state stops the engine: going on unsigned would hide a dying disk.
                if case .storage = why { throw why }
                observer?(.signRefused(why))
            case let .success(signed):
                try wal.append(.vote(signed))
                seen.insert(signed.canonicalBytes)
                transport.broadcast(.vote(signed))
                observer?(.signed(.vote(signed)))
                queue.append(.vote(signed))
            }
        case let .scheduleTimeout(kind, h, r, ms):
            timers.schedule(afterMillis: ms, ConsensusTimeout(kind: kind, height: h, round: r))
        case let .decide(d):
            try commit(d)
            if commitWaitMillis == 0 {
                queue.append(.nextHeight(validators: validators))
            } else {
                awaitingNextHeight = true
                timers.scheduleNextHeight(afterMillis: commitWaitMillis, height: d.height + 1)
            }
        case let .evidence(e):
            // Bounded: until blocks carry evidence (c2), the oldest is dropped first.
            if pendingEvidence.count >= Self.maxPendingEvidence { pendingEvidence.removeFirst() }
            pendingEvidence.append(e)
            observer?(.evidence(e))
        case let .rejected(why):
            observer?(.rejected(why))
        }
    }

    private func deliverFuture() throws {
        let ready = future.filter { $0.height == machine.height }
        future.removeAll { $0.height <= machine.height }
        for m in ready { try receive(m) }
    }

    // MARK: The application

    /// The block this validator proposes: mempool candidates executed over the committed state.
    private func build(height h: UInt64) throws -> Block {
        let tip = try chain.tip
        let params = try chain.params()
        let candidates = node.mempool.reap(maxBytes: params.maxBlockBytes, maxGas: params.maxBlockGas)
        let proposer = Address(publicKey: signer?.publicKey ?? validators[0].publicKey)
        let lastCommit = h > 1 ? try chain.commit(height: h - 1) : nil
        let header = BlockExecutor.Header(chainID: node.genesis.chainID, height: h, timeMillis: max(clock(), tip.timeMillis + 1),
                                          previousHash: tip.hash, proposer: proposer, lastCommit: lastCommit,
                                          evidence: DecisionGlue.evidenceForBlock(pendingEvidence))
        let result = try BlockExecutor.propose(candidates: candidates, header: header, store: chain)
        let hash = result.block.header.hash
        blocks[hash] = result.block
        executed[hash] = result
        verdicts[hash] = true
        builtRejected[hash] = result.rejected.map(\.id)
        return result.block
    }

    /// `valid(v)` of the paper: the header links to our tip and replaying the block gives its roots.
    private func validate(_ block: Block) -> Bool {
        let hash = block.header.hash
        if let v = verdicts[hash] { return v }
        let verdict: Bool
        do {
            try checkHeader(block.header)
            executed[hash] = try BlockExecutor.replay(block, store: chain)
            verdict = true
        } catch {
            observer?(.invalidBlock(height: block.header.height, hash: hash, reason: "\(error)"))
            verdict = false
        }
        verdicts[hash] = verdict
        return verdict
    }

    private func checkHeader(_ h: BlockHeader) throws {
        let tip = try chain.tip
        guard h.height == machine.height else { throw BlockValidationError.wrongHeight(expected: machine.height, got: h.height) }
        guard h.chainID == node.genesis.chainID, h.previousHash == tip.hash else { throw BlockValidationError.wrongPrevious }
        guard h.timeMillis > tip.timeMillis else { throw BlockValidationError.nonMonotonicTime }
        // The validators hashes, last commit and evidence are checked by `BlockExecutor.replay`
        // against the set kept in state.
    }

    /// Decision → commit: one synced batch (block, commit, receipts, state), then the mempool, the
    /// waiters, the signer's safe height and the log. The decided block was validated when its
    /// proposal arrived; after a replay it may need executing again.
    private func commit(_ d: Decision) throws {
        guard let block = blocks[d.value] else { throw ChainStoreError.corrupt("decided block \(d.value) is not held") }
        let result = try executed[d.value] ?? BlockExecutor.replay(block, store: chain)
        try chain.commit(result, commit: DecisionGlue.commit(for: d, validators: validators))
        let ids = result.transactions.map(\.id)
        node.mempool.update(committed: ids, rejected: builtRejected[d.value] ?? [], nextHeight: d.height + 1)
        node.waiters.notify(height: d.height, transactions: ids, receipts: result.receipts)
        try signer?.observeCommit(height: d.height)
        try wal.reset()
        // The next height's own messages are not in the log: replay ends with this height.
        replaying = false
        ownInLog = []
        observer?(.committed(height: d.height, round: d.round, hash: d.value, commit: d.commit))
        blocks = [:]
        executed = [:]
        verdicts = [:]
        builtRejected = [:]
        seen = []
        validators = try ConsensusValidators.next(after: validators, height: d.height, changed: result.validatorSetChange != nil, chain: chain)
    }
}
