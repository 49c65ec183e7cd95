import Foundation
import LedgerCore
import LedgerCrypto
import LedgerNode
import LedgerRules
import LedgerStorageRocksDB
import Logging

/// `--state-scale`: block execution + commit with a small and a large state in one run, plus state
/// proof generation time and the tree's update cost per block at each size.
///
/// Both chains start from the same genesis (so the same signed transfers are valid on both); the
/// large one is then padded with filler accounts written directly (batched writes, no
/// transactions) before the first block.
enum StateScaleBench {
    struct Scale: Sendable {
        var accounts: Int
        var transactions = 0
        var seconds = 0.0
        var seedSeconds = 0.0
        var proofMicros = 0.0
        var proofBytes = 0
        var treeUpdateMillis = 0.0
        var treeUpdateWrites = 0
        var perSecond: Double { Double(transactions) / seconds }
    }

    static func run(_ options: BenchOptions, logger: Logger) async throws -> String {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let genesis = try BenchGenesis(senders: options.senders, blockIntervalMillis: options.blockIntervalMillis)
        let transactions = try await Workload.signTransfers(genesis: genesis, rounds: options.rounds)
        var results: [Scale] = []
        for accounts in [options.senders, options.largeStateAccounts] {
            results.append(try await run(accounts: accounts, genesis: genesis, transactions: transactions, options: options,
                                   folder: scratch.sub("scale-\(accounts)"), logger: logger))
        }
        var lines = ["state scale: block execution + commit (\(options.blocks) blocks of \(options.blockSize) transfers)"]
        for r in results {
            lines.append(String(format: "  %9d accounts: %8.0f tx/s; tree update %.1f ms/block (%d entries written); proof %.1f µs (%d bytes); seeding %.1f s",
                                r.accounts, r.perSecond, r.treeUpdateMillis, r.treeUpdateWrites, r.proofMicros, r.proofBytes, r.seedSeconds))
        }
        let ratio = results[1].perSecond / results[0].perSecond
        lines.append(String(format: "  ratio large/small: %.1f %% (target ≥ 80 %%): %@", ratio * 100, ratio >= 0.8 ? "met" : "NOT met"))
        return lines.joined(separator: "\n")
    }

    private static func run(accounts: Int, genesis: BenchGenesis, transactions: [Transaction], options: BenchOptions,
                            folder: URL, logger: Logger) async throws -> Scale {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try RocksDBStore(path: folder.path)
        defer { store.close() }
        let chain = try ChainStore(kv: store)
        let document = try GenesisDocument.parse(genesis.json)
        try chain.initialise(genesis: document)
        var scale = Scale(accounts: accounts)
        let filler = max(0, accounts - genesis.senderAddresses.count)
        if filler > 0 {
            Progress.say("seeding \(filler) filler accounts…")
            let (_, s) = try Clock.time {
                var w = CanonicalWriter()
                Account(balance: 0, nonce: 0).encode(to: &w)
                let value = w.bytes
                let entries = try (0..<filler).map { i in
                    (key: StateKey.account(try Address(bytes: Array(SHA256.hash(Array("bench/filler/\(i)".utf8)).bytes.prefix(20)))), value: value)
                }
                try chain.seedGenesisState(entries)
            }
            scale.seedSeconds = s
        }
        var mempool = MempoolConfig()
        mempool.maxTransactions = max(mempool.maxTransactions, options.blockSize * 2)
        let node = try NodeCore(genesis: document, genesisData: Array(genesis.json), chain: chain, mempoolConfig: mempool,
                                validator: ValidatorSigner(try SigningKey(seed: genesis.validatorSeed)), logger: logger)
        for b in 0..<options.blocks {
            let raws = transactions[(b * options.blockSize)..<((b + 1) * options.blockSize)].map(\.wire)
            for start in stride(from: 0, to: raws.count, by: options.admitBatch) {
                let answers = try await node.submitBatch(Array(raws[start..<min(start + options.admitBatch, raws.count)]), mode: .sync, timeoutMillis: 0)
                if let bad = answers.first(where: { !$0.accepted }) {
                    throw NodeBench.Failure(description: "the mempool refused a transaction: \(bad.code) \(bad.message)")
                }
            }
            let (produced, seconds) = try Clock.time {
                try node.produceBlock(nowMillis: UInt64(Date().timeIntervalSince1970 * 1000), allowEmpty: false)
            }
            guard let produced, produced.transactions == raws.count else {
                throw NodeBench.Failure(description: "block \(b + 1) at \(accounts) accounts holds \(produced?.transactions ?? 0) of \(raws.count)")
            }
            scale.transactions += produced.transactions
            scale.seconds += seconds
            Progress.say(String(format: "(state scale %d) block %d: %.0f tx/s", accounts, produced.height, Double(produced.transactions) / seconds))
        }
        // Tree update alone for a block's worth of account changes (sender and receiver per transfer).
        let touched = min(genesis.senderAddresses.count, options.blockSize * 2)
        var changes = genesis.senderAddresses.prefix(touched).map { a -> (key: [UInt8], value: [UInt8]?) in
            var w = CanonicalWriter()
            Account(balance: 7, nonce: 9).encode(to: &w)
            return (StateKey.account(a), w.bytes)
        }
        changes.sort { $0.key.lexicographicallyPrecedes($1.key) }
        let rounds = 5
        let (writes, treeSeconds) = try Clock.time { try (0..<rounds).map { _ in try chain.dryRunStateTreeUpdate(changes) }.last ?? 0 }
        scale.treeUpdateMillis = treeSeconds / Double(rounds) * 1000
        scale.treeUpdateWrites = writes
        // Proofs for present senders and absent keys, alternating.
        let tip = try chain.tip.height
        let proofs = 2_000
        let (bytes, proofSeconds) = try Clock.time {
            var total = 0
            for i in 0..<proofs {
                let key = i % 2 == 0 ? StateKey.account(genesis.senderAddresses[i % genesis.senderAddresses.count])
                                     : StateKey.account(try Address(bytes: Array(SHA256.hash(Array("absent/\(i)".utf8)).bytes.prefix(20))))
                total += try chain.stateProof(stateKey: key, height: tip).bytes.count
            }
            return total
        }
        scale.proofMicros = proofSeconds / Double(proofs) * 1_000_000
        scale.proofBytes = bytes / proofs
        return scale
    }
}
