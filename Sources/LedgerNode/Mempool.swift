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
    /// Most transactions and bytes one sender may have waiting, so one sender cannot fill the pool.
    public var maxTransactionsPerSender: Int = 1_000
    public var maxBytesPerSender: Int = 8 << 20
    /// Transactions waiting more blocks than this are evicted (future nonces included).
    public var maxAgeBlocks: UInt64 = 600

    public init() {}
}

/// Transactions waiting for a block. The decisions (admission, block selection by fee per gas,
/// eviction) are `MempoolState`'s; this class reads the committed state they need and holds the
/// lock. Everything in the pool has a verified signature, so block building does not verify again.
public final class Mempool: Sendable {
    public let config: MempoolConfig
    private let chain: ChainStore
    /// The network admitted transactions must be signed for.
    public let identity: ChainIdentity
    private var chainID: String { identity.chainID }
    private let pool: Mutex<MempoolState>

    public init(config: MempoolConfig, chain: ChainStore, identity: ChainIdentity) {
        self.config = config
        self.chain = chain
        self.identity = identity
        pool = Mutex(MempoolState(config: config))
    }

    public var count: Int { pool.withLock { $0.count } }
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
    /// `params`, when given, are the committed parameters read once for a whole batch. Returns the
    /// cheaper transactions it replaced when the pool was full.
    @discardableResult
    public func admit(_ tx: Transaction, nextHeight: UInt64, params known: AppParams? = nil) throws(SubmitError) -> [Hash] {
        let sender = tx.senderAddress
        let params: AppParams
        let account: Account
        do {
            params = try known ?? chain.params()
            account = try chain.account(sender)
        } catch {
            throw SubmitError("INTERNAL", "cannot read state: \(error)")
        }
        return try pool.withLock { (p: inout MempoolState) throws(SubmitError) in
            try p.admit(tx, sender: sender, account: account, params: params, chainID: chainID, nextHeight: nextHeight).replaced
        }
    }

    /// Transactions for the next block (MempoolState.reap), given each sender's committed nonce.
    public func reap(maxBytes: UInt64, maxGas: UInt64) -> [Transaction] {
        pool.withLock { p in
            var nonces: [Address: UInt64] = [:]
            nonces.reserveCapacity(p.bySender.count)
            for sender in p.bySender.keys { nonces[sender] = (try? chain.account(sender).nonce) ?? 0 }
            return p.reap(nonces: nonces, maxBytes: maxBytes, maxGas: maxGas)
        }
    }

    /// After a block: drops what was included or rejected and evicts what became invalid or too old
    /// (MempoolState.afterBlock). Returns the evicted ids.
    @discardableResult
    public func update(committed: [Hash], rejected: [Hash], nextHeight: UInt64) -> [Hash] {
        pool.withLock { p in
            var accounts: [Address: Account] = [:]
            for id in committed { p.removeIfPresent(id) }
            for sender in p.bySender.keys { accounts[sender] = try? chain.account(sender) }
            return p.afterBlock(committed: [], rejected: rejected, accounts: accounts, nextHeight: nextHeight)
        }
    }

    /// The next nonce for a sender counting contiguous pending transactions (what a wallet should use).
    public func pendingNonce(_ sender: Address, committed: UInt64) -> UInt64 {
        pool.withLock { $0.pendingNonce(sender, committed: committed) }
    }
}
