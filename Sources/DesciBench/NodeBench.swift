import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
import LedgerNode
import LedgerStorageRocksDB
import Logging

/// (b) mempool admission and (c) block execution + commit, on a `NodeCore` over RocksDB in a
/// scratch folder, with no RPC in between.
///
/// For each block: the block's transactions are submitted through `NodeCore.submitBatch(mode: .sync)`
/// in batches (decode, parallel signature checks, admission: timed as (b)), then
/// `NodeCore.produceBlock` reaps, executes, computes the roots, signs and commits (timed as (c)).
enum NodeBench {
    struct Result: Sendable {
        var admitted = 0
        var admitSeconds = 0.0
        var blockTransactions: [Int] = []
        var blockSeconds: [Double] = []
        /// With `--profile`: (b) by step, and the seconds `Mempool.reap` takes for each block.
        var phases: AdmissionPhases?
        var reapSeconds: [Double] = []

        var admitPerSecond: Double { Double(admitted) / admitSeconds }
        var blockPerSecond: Double { Double(blockTransactions.reduce(0, +)) / blockSeconds.reduce(0, +) }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(genesis: BenchGenesis, transactions: [Transaction], options: BenchOptions, folder: URL, logger: Logger) async throws -> Result {
        let needed = options.blockSize * options.blocks
        guard transactions.count >= needed else { throw Failure(description: "need \(needed) transactions, have \(transactions.count)") }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try RocksDBStore(path: folder.path)
        defer { store.close() }
        let chain = try ChainStore(kv: store)
        let document = try GenesisDocument.parse(genesis.json)
        var mempool = MempoolConfig()
        mempool.maxTransactions = max(mempool.maxTransactions, options.blockSize * 2)
        let node = try NodeCore(genesis: document, genesisData: Array(genesis.json), chain: chain, mempoolConfig: mempool,
                                validator: ValidatorSigner(try SigningKey(seed: genesis.validatorSeed)), logger: logger)

        var result = Result()
        var phases: AdmissionPhases? = options.profile ? AdmissionPhases() : nil
        for b in 0..<options.blocks {
            let raws = transactions[(b * options.blockSize)..<((b + 1) * options.blockSize)].map(\.wire)
            let (accepted, admitSeconds) = try await admit(raws, batch: options.admitBatch, node: node, phases: &phases)
            result.admitted += accepted
            result.admitSeconds += admitSeconds
            if options.profile {
                let params = try chain.params()
                let (_, seconds) = Clock.time { node.mempool.reap(maxBytes: params.maxBlockBytes, maxGas: params.maxBlockGas) }
                result.reapSeconds.append(seconds)
            }

            let (produced, seconds) = try Clock.time {
                try node.produceBlock(nowMillis: UInt64(Date().timeIntervalSince1970 * 1000), allowEmpty: false)
            }
            guard let produced, produced.transactions == accepted else {
                throw Failure(description: "block \(b + 1) holds \(produced?.transactions ?? 0) of \(accepted) transactions")
            }
            result.blockTransactions.append(produced.transactions)
            result.blockSeconds.append(seconds)
            Progress.say(String(format: "(b,c) block %d: %d admitted in %.3f s (%.0f tx/s), executed and committed in %.3f s (%.0f tx/s)",
                                produced.height, accepted, admitSeconds, Double(accepted) / admitSeconds,
                                seconds, Double(produced.transactions) / seconds))
        }
        result.phases = phases
        return result
    }

    /// Submits one block's transactions in batches; returns how many were accepted and the seconds
    /// spent in admission. With `phases`, the three steps are called and timed one by one.
    private static func admit(_ raws: [[UInt8]], batch: Int, node: NodeCore, phases: inout AdmissionPhases?) async throws -> (Int, Double) {
        var accepted = 0
        var seconds = 0.0
        for start in stride(from: 0, to: raws.count, by: batch) {
            let chunk = Array(raws[start..<min(start + batch, raws.count)])
            if var p = phases {
                let before = p.total
                accepted += try await p.admit(chunk, into: node)
                seconds += p.total - before
                phases = p
                continue
            }
            let began = Clock.now()
            let answers = try await node.submitBatch(chunk, mode: .sync, timeoutMillis: 0)
            seconds += Clock.seconds(since: began)
            if let bad = answers.first(where: { !$0.accepted }) {
                throw Failure(description: "the mempool refused a transaction: \(bad.code) \(bad.message)")
            }
            accepted += answers.count
        }
        guard accepted == raws.count else { throw Failure(description: "only \(accepted) of \(raws.count) transactions were admitted") }
        return (accepted, seconds)
    }
}
