import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
import LedgerProofs
import LedgerRPC
import LedgerRules
import LedgerStorage
import Logging
import Synchronization

/// The node's state and the operations the RPC API and the block producer share.
public final class NodeCore: NodeAPI, Sendable {
    public static let version = SoftwareVersion.semantic

    public let genesis: GenesisDocument
    public let genesisData: [UInt8]
    public let chain: ChainStore
    public let mempool: Mempool
    let waiters: CommitWaiters
    /// `GET /events` subscribers, fed by `waiters.notify` on every commit.
    public let events: EventHub
    /// Also told of every commit (metrics).
    public let commitObservers = CommitObservers()
    let validator: ValidatorSigner?
    let logger: Logger
    /// The `[rpc]` limits the node enforces itself (commit waiters, async admissions, simulate gas).
    let rpc: RPCConfig
    /// Requests waiting for their block, and async transactions not yet admitted (both bounded).
    let commitWaiterSlots: RequestBudget
    let asyncPending: RequestBudget
    /// The last signed record-log checkpoint (re-signed only when the log grows).
    let checkpoints = CheckpointCache()
    /// Newly admitted transactions waiting to be gossiped (enabled when the network runs).
    public let txGossip = TxGossipBuffer()
    /// Serialises block production (only one block is built at a time).
    private let producing = Mutex(())

    public init(genesis: GenesisDocument, genesisData: [UInt8], chain: ChainStore, mempoolConfig: MempoolConfig,
                validator: ValidatorSigner?, logger: Logger, rpc: RPCConfig = RPCConfig()) throws {
        try chain.initialise(genesis: genesis)
        self.rpc = rpc
        let events = EventHub(chain: chain, limits: .init(maxSubscribers: rpc.maxEventSubscribers, queueCapacity: rpc.eventQueueSize,
                                                         maxReplayHeights: rpc.maxEventReplayHeights, heartbeatMillis: rpc.eventHeartbeatMillis))
        self.events = events
        let observers = commitObservers
        waiters = CommitWaiters(onCommit: { height in
            events.publish(height: height)
            observers.notify(height: height)
        })
        commitWaiterSlots = RequestBudget(limit: rpc.maxCommitWaiters)
        asyncPending = RequestBudget(limit: rpc.maxAsyncPending)
        self.genesis = genesis
        self.genesisData = genesisData
        self.chain = chain
        mempool = Mempool(config: mempoolConfig, chain: chain, identity: genesis.identity)
        self.validator = validator
        self.logger = logger
    }

    /// Compares the state tree's stored root with the last block's (cheap: tree and block are
    /// written in one batch, so they agree after any crash unless the database is damaged). With
    /// `fullRecompute` it also rebuilds the root from every state entry, in time proportional to the state.
    public func verifyStoredState(fullRecompute: Bool = false) throws {
        let tip = try chain.tip
        let stored = try chain.storedStateTreeRoot()
        guard stored == tip.stateRoot else {
            throw ChainStoreError.corrupt("state tree root \(stored) does not match block \(tip.height)'s \(tip.stateRoot)")
        }
        try verifyTipCommit()
        guard fullRecompute else { return }
        let root = try chain.recomputedStateRoot()
        guard root == tip.stateRoot else {
            throw ChainStoreError.corrupt("state root \(root) does not match block \(tip.height)'s \(tip.stateRoot)")
        }
    }

    // MARK: block production

    public struct ProducedBlock: Sendable {
        public var height: UInt64
        public var hash: Hash
        public var transactions: Int
        public var rejected: Int
    }

