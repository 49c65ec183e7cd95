import Foundation

/// The four figures, as a table for people and as one JSON document for scripts.
struct BenchReport: Encodable {
    struct Figure: Encodable {
        var id: String
        var name: String
        var transactionsPerSecond: Double
        /// This figure / ((a) × cores): how close it comes to the machine's signature-checking ceiling.
        var ratioToVerifyCeiling: Double
        var target: Double?
        var status: String?
        var details: [String: Double]
    }

    struct Machine: Encodable {
        var cores: Int
        var os: String
        /// 1-minute load average when the run began: other work on the machine skews every figure.
        var loadAverage: Double?
        /// Share of the machine's CPU capacity that other processes used during the run (0…1).
        var othersCPUShare: Double?
    }

    /// With `--profile`: seconds per step of (b), and of `Mempool.reap` inside (c).
    struct Profile: Encodable {
        var admissionDecodeSeconds: Double
        var admissionVerifySeconds: Double
        var admissionAdmitSeconds: Double
        var reapSecondsPerBlock: Double
    }

    var mode: String
    var machine: Machine
    var parameters: [String: Int]
    var figures: [Figure]
    var profile: Profile?

    init(options: BenchOptions, loadAverage: Double?, othersShare: Double?, verify: VerifyBench.Result, node: NodeBench.Result, rpc: RPCBench.Result,
         records: RecordsBench.Result) {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let ceiling = verify.perSecond * Double(cores)
        func figure(_ id: String, _ name: String, _ value: Double, target: Double? = nil, _ details: [String: Double]) -> Figure {
            Figure(id: id, name: name, transactionsPerSecond: value, ratioToVerifyCeiling: value / ceiling, target: target,
                   status: target.map { value >= $0 ? "PASS" : "BELOW" }, details: details)
        }
        mode = options.quick ? "quick" : "full"
        machine = Machine(cores: cores, os: ProcessInfo.processInfo.operatingSystemVersionString, loadAverage: loadAverage, othersCPUShare: othersShare)
        profile = node.phases.map {
            Profile(admissionDecodeSeconds: $0.decode, admissionVerifySeconds: $0.verify, admissionAdmitSeconds: $0.admit,
                    reapSecondsPerBlock: node.reapSeconds.reduce(0, +) / Double(max(1, node.reapSeconds.count)))
        }
        parameters = [
            "senders": options.senders, "verify_messages": options.verifyMessages, "block_size": options.blockSize,
            "blocks": options.blocks, "admit_batch": options.admitBatch, "rpc_batches": options.rpcBatches,
            "rpc_batch_size": options.rpcBatchSize, "rpc_concurrency": options.rpcConcurrency,
            "block_interval_ms": Int(options.blockIntervalMillis),
        ]
        var blockDetails: [String: Double] = ["blocks": Double(node.blockSeconds.count),
                                              "mean_block_seconds": node.blockSeconds.reduce(0, +) / Double(max(1, node.blockSeconds.count))]
        for (i, s) in node.blockSeconds.enumerated() { blockDetails["block_\(i + 1)_seconds"] = s }
        figures = [
            figure("a", "Ed25519 verify, 1 core (libsodium)", verify.perSecond,
                   ["messages": Double(verify.messages), "seconds": verify.seconds, "ceiling_all_cores": ceiling,
                    "mempool_verify_signatures_per_second": verify.parallelPerSecond]),
            figure("b", "mempool admission (decode+verify+admit)", node.admitPerSecond,
                   ["transactions": Double(node.admitted), "seconds": node.admitSeconds]),
            figure("c", "block execute + RocksDB commit", node.blockPerSecond, target: 25_000, blockDetails),
            figure("d", "end to end POST /txs -> committed", rpc.perSecond, target: 10_000,
                   ["posted": Double(rpc.posted), "accepted": Double(rpc.accepted), "committed": Double(rpc.committed),
                    "blocks": Double(rpc.blocks), "post_seconds": rpc.postSeconds, "total_seconds": rpc.totalSeconds,
                    "http_admission_tx_per_second": rpc.admitPerSecond]),
            figure("e1", "contribution registrations, execute + commit", records.registrationsPerSecond, [:]),
            figure("e2", "attestations (reviews), execute + commit", records.attestationsPerSecond, [:]),
        ] + (records.votesPerSecond.map { [figure("e3", "governance votes, execute + commit", $0, [:])] } ?? [])
        var lineage: [String: Double] = [:]
        for l in records.lineageMillis { lineage["depth_\(l.depth)_ms"] = l.millis }
        lineageMillis = lineage
    }

