import Foundation
import LedgerConsensus
import LedgerCore
import LedgerCrypto
import LedgerNode
import Logging
import NIOCore

/// `--cluster`: four validators as separate `desci-node` processes on loopback (issue 7 §6,
/// Docs/BENCHMARKS.md "BFT network"). Pre-signed transfers are posted round-robin to the nodes at
/// `--cluster-rate` tx/s for `--cluster-seconds`; a watcher on node 0 reads every block as it
/// commits, so each transaction's latency is submission → first seen committed. Then the idle
/// latency of single `mode=commit` transactions, and for comparison (d) on one validator.
enum ClusterBench {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static let validators = 4

    static func run(_ options: BenchOptions, logger: Logger) async throws -> String {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let net = scratch.sub("net")
        var o = Testnet.Options(validators: Self.validators, output: net)
        o.startingPort = 41_000 + Int(getpid() % 500) * 10
        o.insecureSeedPrefix = "bench-cluster"
        let nodes = try Testnet.generate(o)
        let rate = options.clusterRate, seconds = options.clusterSeconds
        let total = rate * seconds
        let senders = max(1, min(options.senders, total))
        let genesis = try BenchGenesis(senders: senders, blockIntervalMillis: options.clusterBlockIntervalMillis,
                                       validators: nodes.map(\.validatorPublicKey))
        for n in nodes { try genesis.json.write(to: NodeHome(path: n.home).genesisFile) }
        let rounds = (total + senders - 1) / senders + 1
        let txs = try await Workload.signTransfers(genesis: genesis, rounds: rounds)

        let bin = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("desci-node")
        var processes: [Process] = []
        defer { for p in processes where p.isRunning { p.terminate() } }
        for n in nodes {
            let p = Process()
            p.executableURL = bin
            p.arguments = ["start", "--home", n.home, "--log-level", "warning"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = try FileHandle(forWritingTo: { let u = scratch.sub("\(n.name).log"); FileManager.default.createFile(atPath: u.path, contents: nil); return u }())
            try p.run()
            processes.append(p)
        }
        let clients = nodes.map { BenchHTTP(base: "http://127.0.0.1:\($0.rpcPort)") }
        try await waitUntil(seconds: 60) { (try? await clients[0].get("/status", as: Wire.Status.self))?.latestHeight ?? 0 >= 2 }
        Progress.say("(e) \(Self.validators) validators committing; posting \(total) transfers at \(rate) tx/s for \(seconds) s, round-robin…")

        // The load: every 50 ms, the next slice of transactions to the next node.
        let tickMillis = 50
        let perTick = max(1, rate * tickMillis / 1000)
        let encoder = JSONEncoder()
        let submitted = SubmitTimes()
        let watcher = Task { try await watch(clients[0], until: total, submitted: submitted) }
        let started = Clock.now()
        var next = 0, tick = 0
        try await withThrowingTaskGroup(of: Void.self) { group in
            while next < total {
                let slice = Array(txs[next..<min(next + perTick, total)])
                next += slice.count
                let client = clients[tick % clients.count]
                let body = ByteBuffer(data: try encoder.encode(Wire.SubmitBatch(txs: slice.map { Hex.encode($0.wire) }, mode: "sync")))
                let ids = slice.map(\.id.hex)
                group.addTask {
                    await submitted.mark(ids)
                    _ = try await client.send(.POST, "/txs", body: body)
                }
                tick += 1
                let due = Double(tick * tickMillis) / 1000
                let wait = due - Clock.seconds(since: started)
                if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
            }
            try await group.waitForAll()
        }
        let postSeconds = Clock.seconds(since: started)
        let watched = try await watcher.value
        let latencies = watched.latencies.sorted()
        let committedPerSecond = Double(watched.committed) / watched.lastCommitSeconds(since: started)

        // Idle: single transactions with mode=commit, after the load has drained.
        try await Task.sleep(for: .seconds(2))
        var idle: [Double] = []
        for k in 0..<20 {
            let tx = txs[total + k]
            let body = ByteBuffer(data: try encoder.encode(Wire.SubmitOne(tx: Hex.encode(tx.wire), mode: "commit")))
            let t0 = Clock.now()
            let (status, _) = try await clients[k % clients.count].send(.POST, "/tx", body: body)
            guard status == 200 else { throw Failure(description: "idle mode=commit answered HTTP \(status)") }
            idle.append(Clock.seconds(since: t0))
        }
        idle.sort()
        let heights = try await clients.asyncMap { try await $0.get("/status", as: Wire.Status.self).latestHeight }
        for p in processes { p.terminate() }

        var out = "BFT network: \(Self.validators) validators (separate processes, loopback), block interval \(options.clusterBlockIntervalMillis) ms\n"
        out += "  offered \(rate) tx/s for \(seconds) s (posted in \(String(format: "%.1f", postSeconds)) s); committed \(watched.committed)/\(total)\n"
        out += "  committed throughput: \(Int(committedPerSecond)) tx/s  (target ≥ 2,000)\n"
        out += "  submit → commit latency: p50 \(ms(percentile(latencies, 0.5))) ms, p99 \(ms(percentile(latencies, 0.99))) ms  (targets ≤ 1,000 / ≤ 3,000)\n"
        out += "  idle single transaction (mode=commit round trip): p50 \(ms(percentile(idle, 0.5))) ms, p99 \(ms(percentile(idle, 0.99))) ms  (target p50 ≤ 300)\n"
        out += "  final heights \(heights)\n"
        if options.clusterCompare {
            var single = options
            single.rpcBatches = max(1, total / options.rpcBatchSize)
            let g1 = try BenchGenesis(senders: senders, blockIntervalMillis: options.blockIntervalMillis)
            let t1 = try await Workload.signTransfers(genesis: g1, rounds: rounds)
            let d = try await RPCBench.run(genesis: g1, transactions: t1, options: single, folder: scratch.sub("single"), logger: logger)
            out += "  single validator for comparison, (d) end to end: \(Int(d.perSecond)) tx/s (\(d.committed) transfers)\n"
        }
        return out
    }

    static func ms(_ s: Double) -> Int { Int((s * 1000).rounded()) }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
    }

