import Foundation
import LedgerConsensus
import LedgerCore
import LedgerCrypto
import LedgerP2P
import Logging

/// The node on the network (Docs/NETWORK.md §6, Docs/CONSENSUS.md "The engine in the node"): owns
/// the consensus engine (when the genesis set has several validators), block sync and the proposal
/// reassembly, and is fed one input at a time — a peer's message, a peer going up or down, a timer,
/// a periodic tick — so the engine, which is not thread-safe, only ever runs on this actor.
/// Transactions are gossiped outside it (`NetworkService`), since admitting them does not touch the engine.
public actor NodeNetwork {
    public struct Settings: Sendable {
        public var consensus: ConsensusConfig
        /// The wait after a commit before the next height (the genesis block interval).
        public var commitWaitMillis: UInt64
        /// Run the BFT engine (false: a single-validator network, where blocks come from the producer).
        public var runsConsensus: Bool
        /// The validator key's seed, when this node holds a key of the genesis set.
        public var validatorSeed: [UInt8]?
        public var signerStatePath: String
        public var walPath: String
        /// `--unsafe-sign-after-height`: with no signer state on disk, sign above this height.
        public var unsafeSignAfterHeight: UInt64?
        public var maxSyncResponseBytes: Int

        public init(consensus: ConsensusConfig, commitWaitMillis: UInt64, runsConsensus: Bool, validatorSeed: [UInt8]?,
                    signerStatePath: String, walPath: String, unsafeSignAfterHeight: UInt64?, maxSyncResponseBytes: Int) {
            self.consensus = consensus
            self.commitWaitMillis = commitWaitMillis
            self.runsConsensus = runsConsensus
            self.validatorSeed = validatorSeed
            self.signerStatePath = signerStatePath
            self.walPath = walPath
            self.unsafeSignAfterHeight = unsafeSignAfterHeight
            self.maxSyncResponseBytes = maxSyncResponseBytes
        }
    }

    let node: NodeCore
    let settings: Settings
    let logger: Logger
    private let out: AsyncStream<Outbound>.Continuation
    private let signer: PersistentSigner?
    private let wal: ConsensusWAL?
    private var engine: ConsensusEngine?
    private var transport: P2PConsensusTransport
    private var sync: BlockSyncState
    private var assembler = ProposalAssembler()
    private let started = ContinuousClock.now
    private var lastHeight: UInt64 = 0
    private var lastProgressMillis: UInt64 = 0
    private var lastResendMillis: UInt64 = 0
    private var lastStatusMillis: UInt64 = 0
    private var connected: Set<NodeID> = []

    static let statusIntervalMillis: UInt64 = 1_000
    static let stallResendMillis: UInt64 = 2_000

    let ownID: NodeID

    init(node: NodeCore, ownID: NodeID, settings: Settings, logger: Logger, out: AsyncStream<Outbound>.Continuation) throws {
        self.ownID = ownID
        self.node = node
        self.settings = settings
        self.logger = logger
        self.out = out
        transport = P2PConsensusTransport(out: out)
        let tip = try node.chain.tip.height
        sync = BlockSyncState(localHeight: tip)
        lastHeight = tip
        if settings.runsConsensus, let seed = settings.validatorSeed {
            signer = try PersistentSigner(key: try SigningKey(seed: seed), chain: node.genesis.identity,
                                          store: SignerRecordFile(path: settings.signerStatePath),
                                          unsafeSignAfterHeight: settings.unsafeSignAfterHeight)
        } else {
            signer = nil
        }
        wal = settings.runsConsensus ? try FileWAL(path: settings.walPath) : nil
    }

    private var nowMillis: UInt64 {
        let d = ContinuousClock.now - started
        return UInt64(d.components.seconds) * 1000 + UInt64(d.components.attoseconds / 1_000_000_000_000_000)
    }

    /// The current height the engine works on (tip + 1 without an engine).
    public var height: UInt64 { engine?.height ?? lastHeight + 1 }
    public var round: UInt32 { engine?.machine.round ?? 0 }
    public var isCatchingUp: Bool { sync.isCatchingUp }

    /// Starts (or, after sync moved the tip, restarts) the engine at the chain's next height.
    func start() throws {
        if settings.runsConsensus { try makeEngine() }
        broadcastStatus()
    }

    private func makeEngine() throws {
        guard let wal else { return }
        let tip = try node.chain.tip.height
        let validators = try ConsensusValidators.set(height: tip + 1, chain: node.chain)
        let timers = TaskTimers(fire: { [weak self] t in try? await self?.timeout(t) },
                                nextHeight: { [weak self] h in try? await self?.commitWaitElapsed(h) })
        let engine = try ConsensusEngine(node: node, validators: validators, config: settings.consensus, signer: signer, wal: wal,
                                         transport: transport, timers: timers, commitWaitMillis: settings.commitWaitMillis,
                                         clock: { UInt64(Date().timeIntervalSince1970 * 1000) })
        let refusals = RefusalLog()
        engine.observer = { [logger, out] event in
            switch event {
            case let .committed(height, round, hash, commit):
                logger.info("committed block", metadata: ["height": "\(height)", "round": "\(round)", "hash": "\(hash.hex.prefix(16))",
                                                          "precommits": "\(commit.count)"])
            case let .evidence(e):
                logger.warning("equivocation detected", metadata: ["height": "\(e.voteA.height)", "validator": "\(e.voteA.validatorIndex)"])
                out.yield(.broadcast(.evidence(e)))
            case let .invalidBlock(height, hash, reason):
                logger.warning("invalid proposed block", metadata: ["height": "\(height)", "hash": "\(hash.hex.prefix(16))", "reason": "\(reason)"])
            case let .rejected(why):
                logger.debug("consensus message rejected", metadata: ["reason": "\(why)"])
            case let .signRefused(why):
                // Once per kind of refusal: a validator waiting for its safe height refuses every round.
                if refusals.last != why.code {
                    refusals.last = why.code
                    logger.warning("this validator does not sign", metadata: ["code": "\(why.code)", "reason": "\(why)"])
                }
            case .signed:
                refusals.last = nil
            }
        }
        self.engine = engine
        try engine.start()
        logger.info("consensus started", metadata: ["height": "\(engine.height)", "validators": "\(validators.count)",
                                                    "signer": "\(signer.map { Address(publicKey: $0.publicKey).bech32 } ?? "none (full node)")"])
    }

    // MARK: Inputs

    func timeout(_ t: ConsensusTimeout) throws {
        try engine?.timeout(t)
        try afterInput()
    }

    func commitWaitElapsed(_ h: UInt64) throws {
        try engine?.commitWaitElapsed(height: h)
        try afterInput()
    }

    func peer(_ event: PeerEvent) {
        switch event {
        case let .up(id):
            connected.insert(id)
            NodeMetrics.setPeers(connected.count)
            out.yield(.send(.status(height: lastHeight, nodeID: ownID), to: id))
            if let engine, transport.ownHeight == engine.height {
                for m in transport.ownMessages { out.yield(.send(m, to: id)) }
            }
        case let .down(id):
            connected.remove(id)
            NodeMetrics.setPeers(connected.count)
            perform(sync.handle(.peerDown(id), nowMillis: nowMillis))
        case let .refused(id, code, reason):
            logger.debug("peer connection refused", metadata: ["peer": "\(id.map { "\($0)" } ?? "?")", "code": "\(code)", "reason": "\(reason)"])
        }
    }

    /// A message from a peer (transactions are handled by `NetworkService`).
    func receive(_ message: P2PMessage, from peer: NodeID) throws {
        switch message {
        case let .proposal(p, hashes):
            guard let engine else { return }
            let signers = engine.validators.validators.map(\.publicKey)
            let maxBytes = (try? node.chain.params().maxBlockBytes) ?? UInt64(ProtocolLimits.maxBlockBytes)
            let outcome = assembler.proposal(p, partHashes: hashes, currentHeight: engine.height, signers: signers,
                                             chain: node.genesis.identity, maxBlockBytes: maxBytes)
            if case let .dropped(why) = outcome { logger.debug("proposal dropped", metadata: ["peer": "\(peer)", "reason": "\(why)"]) }
        case let .blockPart(h, r, i, bytes):
            guard let engine else { return }
            switch assembler.part(height: h, round: r, index: i, bytes: bytes) {
            case let .complete(m): try engine.receive(m)
            case let .dropped(why): logger.debug("block part dropped", metadata: ["peer": "\(peer)", "reason": "\(why)"])
            case .incomplete: break
            }
        case let .vote(v):
            try engine?.receive(.vote(v))
        case .evidence:
            // Each validator detects equivocation from the votes it receives itself; gossiped evidence
            // only tells operators (the block builder takes the engine's own).
            break
        case let .status(h, _):
            perform(sync.handle(.status(peer: peer, height: h), nowMillis: nowMillis))
        case let .syncRequest(from, count):
            let blocks = (try? node.syncBlocks(from: from, count: count, maxBytes: settings.maxSyncResponseBytes)) ?? []
            out.yield(.send(.syncResponse(blocks), to: peer))
        case let .syncResponse(blocks):
            try applySynced(blocks, from: peer)
        case let .ping(n):
            out.yield(.send(.pong(n), to: peer))
        case .pong, .transactions:
            break
        }
        try afterInput()
    }

    func tick() throws {
        let now = nowMillis
        perform(sync.handle(.tick, nowMillis: now))
        if now - lastStatusMillis >= Self.statusIntervalMillis { broadcastStatus() }
        // A stalled height: send our own messages of it again (a peer may have missed them while disconnected).
        if let engine, now - lastProgressMillis >= Self.stallResendMillis, now - lastResendMillis >= Self.stallResendMillis,
           transport.ownHeight == engine.height {
            lastResendMillis = now
            for m in transport.ownMessages { out.yield(.broadcast(m)) }
        }
        try afterInput()
    }

    // MARK: Sync

    private func applySynced(_ blocks: [SyncedBlock], from peer: NodeID) throws {
        var applied = 0
        for item in blocks {
            do {
                let s = try node.applySynced(item)
                applied += 1
                if s.height % 100 == 0 || item == blocks.last {
                    logger.info("synced block", metadata: ["height": "\(s.height)", "hash": "\(s.hash.hex.prefix(16))", "txs": "\(s.transactions)",
                                                       "peer_height": "\(sync.bestPeerHeight)"])
                }
            } catch let refusal as SyncRefusal {
                // Another height than the next one is a race with our own commit, not misbehaviour.
                if try node.chain.tip.height >= refusal.height, refusal.height > 0 { continue }
                logger.warning("synced block refused", metadata: ["peer": "\(peer)", "reason": "\(refusal)"])
                break
            }
        }
        let tip = try node.chain.tip.height
        perform(sync.handle(.responded(peer: peer, applied: applied), nowMillis: nowMillis))
        if applied > 0 {
            try signer?.observeCommit(height: tip)
            assembler.prune(below: tip + 1)
            if engine != nil { try makeEngine() }
        }
    }

    private func perform(_ actions: [BlockSyncState.Action]) {
        for case let .request(peer, from, count) in actions {
            logger.debug("sync request", metadata: ["peer": "\(peer)", "from": "\(from)", "count": "\(count)"])
            out.yield(.send(.syncRequest(fromHeight: from, count: count), to: peer))
        }
    }

    private func broadcastStatus() {
        lastStatusMillis = nowMillis
        out.yield(.broadcast(.status(height: lastHeight, nodeID: ownID)))
    }

    /// After every input: notice a new tip (for sync, resends and peers' status).
    private func afterInput() throws {
        if let engine {
            // Metrics ordinals: 0 propose, 1 prevote, 2 precommit, 3 commit wait.
            let step = engine.isCommitWaiting ? 3 : Int(engine.machine.step.rawValue) - 1
            NodeMetrics.setConsensus(round: UInt64(engine.machine.round), step: step)
        }
        let tip = try node.chain.tip.height
        if tip != lastHeight {
            lastHeight = tip
            lastProgressMillis = nowMillis
            assembler.prune(below: tip + 1)
            perform(sync.handle(.localHeight(tip), nowMillis: nowMillis))
            broadcastStatus()
        }
    }
}

/// The last signing refusal logged (the engine's observer runs on the network actor only).
private final class RefusalLog {
    var last: String?
}
