import Foundation
import LedgerCore
import LedgerCrypto
import LedgerRules
import Synchronization

/// Limits of the pool (config.toml `[mempool]`).
public struct MempoolConfig: Sendable {
    public var maxTransactionBytes: Int = 64 * 1024
    public var maxTransactions: Int = 50_000
    public var maxTotalBytes: Int = 256 << 20
    /// How far ahead of the account's nonce a transaction may be queued.
    public var maxNonceGap: UInt64 = 1_000

    public init() {}
}

/// Transactions waiting for a block: checked on admission (signature, nonce, fee, limits), kept in
/// per-sender nonce order, bounded, and re-checked after every block. Everything in the pool has a
/// verified signature, so block building does not verify again.
public final class Mempool: Sendable {
    struct Entry {
        let tx: Transaction
        let sender: Address
        let seq: UInt64
    }

    struct Pool {
        var byID: [Hash: Entry] = [:]
        var bySender: [Address: [UInt64: Hash]] = [:]
        var bytes = 0
        var seq: UInt64 = 0

        mutating func insert(_ tx: Transaction, sender: Address) {
            seq += 1
            byID[tx.id] = Entry(tx: tx, sender: sender, seq: seq)
            bySender[sender, default: [:]][tx.body.nonce] = tx.id
            bytes += tx.wire.count
        }

        mutating func remove(_ id: Hash) {
            guard let e = byID.removeValue(forKey: id) else { return }
            bytes -= e.tx.wire.count
            bySender[e.sender]?[e.tx.body.nonce] = nil
            if bySender[e.sender]?.isEmpty == true { bySender[e.sender] = nil }
        }
    }

    public let config: MempoolConfig
    private let chain: ChainStore
    /// The network admitted transactions must be signed for.
    public let identity: ChainIdentity
    private var chainID: String { identity.chainID }
    private let pool = Mutex(Pool())

    public init(config: MempoolConfig, chain: ChainStore, identity: ChainIdentity) {
        self.config = config
        self.chain = chain
        self.identity = identity
    }

    public var count: Int { pool.withLock { $0.byID.count } }
    public var totalBytes: Int { pool.withLock { $0.bytes } }

    public func contains(_ id: Hash) -> Bool { pool.withLock { $0.byID[id] != nil } }

    /// Decodes and checks raw bytes without touching the pool (size, encoding, chain id).
    public func decode(_ raw: [UInt8]) throws(SubmitError) -> Transaction {
        guard raw.count <= config.maxTransactionBytes else {
            throw SubmitError("TX_TOO_LARGE", "transaction is \(raw.count) bytes; the limit is \(config.maxTransactionBytes)")
        }
        let tx: Transaction
        do { tx = try Transaction.decode(raw) } catch { throw SubmitError.from(decoding: error) }
        guard tx.body.chainID.utf8.elementsEqual(chainID.utf8) else { throw SubmitError.from(RuleError.wrongChain(expected: chainID, got: tx.body.chainID)) }
        return tx
    }

