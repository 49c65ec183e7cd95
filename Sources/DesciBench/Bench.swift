import Foundation
import Logging

/// Runs the four measurements in order on one prepared workload.
enum Bench {
    static func run(_ options: BenchOptions, logger: Logger) async throws -> BenchReport {
        let loadAverage = Self.loadAverage()
        let load = SystemLoad.sample()
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        Progress.say("\(options.quick ? "quick" : "full") run in \(scratch.url.path)")

        let genesis = try BenchGenesis(senders: options.senders, blockIntervalMillis: options.blockIntervalMillis)
        // (b)/(c) and (d) run on separate fresh chains from the same genesis, so both use nonces from 0
        // and share one set of signed transactions.
        let transactions = try await Workload.signTransfers(genesis: genesis, rounds: options.rounds)

        let verify = await VerifyBench.run(transactions: transactions, genesisHash: genesis.hash, messages: options.verifyMessages, batch: options.admitBatch)
        Progress.say(String(format: "(a) %.0f verifications/s on one core; %.0f/s through Mempool.verifySignatures on all cores",
                            verify.perSecond, verify.parallelPerSecond))

        let node = try await NodeBench.run(genesis: genesis, transactions: transactions, options: options,
                                           folder: scratch.sub("node"), logger: logger)
        Progress.say(String(format: "(b) %.0f tx/s admitted; (c) %.0f tx/s executed and committed", node.admitPerSecond, node.blockPerSecond))

        let rpc = try await RPCBench.run(genesis: genesis, transactions: transactions, options: options,
                                         folder: scratch.sub("rpc-home"), logger: logger)
        Progress.say(String(format: "(d) %.0f tx/s end to end", rpc.perSecond))

        let records = try await RecordsBench.run(genesis: genesis, options: options, folder: scratch.sub("records"), logger: logger)
        Progress.say(String(format: "(e) %.0f registrations/s, %.0f attestations/s; (f) lineage %@", records.registrationsPerSecond,
                            records.attestationsPerSecond, records.lineageMillis.map { String(format: "depth %d: %.1f ms", $0.depth, $0.millis) }.joined(separator: ", ")))

        return BenchReport(options: options, loadAverage: loadAverage, othersShare: SystemLoad.othersShare(since: load),
                           verify: verify, node: node, rpc: rpc, records: records)
    }

    /// The 1-minute load average (Linux), or nil.
    static func loadAverage() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { Double($0) }
    }
}