    /// (f) lineage query latency by depth, in milliseconds (target: under 50 ms at depth 1,000).
    var lineageMillis: [String: Double]

    var table: String {
        let ceiling = figures[0].details["ceiling_all_cores"] ?? 0
        var lines = [
            "DeSci Ledger benchmark (\(mode) run, \(machine.cores) cores; ceiling = (a) × cores = \(Self.rate(ceiling)) verifications/s)",
            "",
            Self.row("", "figure", "tx/s", "× ceiling", "target", ""),
            Self.row("", "------", "----", "---------", "------", ""),
        ]
        for f in figures {
            lines.append(Self.row("(\(f.id))", f.name, Self.rate(f.transactionsPerSecond), String(format: "%.2f", f.ratioToVerifyCeiling),
                                  f.target.map { "≥ " + Self.rate($0) } ?? "", f.status ?? ""))
        }
        lines.append("")
        if let a = figures.first, let parallel = a.details["mempool_verify_signatures_per_second"] {
            lines.append(String(format: "(a) for reference: Mempool.verifySignatures on all cores verifies %@/s (%.2f × ceiling)",
                                Self.rate(parallel), parallel / ceiling))
        }
        if let c = figures.first(where: { $0.id == "c" }), let blocks = c.details["blocks"] {
            let times = (1...Int(blocks)).compactMap { c.details["block_\($0)_seconds"] }.map { String(format: "%.3f", $0) }
            lines.append("(c) per-block seconds: \(times.joined(separator: ", ")) (blocks of \(parameters["block_size"] ?? 0))")
        }
        if let d = figures.first(where: { $0.id == "d" }) {
            lines.append(String(format: "(d) %.0f committed in %.0f blocks; POSTs answered after %.2f s (%@ tx/s admitted over HTTP), all committed after %.2f s",
                                d.details["committed"] ?? 0, d.details["blocks"] ?? 0, d.details["post_seconds"] ?? 0,
                                Self.rate(d.details["http_admission_tx_per_second"] ?? 0), d.details["total_seconds"] ?? 0))
        }
        for (key, ms) in lineageMillis.sorted(by: { $0.key < $1.key }) {
            let depth = key.dropFirst("depth_".count).dropLast("_ms".count)
            lines.append(String(format: "(f) lineage query at depth %@: %.1f ms%@", String(depth), ms,
                                depth == "1000" ? (ms < 50 ? " (target < 50 ms: PASS)" : " (target < 50 ms: BELOW)") : ""))
        }
        if let p = profile {
            lines.append(String(format: "profile (b): decode %.3f s, signature checks %.3f s, admission %.3f s; (c): reap %.3f s per block",
                                p.admissionDecodeSeconds, p.admissionVerifySeconds, p.admissionAdmitSeconds, p.reapSecondsPerBlock))
        }
        if let share = machine.othersCPUShare {
            lines.append(String(format: "other processes used %.0f%% of the machine's CPU during the run%@", share * 100,
                                share > 0.05 ? " — the figures are lowered; repeat on a quiet machine" : ""))
        }
        return lines.joined(separator: "\n")
    }

    func jsonDocument() throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    private static func rate(_ v: Double) -> String {
        let n = Int(v.rounded())
        var s = String(n)
        var i = s.count - 3
        while i > 0 {
            s.insert(",", at: s.index(s.startIndex, offsetBy: i))
            i -= 3
        }
        return s
    }

    private static func row(_ id: String, _ name: String, _ value: String, _ ratio: String, _ target: String, _ status: String) -> String {
        func pad(_ s: String, _ n: Int, left: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, n - s.count))
            return left ? fill + s : s + fill
        }
        return pad(id, 5) + pad(name, 50) + pad(value, 10, left: true) + "  " + pad(ratio, 9, left: true) + "  " + pad(target, 10) + "  " + status
    }
}