    /// Builds, executes, signs and commits the next block from the mempool. Returns nil when there is
    /// nothing to do and `allowEmpty` is false.
    @discardableResult
    public func produceBlock(nowMillis: UInt64, allowEmpty: Bool) throws -> ProducedBlock? {
        guard let validator else { return nil }
        return try producing.withLock { _ in
            let tip = try chain.tip
            let params = try chain.params()
            let candidates = mempool.reap(maxBytes: params.maxBlockBytes, maxGas: params.maxBlockGas)
            // Governance work due at the next height (a tally or an execution) makes a block even
            // when empty blocks are off, so due proposals are not held up by a quiet mempool.
            let due = try GovernanceStore.hasDueWork(atHeight: tip.height + 1, in: chain.stateReader)
            if candidates.isEmpty && !allowEmpty && !due { return nil }
            let header = BlockExecutor.Header(chainID: genesis.chainID, height: tip.height + 1, timeMillis: max(nowMillis, tip.timeMillis + 1),
                                              previousHash: tip.hash, proposer: validator.address,
                                              lastCommit: tip.height == 0 ? nil : try chain.commit(height: tip.height))
            let executed = try BlockExecutor.propose(candidates: candidates, header: header, store: chain)
            if executed.transactions.isEmpty && !allowEmpty && !due {
                mempool.update(committed: [], rejected: executed.rejected.map(\.id), nextHeight: tip.height + 1)
                return nil
            }
            let hash = executed.block.header.hash
            guard let commit = try signOwnCommit(height: header.height, blockHash: hash, validator: validator) else {
                logger.error("this node's validator key is not in the validator set of the next height, or holds no more than two thirds of its power; it makes no more blocks",
                             metadata: ["height": "\(header.height)", "validator": "\(validator.address.bech32)"])
                return nil
            }
            try chain.commit(executed, commit: commit)
            let ids = executed.transactions.map(\.id)
            mempool.update(committed: ids, rejected: executed.rejected.map(\.id), nextHeight: header.height + 1)
            waiters.notify(height: header.height, transactions: ids, receipts: executed.receipts)
            for r in executed.rejected {
                logger.debug("dropped transaction from block", metadata: ["tx": "\(r.id)", "code": "\(r.error.code)"])
            }
            for failure in executed.internalFailures {
                logger.error("INTERNAL error during block execution (deterministic; the block went on)", metadata: ["height": "\(header.height)", "what": "\(failure)"])
            }
            return ProducedBlock(height: header.height, hash: hash, transactions: ids.count, rejected: executed.rejected.count)
        }
    }

    // MARK: NodeAPI

    public func status() async throws -> StatusDTO {
        let tip = try chain.tip
        return StatusDTO(chainID: genesis.chainID, version: Self.version, latestHeight: tip.height, latestHash: tip.hash,
                         latestTime: Self.rfc3339(tip.timeMillis), latestTimeMillis: tip.timeMillis, genesisHash: genesis.hash,
                         validatorAddress: validator?.address, validatorPubKey: validator?.publicKey, mempoolSize: mempool.count)
    }

    public func genesisJSON() async throws -> [UInt8] { genesisData }

    public func subscribeEvents(filter: EventFilter, resume: EventCursor?) throws -> any EventStream {
        try events.subscribe(filter: filter, resume: resume)
    }

    public func block(height: UInt64?) async throws -> BlockDTO {
        let tip = try chain.tip
        let h = height ?? tip.height
        guard h >= 1 else { throw APIError.notFound("the chain has no blocks yet (height 0 is genesis)") }
        guard h <= tip.height else { throw APIError.notFound("no block at height \(h); the latest is \(tip.height)") }
        return try blockDTO(h)
    }

    public func blocks(from: UInt64, to: UInt64) async throws -> [BlockDTO] {
        let tip = try chain.tip
        let lower = max(from, 1), upper = min(to, tip.height)
        guard lower <= upper else { return [] }
        // Stored block bytes decoded per request are bounded (a block may be 16 MiB): the answer
        // ends early, after at least one block, once the budget is spent (Docs/RPC.md).
        var out: [BlockDTO] = []
        var spent = 0
        for h in lower...upper {
            guard let raw = try chain.kv.get(.blocks, StorageKeys.block(h)) else { throw APIError.notFound("no block at height \(h)") }
            if !out.isEmpty && spent + raw.count > Self.maxBlockBytesPerRequest { break }
            spent += raw.count
            out.append(try blockDTO(h, try Block(canonical: raw)))
        }
        return out
    }

    /// The budget of `blocks(from:to:)`: stored block bytes read and decoded for one request.
    public static let maxBlockBytesPerRequest = 4 << 20

    private func blockDTO(_ h: UInt64) throws -> BlockDTO {
        guard let block = try chain.block(height: h) else { throw APIError.notFound("no block at height \(h)") }
        return try blockDTO(h, block)
    }