    static func waitUntil(seconds: Double, _ condition: () async -> Bool) async throws {
        let start = Clock.now()
        while Clock.seconds(since: start) < seconds {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(description: "the cluster did not start committing within \(Int(seconds)) s")
    }

    struct Watched {
        var committed = 0
        var latencies: [Double] = []
        var lastCommit: ContinuousClock.Instant?
        func lastCommitSeconds(since start: ContinuousClock.Instant) -> Double {
            lastCommit.map { Clock.seconds($0 - start) } ?? .infinity
        }
    }

    /// Reads node 0's new blocks every 20 ms until `total` submitted transactions are seen committed
    /// (or nothing new commits for 20 s).
    static func watch(_ client: BenchHTTP, until total: Int, submitted: SubmitTimes) async throws -> Watched {
        var w = Watched()
        var height = try await client.get("/status", as: Wire.Status.self).latestHeight
        var quietSince = Clock.now()
        while w.committed < total, Clock.seconds(since: quietSince) < 20 {
            let tip = try await client.get("/status", as: Wire.Status.self).latestHeight
            if tip > height {
                let blocks = try await client.get("/blocks?from=\(height + 1)&to=\(min(tip, height + 100))", as: [Wire.BlockSummary].self)
                let now = Clock.now()
                for b in blocks {
                    for id in b.transactions {
                        guard let t = await submitted.time(id) else { continue }
                        w.committed += 1
                        w.latencies.append(Clock.seconds(now - t))
                    }
                    height = max(height, b.header.height)
                }
                w.lastCommit = now
                quietSince = now
            } else {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        return w
    }
}

/// When each transaction was handed to the network.
actor SubmitTimes {
    private var times: [String: ContinuousClock.Instant] = [:]
    func mark(_ ids: [String]) {
        let now = Clock.now()
        for id in ids { times[id] = now }
    }
    func time(_ id: String) -> ContinuousClock.Instant? { times[id] }
}

extension Array {
    func asyncMap<T>(_ f: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for e in self { out.append(try await f(e)) }
        return out
    }
}