    /// Verifies signatures of many transactions, for the network whose genesis hash is `genesisHash`, on all cores.
    public static func verifySignatures(_ txs: [Transaction], genesisHash: Hash) async -> [Bool] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        if txs.count < 64 || cores == 1 { return txs.map { $0.hasValidSignature(genesisHash: genesisHash) } }
        let chunk = (txs.count + cores - 1) / cores
        return await withTaskGroup(of: (Int, [Bool]).self) { group in
            for start in stride(from: 0, to: txs.count, by: chunk) {
                let slice = Array(txs[start..<min(start + chunk, txs.count)])
                group.addTask { (start, slice.map { $0.hasValidSignature(genesisHash: genesisHash) }) }
            }
            var out = [Bool](repeating: false, count: txs.count)
            for await (start, results) in group {
                for (i, ok) in results.enumerated() { out[start + i] = ok }
            }
            return out
        }
    }

    /// Admits a decoded transaction whose signature has been verified. Checks the state-dependent
    /// rules against the last committed state plus what the pool already holds for the sender.
    /// `params`, when given, are the committed parameters read once for a whole batch.
    public func admit(_ tx: Transaction, nextHeight: UInt64, params known: AppParams? = nil) throws(SubmitError) {
        let sender = tx.senderAddress
        let params: AppParams
        let account: Account
        do {
            params = try known ?? chain.params()
            account = try chain.account(sender)
        } catch {
            throw SubmitError("INTERNAL", "cannot read state: \(error)")
        }
        let body = tx.body
        if let expiry = body.expiry, expiry < nextHeight { throw SubmitError.from(.expired(expiry: expiry, height: nextHeight)) }
        guard body.gasLimit <= params.maxBlockGas else { throw SubmitError.from(.gasLimitTooHigh(limit: body.gasLimit, max: params.maxBlockGas)) }
        guard UInt64(tx.wire.count) <= params.maxBlockBytes else {
            throw SubmitError("TX_TOO_LARGE", "transaction is larger than a block may be")
        }
        guard body.fee >= params.minFee else { throw SubmitError.from(.insufficientFee(minimum: params.minFee, got: body.fee)) }
        guard body.nonce >= account.nonce else { throw SubmitError.from(.wrongNonce(expected: account.nonce, got: body.nonce)) }
        guard body.nonce - account.nonce <= config.maxNonceGap else {
            throw SubmitError("NONCE_TOO_FAR", "nonce \(body.nonce) is more than \(config.maxNonceGap) ahead of the account's \(account.nonce)")
        }
        try pool.withLock { (p: inout Pool) throws(SubmitError) in
            if p.byID[tx.id] != nil { throw SubmitError("DUPLICATE_TX", "transaction \(tx.id) is already in the mempool") }
            if p.bySender[sender]?[body.nonce] != nil {
                throw SubmitError("DUPLICATE_NONCE", "the mempool already holds a transaction from this sender with nonce \(body.nonce)")
            }
            guard p.byID.count < config.maxTransactions, p.bytes + tx.wire.count <= config.maxTotalBytes else {
                throw SubmitError("MEMPOOL_FULL", "mempool full (\(p.byID.count) transactions, \(p.bytes) bytes); try again later")
            }
            var pendingFees: UInt64 = 0
            for id in (p.bySender[sender] ?? [:]).values { pendingFees &+= p.byID[id]?.tx.body.fee ?? 0 }
            let (needed, overflow) = pendingFees.addingReportingOverflow(body.fee)
            guard !overflow, account.balance >= needed else {
                throw SubmitError.from(.insufficientFunds(needed: needed, available: account.balance))
            }
            p.insert(tx, sender: sender)
        }
    }

    /// Transactions for the next block: per sender in nonce order from the account's nonce,
    /// senders in order of arrival, within the given byte and gas budgets.
    public func reap(maxBytes: UInt64, maxGas: UInt64) -> [Transaction] {
        pool.withLock { p in
            var heads: [(seq: UInt64, sender: Address, nonce: UInt64)] = []
            heads.reserveCapacity(p.bySender.count)
            for (sender, nonces) in p.bySender {
                let expected = (try? chain.account(sender).nonce) ?? 0
                guard let id = nonces[expected], let e = p.byID[id] else { continue }
                heads.append((e.seq, sender, expected))
            }
            heads.sort { $0.seq < $1.seq }
            var out: [Transaction] = []
            var bytes: UInt64 = 0, gas: UInt64 = 0
            outer: for h in heads {
                var n = h.nonce
                while let id = p.bySender[h.sender]?[n], let e = p.byID[id] {
                    let size = UInt64(e.tx.wire.count)
                    if bytes + size > maxBytes || e.tx.body.gasLimit > maxGas - gas { break outer } // no overflow: gas <= maxGas
                    out.append(e.tx)
                    bytes += size
                    gas += e.tx.body.gasLimit
                    n += 1
                }
            }
            return out
        }
    }

    /// After a block: drops what was included or rejected, then re-checks every sender against the
    /// new state and evicts what became invalid (stale nonce, expired, fees no longer affordable).
    public func update(committed: [Hash], rejected: [Hash], nextHeight: UInt64) {
        pool.withLock { p in
            for id in committed { p.remove(id) }
            for id in rejected { p.remove(id) }
            for (sender, nonces) in p.bySender {
                guard let account = try? chain.account(sender) else { continue }
                var fees: UInt64 = 0
                for nonce in nonces.keys.sorted() {
                    guard let id = nonces[nonce], let e = p.byID[id] else { continue }
                    let expired = e.tx.body.expiry.map { $0 < nextHeight } ?? false
                    let (f, o) = fees.addingReportingOverflow(e.tx.body.fee)
                    if nonce < account.nonce || expired || o || f > account.balance {
                        p.remove(id)
                    } else {
                        fees = f
                    }
                }
            }
        }
    }

    /// The next nonce for a sender counting contiguous pending transactions (what a wallet should use).
    public func pendingNonce(_ sender: Address, committed: UInt64) -> UInt64 {
        pool.withLock { p in
            var n = committed
            while p.bySender[sender]?[n] != nil { n += 1 }
            return n
        }
    }
}