    private func blockDTO(_ h: UInt64, _ block: Block) throws -> BlockDTO {
        let ids = block.transactions.map { SHA256.hash($0) }
        return BlockDTO(hash: block.header.hash, header: HeaderDTO(block.header, time: Self.rfc3339(block.header.timeMillis)),
                        transactions: ids, commit: try chain.commit(height: h), lastCommit: block.lastCommit, endBlockEvents: try chain.endBlockEvents(height: h))
    }

    public func transaction(id: Hash) async throws -> TransactionDTO {
        guard let loc = try chain.location(ofTransaction: id) else {
            if mempool.contains(id) { throw APIError(code: .pending, message: "transaction \(id) is in the mempool, not yet in a block") }
            throw APIError.notFound("no committed transaction \(id)")
        }
        guard let block = try chain.block(height: loc.height), Int(loc.index) < block.transactions.count,
              let receipt = try chain.receipt(height: loc.height, index: loc.index)
        else { throw APIError(code: .internal, message: "transaction index is inconsistent") }
        let tx = try Transaction.decode(block.transactions[Int(loc.index)])
        return TransactionDTO(hash: id, height: loc.height, index: loc.index, sender: tx.senderAddress, body: TransactionBodyJSON(tx.body),
                              signature: tx.signature, raw: Hex.encode(tx.wire), receipt: ReceiptDTO(receipt))
    }

    public func account(address: Address) async throws -> AccountDTO {
        let a = try chain.account(address)
        return AccountDTO(address: address, balance: a.balance, nonce: a.nonce, pendingNonce: mempool.pendingNonce(address, committed: a.nonce))
    }

    public func stateProof(key: [UInt8], height: UInt64?) async throws -> StateProofDTO {
        let tip = try chain.tip
        let h = height ?? tip.height
        guard h <= tip.height else { throw APIError.notFound("no block at height \(h) yet (latest is \(tip.height))") }
        let root = h == tip.height ? tip.stateRoot : try chain.stateRoot(height: h)
        let proof: StateProof
        do { proof = try chain.stateProof(stateKey: key, height: h) } catch let e as StateTreeError {
            throw APIError(code: ErrorCode(e.code), message: "\(e)")
        }
        // The value is read from the live state, so it is shown only for the latest height; the
        // proof itself carries the value hash for every height.
        let value = h == tip.height ? try chain.kv.get(.state, key) : nil
        let present: Bool = if case .leaf(let k, _) = proof.terminal { k == StateTreeHashing.keyHash(key) } else { false }
        return StateProofDTO(height: h, stateRoot: root, key: Hex.encode(key), keyHash: StateTreeHashing.keyHash(key), present: present,
                             value: value.map(Hex.encode), proof: Hex.encode(proof.bytes))
    }

    public func mempool() async throws -> MempoolDTO {
        MempoolDTO(count: mempool.count, bytes: mempool.totalBytes, maxCount: mempool.config.maxTransactions, maxBytes: mempool.config.maxTotalBytes)
    }

    public func submit(_ raw: [UInt8], mode: SubmitMode, timeoutMillis: UInt64) async throws -> SubmitResultDTO {
        try await submitBatch([raw], mode: mode, timeoutMillis: timeoutMillis)[0]
    }

