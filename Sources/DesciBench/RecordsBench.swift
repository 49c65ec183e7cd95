import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
import LedgerNode
import LedgerStorageRocksDB
import Logging

/// (e) execution throughput of record transactions — registrations, attestations — in full blocks
/// through `NodeCore.produceBlock`, and (f) lineage query latency at depth 100 and 1,000.
enum RecordsBench {
    struct Result: Sendable {
        var registrationsPerSecond = 0.0
        var attestationsPerSecond = 0.0
        var votesPerSecond: Double?
        var lineageMillis: [(depth: Int, millis: Double)] = []
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func digest(_ label: String) -> [UInt8] { [0x12, 0x20] + SHA256.hash(Array(label.utf8)).bytes }

    static func recordID(_ txID: Hash) -> Hash { RecordID.derive(transaction: txID, actionIndex: 0, kind: "contribution") }

    static func run(genesis: BenchGenesis, options: BenchOptions, folder: URL, logger: Logger) async throws -> Result {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try RocksDBStore(path: folder.path)
        defer { store.close() }
        let chain = try ChainStore(kv: store)
        let document = try GenesisDocument.parse(genesis.json)
        var mempool = MempoolConfig()
        mempool.maxTransactions = 100_000
        let node = try NodeCore(genesis: document, genesisData: Array(genesis.json), chain: chain, mempoolConfig: mempool,
                                validator: ValidatorSigner(try SigningKey(seed: genesis.validatorSeed)), logger: logger)
        var clock = UInt64(Date().timeIntervalSince1970 * 1000)
        var nonces = [UInt64](repeating: 0, count: genesis.senderAddresses.count)
        let keys = try (0..<genesis.senderAddresses.count).map { try SigningKey(seed: BenchGenesis.senderSeed($0)) }

        func sign(_ sender: Int, _ action: Action, gas: UInt64 = 200_000) throws -> Transaction {
            defer { nonces[sender] += 1 }
            let body = TransactionBody(chainID: BenchGenesis.chainID, sender: keys[sender].publicKey, nonce: nonces[sender],
                                       gasLimit: gas, fee: 1, actions: [action])
            return try Transaction.sign(body, with: keys[sender], genesisHash: genesis.hash)
        }

        /// Admits `txs`, then times the blocks that include them.
        func execute(_ txs: [Transaction]) async throws -> Double {
            for start in stride(from: 0, to: txs.count, by: 2_000) {
                let results = try await node.submitBatch(txs[start..<min(start + 2_000, txs.count)].map(\.wire), mode: .sync, timeoutMillis: 0)
                if let bad = results.first(where: { !$0.accepted }) { throw Failure(description: "refused: \(bad.code) \(bad.message)") }
            }
            var seconds = 0.0
            var included = 0
            while included < txs.count {
                clock += 1000
                let (produced, s) = try Clock.time { try node.produceBlock(nowMillis: clock, allowEmpty: false) }
                guard let produced else { throw Failure(description: "a block came out empty") }
                included += produced.transactions
                seconds += s
            }
            for tx in txs.prefix(20) {
                let t = try await node.transaction(id: tx.id)
                guard t.receipt.status == "success" else { throw Failure(description: "\(t.receipt.code): \(t.receipt.message)") }
            }
            return seconds
        }

        let count = options.quick ? 500 : 5_000
        let senders = genesis.senderAddresses.count
        // Registrations: each sender registers datasets listing itself as the lead contributor.
        var registrations: [Transaction] = []
        for i in 0..<count {
            let s = i % senders
            let r = RegisterContribution(kind: .dataset, title: "bench dataset \(i)", digest: digest("bench/\(i)"), size: 1_000_000,
                                         license: "CC-BY-4.0",
                                         contributors: [ContributorEntry(name: "bench \(s)", address: genesis.senderAddresses[s],
                                                                         roles: [RoleClaim(role: 2, degree: 1)])])
            registrations.append(try sign(s, .registerContribution(r)))
        }
        Progress.say("(e) \(count) registrations signed")
        let regSeconds = try await execute(registrations)
        var result = Result()
        result.registrationsPerSecond = Double(count) / regSeconds

        // Attestations: reviews of those records by a sender who is not their contributor.
        var attestations: [Transaction] = []
        for (i, tx) in registrations.enumerated() {
            let attester = (i % senders + 1) % senders
            attestations.append(try sign(attester, .attest(Attest(subject: recordID(tx.id), kind: .review, verdict: Attest.Verdict.accept,
                                                                   scores: [8, 7], comment: "bench"))))
        }
        let attSeconds = try await execute(attestations)
        result.attestationsPerSecond = Double(count) / attSeconds

        // Votes: one proposal, then every member votes (each vote is one transaction).
        _ = try await execute([try sign(0, .propose(Propose(title: "bench", summary: "bench", actions: [.text], deposit: 1)), gas: 50_000_000)])
        let voters = min(senders, BenchGenesis.members)
        var votes: [Transaction] = []
        for round in 0..<(options.quick ? 1 : 3) {
            for m in 0..<voters {
                votes.append(try sign(m, .vote(CastVote(proposal: 1, option: (m + round) % 3 == 0 ? .no : .yes))))
            }
        }
        let voteSeconds = try await execute(votes)
        result.votesPerSecond = Double(votes.count) / voteSeconds

        // Lineage: a derivation chain 1,000 deep, queried from its tip at depths 100 and 1,000.
        var parent = recordID(registrations[0].id)
        var chainTxs: [Transaction] = []
        let depth = options.quick ? 200 : 1_000
        for d in 0..<depth {
            let r = RegisterContribution(kind: .dataset, title: "derived \(d)", digest: digest("bench/derived/\(d)"), size: 1, license: "CC-BY-4.0",
                                         contributors: [ContributorEntry(name: "bench 0", address: genesis.senderAddresses[0],
                                                                         roles: [RoleClaim(role: 2, degree: 1)])],
                                         derivedFrom: [parent])
            let tx = try sign(0, .registerContribution(r))
            chainTxs.append(tx)
            parent = recordID(tx.id)
            // Each link must be committed before the next can name it.
            _ = try await execute([tx])
        }
        for qDepth in [100, depth] {
            var best = Double.infinity
            for _ in 0..<5 {
                let (lineage, s) = try await Clock.timeAsync { try await node.lineage(id: parent, depth: qDepth) }
                guard lineage.nodes.count >= qDepth else { throw Failure(description: "lineage returned \(lineage.nodes.count) nodes") }
                best = min(best, s)
            }
            result.lineageMillis.append((qDepth, best * 1000))
        }
        return result
    }
}
