import Foundation
import LedgerCore
import LedgerNode
import Logging
import NIOCore

/// (d) End to end: the real node (`NodeRunner.run`: RocksDB, mempool, block producer, RPC server)
/// in-process on a loopback port; transactions go in as hex through `POST /txs` (mode sync) and the
/// clock stops when `GET /status` shows an empty mempool after every POST has been answered.
enum RPCBench {
    struct Result: Sendable {
        var posted = 0
        var accepted = 0
        var committed = 0
        var blocks = 0
        /// First POST sent to the last POST answered.
        var postSeconds = 0.0
        /// First POST sent to the mempool seen empty (everything committed).
        var totalSeconds = 0.0

        var perSecond: Double { Double(committed) / totalSeconds }
        var admitPerSecond: Double { Double(accepted) / postSeconds }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(genesis: BenchGenesis, transactions: [Transaction], options: BenchOptions, folder: URL, logger: Logger) async throws -> Result {
        let needed = options.rpcBatches * options.rpcBatchSize
        guard transactions.count >= needed else { throw Failure(description: "need \(needed) transactions, have \(transactions.count)") }

        // Request bodies are built before the clock starts: client-side encoding is not the node's cost.
        let encoder = JSONEncoder()
        let bodies = try (0..<options.rpcBatches).map { b in
            let slice = transactions[(b * options.rpcBatchSize)..<((b + 1) * options.rpcBatchSize)]
            return ByteBuffer(data: try encoder.encode(Wire.SubmitBatch(txs: slice.map { Hex.encode($0.wire) }, mode: "sync")))
        }

        let home = NodeHome(path: folder.path)
        try home.initialise(genesisData: genesis.json, validatorSeed: genesis.validatorSeed)
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let server = Task {
            defer { portContinuation.finish() }
            try await NodeRunner.run(.init(home: home, rpcAddress: "127.0.0.1:0", logger: logger, onListening: { portContinuation.yield($0) }))
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await server.value
            throw Failure(description: "the node stopped before its RPC server listened")
        }
        defer { server.cancel() }
        let http = BenchHTTP(base: "http://127.0.0.1:\(port)")
        _ = try await http.get("/status", as: Wire.Status.self)
        Progress.say("(d) node listening on 127.0.0.1:\(port); posting \(options.rpcBatches) × \(options.rpcBatchSize) transactions, \(options.rpcConcurrency) request(s) in flight…")

        var result = Result(posted: needed)
        let started = Clock.now()
        let answers = try await post(bodies, concurrency: options.rpcConcurrency, http: http)
        result.postSeconds = Clock.seconds(since: started)
        var status = try await http.get("/status", as: Wire.Status.self)
        while status.mempoolSize > 0 {
            guard Clock.seconds(since: started) < 300 else { throw Failure(description: "transactions still pending after 300 s") }
            try await Task.sleep(for: .milliseconds(5))
            status = try await http.get("/status", as: Wire.Status.self)
        }
        result.totalSeconds = Clock.seconds(since: started)

        for (status, body) in answers {
            guard status == 200 else { throw Failure(description: "POST /txs answered HTTP \(status): \(String(buffer: body).prefix(300))") }
            let decoded = try JSONDecoder().decode(Wire.SubmitBatchResponse.self, from: Data(body.readableBytesView))
            result.accepted += decoded.results.count(where: \.accepted)
            if let bad = decoded.results.first(where: { !$0.accepted }) {
                Progress.say("(d) warning: a transaction was refused: \(bad.code ?? "") \(bad.message ?? "")")
            }
        }
        result.blocks = Int(status.latestHeight)
        for from in stride(from: 1, through: Int(status.latestHeight), by: 100) {
            let blocks = try await http.get("/blocks?from=\(from)&to=\(min(from + 99, Int(status.latestHeight)))", as: [Wire.Block].self)
            result.committed += blocks.reduce(0) { $0 + $1.header.transactionCount }
        }
        Progress.say(String(format: "(d) %d accepted in %.2f s of POSTs; %d committed in %d blocks, %.2f s after the first POST",
                            result.accepted, result.postSeconds, result.committed, result.blocks, result.totalSeconds))

        // Stays muted: Hummingbird finishes closing its channels after the task has returned.
        BenchLogHandler.muted.store(true, ordering: .relaxed)
        server.cancel()
        do { try await server.value } catch is CancellationError {} catch {
            Progress.say("(d) node stopped with: \(error)")
        }
        return result
    }

    /// Posts every body, at most `concurrency` at once; answers are returned in order.
    private static func post(_ bodies: [ByteBuffer], concurrency: Int, http: BenchHTTP) async throws -> [(Int, ByteBuffer)] {
        try await withThrowingTaskGroup(of: (Int, Int, ByteBuffer).self) { group in
            var answers = [(Int, ByteBuffer)?](repeating: nil, count: bodies.count)
            var next = 0
            func launch() {
                let i = next
                let body = bodies[i]
                next += 1
                group.addTask {
                    let (status, answer) = try await http.send(.POST, "/txs", body: body)
                    return (i, status, answer)
                }
            }
            while next < min(concurrency, bodies.count) { launch() }
            for try await (i, status, answer) in group {
                answers[i] = (status, answer)
                if next < bodies.count { launch() }
            }
            return answers.map { $0! }
        }
    }
}
