import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
import LedgerProofs
import LedgerRPC
import LedgerRules
import Logging
import Synchronization

/// The node's state and the operations the RPC API and the block producer share.
public final class NodeCore: NodeAPI, Sendable {
    public static let version = "0.1.0"

    public let genesis: GenesisDocument
    public let genesisData: [UInt8]
    public let chain: ChainStore
    public let mempool: Mempool
    let waiters = CommitWaiters()
    let validator: ValidatorSigner?
    let logger: Logger
    /// Serialises block production (only one block is built at a time).
    private let producing = Mutex(())

    public init(genesis: GenesisDocument, genesisData: [UInt8], chain: ChainStore, mempoolConfig: MempoolConfig,
                validator: ValidatorSigner?, logger: Logger) throws {
        try chain.initialise(genesis: genesis)
        self.genesis = genesis
        self.genesisData = genesisData
        self.chain = chain
        mempool = Mempool(config: mempoolConfig, chain: chain, chainID: genesis.chainID)
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
                                              previousHash: tip.hash, validatorsHash: genesis.validatorsHash, proposer: validator.address)
            let executed = try BlockExecutor.propose(candidates: candidates, header: header, store: chain)
            if executed.transactions.isEmpty && !allowEmpty && !due {
                mempool.update(committed: [], rejected: executed.rejected.map(\.id), nextHeight: tip.height + 1)
                return nil
            }
            let hash = executed.block.header.hash
            let signature = validator.sign(Commit.signingMessage(chainID: genesis.chainID, height: header.height, blockHash: hash))
            let commit = Commit(height: header.height, blockHash: hash, signatures: [CommitSignature(validator: validator.publicKey, signature: signature)])
            try chain.commit(executed, commit: commit)
            let ids = executed.transactions.map(\.id)
            mempool.update(committed: ids, rejected: executed.rejected.map(\.id), nextHeight: header.height + 1)
            waiters.notify(height: header.height, transactions: ids, receipts: executed.receipts)
            for r in executed.rejected {
                logger.debug("dropped transaction from block", metadata: ["tx": "\(r.id)", "code": "\(r.error.code)"])
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
        return try (lower...upper).map(blockDTO)
    }

    private func blockDTO(_ h: UInt64) throws -> BlockDTO {
        guard let block = try chain.block(height: h) else { throw APIError.notFound("no block at height \(h)") }
        let ids = block.transactions.map { SHA256.hash($0) }
        return BlockDTO(hash: block.header.hash, header: HeaderDTO(block.header, time: Self.rfc3339(block.header.timeMillis)),
                        transactions: ids, commit: try chain.commit(height: h), endBlockEvents: try chain.endBlockEvents(height: h))
    }

    public func transaction(id: Hash) async throws -> TransactionDTO {
        guard let loc = try chain.location(ofTransaction: id) else {
            if mempool.contains(id) { throw APIError(status: 404, code: "PENDING", message: "transaction \(id) is in the mempool, not yet in a block") }
            throw APIError.notFound("no committed transaction \(id)")
        }
        guard let block = try chain.block(height: loc.height), Int(loc.index) < block.transactions.count,
              let receipt = try chain.receipt(height: loc.height, index: loc.index)
        else { throw APIError(status: 500, code: "INTERNAL", message: "transaction index is inconsistent") }
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
            throw APIError(status: 404, code: e.code, message: "\(e)")
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
                results[i] = SubmitResultDTO(hash: nil, accepted: false, code: error.code, message: error.message)
            }
        }
        if mode == .async {
            for (i, tx) in decoded { results[i] = SubmitResultDTO(hash: tx.id, accepted: true) }
            let txs = decoded.map(\.1)
            Task { [self] in
                for (tx, error) in zip(txs, await self.admit(txs)) {
                    if let error { logger.debug("async submission refused", metadata: ["tx": "\(tx.id)", "code": "\(error.code)"]) }
                }
            }
            return results.map { $0! }
        }
        let admitted = await admit(decoded.map(\.1))
        for (k, (i, tx)) in decoded.enumerated() {
            if let e = admitted[k] {
                results[i] = SubmitResultDTO(hash: tx.id, accepted: false, code: e.code, message: e.message)
            } else {
                results[i] = SubmitResultDTO(hash: tx.id, accepted: true)
            }
        }
        if mode == .commit {
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
                        results[i]?.code = "TIMEOUT"
                        results[i]?.message = "admitted to the mempool but not committed within \(timeoutMillis) ms; query /tx later"
                    }
                }
            }
        }
        return results.map { $0! }
    }

    /// Verifies signatures in parallel, then admits in order. Returns the error for each, or nil.
    private func admit(_ txs: [Transaction]) async -> [SubmitError?] {
        let valid = await Mempool.verifySignatures(txs)
        let next = ((try? chain.tip.height) ?? 0) + 1
        let params = try? chain.params()
        return txs.enumerated().map { i, tx -> SubmitError? in
            guard valid[i] else { return SubmitError.from(RuleError.invalidSignature) }
            do throws(SubmitError) { try mempool.admit(tx, nextHeight: next, params: params) } catch { return error }
            return nil
        }
    }

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