    public func submitBatch(_ raws: [[UInt8]], mode: SubmitMode, timeoutMillis: UInt64) async throws -> [SubmitResultDTO] {
        var results = [SubmitResultDTO?](repeating: nil, count: raws.count)
        var decoded: [(Int, Transaction)] = []
        decoded.reserveCapacity(raws.count)
        for (i, raw) in raws.enumerated() {
            do { decoded.append((i, try mempool.decode(raw))) } catch {
                results[i] = SubmitResultDTO(hash: nil, accepted: false, code: error.code.rawValue, message: error.message)
            }
        }
        if mode == .async {
            // The admissions run after the answer, so they are bounded here, not by max_in_flight.
            let reserved = decoded.count
            guard asyncPending.take(reserved) else {
                throw APIError(code: .busy, message: "\(asyncPending.inUse) async transactions are waiting for admission (max_async_pending "
                    + "\(asyncPending.limit)); retry shortly or use mode=sync")
            }
            // Signatures are checked before answering, so `accepted: true` never hides a forged or
            // badly signed transaction; only the state checks run after the answer.
            let valid = await Mempool.verifySignatures(decoded.map(\.1), genesisHash: mempool.identity.genesisHash)
            var pending: [Transaction] = []
            for (k, (i, tx)) in decoded.enumerated() {
                if valid[k] {
                    results[i] = SubmitResultDTO(hash: tx.id, accepted: true)
                    pending.append(tx)
                } else {
                    let e = SubmitError.from(RuleError.invalidSignature)
                    results[i] = SubmitResultDTO(hash: tx.id, accepted: false, code: e.code.rawValue, message: e.message)
                }
            }
            let toAdmit = pending
            Task { [self] in
                defer { asyncPending.give(reserved) }
                for (tx, error) in zip(toAdmit, await self.admit(toAdmit, verified: true)) {
                    if let error { logger.debug("async submission refused", metadata: ["tx": "\(tx.id)", "code": "\(error.code)"]) }
                }
            }
            return results.map { $0! }
        }
        // A commit waiter is refused before anything is admitted, so BUSY changes nothing.
        let waits = mode == .commit && !decoded.isEmpty
        if waits, !commitWaiterSlots.take(1) {
            throw APIError(code: .busy, message: "\(commitWaiterSlots.limit) requests are already waiting for their block (max_commit_waiters); "
                + "retry shortly, or submit with mode=sync and poll GET /tx")
        }
        defer { if waits { commitWaiterSlots.give(1) } }
        let admitted = await admit(decoded.map(\.1))
        for (k, (i, tx)) in decoded.enumerated() {
            if let e = admitted[k] {
                results[i] = SubmitResultDTO(hash: tx.id, accepted: false, code: e.code.rawValue, message: e.message,
                                             height: e.code == .alreadyCommitted ? committedHeight(tx.id) : nil)
            } else {
                results[i] = SubmitResultDTO(hash: tx.id, accepted: true)
            }
        }
        if mode == .commit {
            // Waiting is not work: the in-flight slot goes back now, the waiter slot bounds us.
            InFlightSlot.current?.release()
            await withTaskGroup(of: (Int, CommitOutcome?).self) { group in
                for (k, (i, tx)) in decoded.enumerated() where admitted[k] == nil {
                    group.addTask { [self] in
                        (i, await waiters.wait(for: tx.id, timeoutMillis: timeoutMillis) { [self] in self.committedOutcome(tx.id) })
                    }
                }
                for await (i, outcome) in group {
                    if let outcome {
                        results[i]?.height = outcome.height
                        results[i]?.receipt = ReceiptDTO(outcome.receipt)
                    } else {
                        results[i]?.accepted = false
                        results[i]?.code = ErrorCode.timeout.rawValue
                        results[i]?.message = "admitted to the mempool but not committed within \(timeoutMillis) ms; query /tx later"
                    }
                }
            }
        }
        return results.map { $0! }
    }

    /// Verifies signatures in parallel (unless `verified`), then admits in order. Returns the error
    /// for each, or nil.
    func admit(_ txs: [Transaction], verified: Bool = false) async -> [SubmitError?] {
        let valid = verified ? [Bool](repeating: true, count: txs.count) : await Mempool.verifySignatures(txs, genesisHash: mempool.identity.genesisHash)
        let next = ((try? chain.tip.height) ?? 0) + 1
        let params = try? chain.params()
        return txs.enumerated().map { i, tx -> SubmitError? in
            guard valid[i] else { return SubmitError.from(RuleError.invalidSignature) }
            do throws(SubmitError) {
                try mempool.admit(tx, nextHeight: next, params: params)
                txGossip.add(tx.wire)
            } catch {
                // A nonce below the account's is what a resubmitted committed transaction looks
                // like; only then is the transaction index consulted, so the common path pays nothing.
                if error.code == .badNonce, let height = committedHeight(tx.id) {
                    return SubmitError(.alreadyCommitted, "transaction \(tx.id) is already committed at height \(height)")
                }
                return error
            }
            return nil
        }
    }

    private func committedHeight(_ id: Hash) -> UInt64? { (try? chain.location(ofTransaction: id))?.height }

    private func committedOutcome(_ id: Hash) -> CommitOutcome? {
        guard let loc = try? chain.location(ofTransaction: id), let r = try? chain.receipt(height: loc.height, index: loc.index) else { return nil }
        return CommitOutcome(height: loc.height, receipt: r)
    }

    static func rfc3339(_ millis: UInt64) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}
