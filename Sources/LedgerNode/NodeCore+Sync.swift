import LedgerCore
import LedgerCrypto
import LedgerP2P

/// Why a synced block was refused (the peer that sent it is passed over).
public struct SyncRefusal: Error, CustomStringConvertible {
    public let height: UInt64
    public let reason: String
    public var description: String { "synced block \(height): \(reason)" }
}

extension NodeCore {
    /// Committed blocks from `from` with their commits, for a peer's sync request: at most `count`
    /// and at most `maxBytes` in all (the response must fit one frame), at least one if it exists.
    public func syncBlocks(from: UInt64, count: UInt32, maxBytes: Int) throws -> [SyncedBlock] {
        let tip = try chain.tip.height
        guard from >= 1, from <= tip else { return [] }
        var out: [SyncedBlock] = []
        var bytes = 0
        var h = from
        while h <= tip, out.count < Int(count) {
            guard let block = try chain.block(height: h), let commit = try chain.commit(height: h) else { break }
            let item = SyncedBlock(block: block.canonicalBytes, commit: commit.canonicalBytes)
            let size = item.block.count + item.commit.count + 16
            if !out.isEmpty, bytes + size > maxBytes { break }
            out.append(item)
            bytes += size
            h += 1
        }
        return out
    }

    /// Checks a block fetched by sync and commits it: it must be the next height, link to our tip,
    /// carry the validators hash of the set we track for its height, and come with a commit of more
    /// than two thirds of that set's power for exactly this block; then it is replayed (roots
    /// checked) and committed like a decided block. Nothing is written on any failure.
    public func applySynced(_ item: SyncedBlock) throws -> ExecutedSummary {
        let block: Block, commit: Commit
        do {
            block = try Block(canonical: item.block)
            commit = try Commit(canonical: item.commit)
        } catch { throw SyncRefusal(height: 0, reason: "does not decode: \(error)") }
        let h = block.header.height
        let tip = try chain.tip
        guard h == tip.height + 1 else { throw SyncRefusal(height: h, reason: "expected height \(tip.height + 1)") }
        guard block.header.chainID == genesis.chainID, block.header.previousHash == tip.hash else {
            throw SyncRefusal(height: h, reason: "does not extend our tip \(tip.hash)")
        }
        guard block.header.timeMillis > tip.timeMillis else { throw SyncRefusal(height: h, reason: "time does not advance") }
        let validators = try validatorSet(height: h)
        let expected = ValidatorSetHashing.hash(validators)
        guard block.header.validatorsHash == expected else { throw SyncRefusal(height: h, reason: "validators hash is not the set of this height") }
        guard commit.height == h, commit.blockHash == block.header.hash else { throw SyncRefusal(height: h, reason: "commit is for another block") }
        do { try CommitVerification.verify(commit, validators: validators, chain: mempool.identity) } catch {
            throw SyncRefusal(height: h, reason: "commit does not verify: \(error)")
        }
        let executed: ExecutedBlock
        do { executed = try BlockExecutor.replay(block, store: chain) } catch {
            throw SyncRefusal(height: h, reason: "replay failed: \(error)")
        }
        try chain.commit(executed, commit: commit)
        let ids = executed.transactions.map(\.id)
        mempool.update(committed: ids, rejected: [], nextHeight: h + 1)
        waiters.notify(height: h, transactions: ids, receipts: executed.receipts)
        return ExecutedSummary(height: h, hash: block.header.hash, transactions: ids.count)
    }

    public struct ExecutedSummary: Sendable {
        public var height: UInt64
        public var hash: Hash
        public var transactions: Int
    }

    /// Transactions gossiped by a peer: decoded, signatures checked, admitted; the newly admitted
    /// are relayed (TxGossipBuffer). Refusals are normal (duplicates, nonces already used) and silent.
    /// Returns how many were admitted.
    @discardableResult
    public func admitFromPeer(_ raws: [[UInt8]]) async -> Int {
        var txs: [Transaction] = []
        txs.reserveCapacity(raws.count)
        for raw in raws {
            guard let tx = try? mempool.decode(raw), !mempool.contains(tx.id) else { continue }
            txs.append(tx)
        }
        guard !txs.isEmpty else { return 0 }
        return await admit(txs).filter { $0 == nil }.count
    }
}
