import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
import LedgerNode
import LedgerProofs
import LedgerStorageRocksDB
import Logging

/// `--bundle`: offline audit bundles (Docs/PROOFS.md, "Audit bundles"). A lineage of 50 ancestors
/// plus the audited record, one registration per block on RocksDB; then the time the node takes to
/// build the bundle (every log and state proof), its size, and the time `BundleVerifier` takes to
/// verify it on one core (median of repeated runs).
enum BundleBench {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static func run(_ options: BenchOptions, logger: Logger) async throws -> String {
        let genesis = try BenchGenesis(senders: 4, blockIntervalMillis: options.blockIntervalMillis)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("desci-bench-bundle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try RocksDBStore(path: folder.path)
        defer { store.close() }
        let document = try GenesisDocument.parse(genesis.json)
        let node = try NodeCore(genesis: document, genesisData: Array(genesis.json), chain: try ChainStore(kv: store), mempoolConfig: MempoolConfig(),
                                validator: ValidatorSigner(try SigningKey(seed: genesis.validatorSeed)), logger: logger)
        let key = try SigningKey(seed: BenchGenesis.senderSeed(0))
        var clock = UInt64(Date().timeIntervalSince1970 * 1000)
        var parent: Hash?
        let ancestors = 50
        for d in 0...ancestors {
            let r = RegisterContribution(kind: .dataset, title: "bundle bench \(d)", digest: RecordsBench.digest("bundle/\(d)"), size: 1, license: "CC-BY-4.0",
                                         contributors: [ContributorEntry(name: "bench 0", address: genesis.senderAddresses[0], roles: [RoleClaim(role: 2, degree: 1)])],
                                         derivedFrom: parent.map { [$0] } ?? [])
            let body = TransactionBody(chainID: BenchGenesis.chainID, sender: key.publicKey, nonce: UInt64(d), gasLimit: 1_000_000, fee: 1,
                                       actions: [.registerContribution(r)])
            let tx = try Transaction.sign(body, with: key, genesisHash: genesis.hash)
            let res = try await node.submit(tx.wire, mode: .sync, timeoutMillis: 0)
            guard res.accepted else { throw Failure(description: "refused: \(res.code) \(res.message)") }
            clock += 1000
            guard try node.produceBlock(nowMillis: clock, allowEmpty: false) != nil else { throw Failure(description: "empty block") }
            parent = RecordsBench.recordID(tx.id)
        }
        let tip = parent!
        var buildTimes: [Double] = []
        var bytes: [UInt8] = []
        for _ in 0..<5 {
            let (b, s) = try await Clock.timeAsync { try await node.auditBundle(id: tip) }
            bytes = b
            buildTimes.append(s)
        }
        let trust = BundleTrust(genesisHash: genesis.hash)
        let runs = options.quick ? 10 : 50
        var verifyTimes: [Double] = []
        var report: BundleReport?
        for _ in 0..<runs {
            let (r, s) = try Clock.time { try BundleVerifier.verify(bytes, trust: trust) }
            report = r
            verifyTimes.append(s)
        }
        guard let report, report.records.count == ancestors + 1 else { throw Failure(description: "the bundle does not hold the lineage") }
        func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] * 1000 }
        #if DEBUG
        let build = "debug"
        #else
        let build = "release"
        #endif
        return """
            audit bundle (\(build) build), lineage of \(ancestors) ancestors + the audited record, log size \(report.logSize)
              bundle size            \(bytes.count) bytes (\(bytes.count / (ancestors + 1)) per record)
              node builds bundle     \(String(format: "%.2f", median(buildTimes))) ms (median of \(buildTimes.count); \(2 * (ancestors + 1)) log + state proofs)
              offline verification   \(String(format: "%.2f", median(verifyTimes))) ms (median of \(runs), one core; target ≤ 20 ms)
            """
    }
}
