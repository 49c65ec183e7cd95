import Foundation
import Hummingbird
import LedgerAPI
import LedgerCore
@testable import LedgerNode
import LedgerRPC
import LedgerStorageRocksDB
import Logging
import ServiceLifecycle
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Prometheus `/metrics` on its own listener: a real node (RocksDB in a temp dir) commits blocks and
/// serves RPC; the test scrapes over HTTP and parses the text exposition format.
@Suite struct MetricsTests {
    /// `name{labels}` → value, from the text format; also checks every sample line's shape.
    static func parse(_ text: String) throws -> (samples: [String: Double], types: [String: String]) {
        var samples: [String: Double] = [:], types: [String: String] = [:]
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                try #require(parts.count == 4, "bad TYPE line: \(line)")
                types[String(parts[2])] = String(parts[3])
                continue
            }
            if line.hasPrefix("#") { continue }
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                Issue.record("not a sample line: \(line)")
                continue
            }
            let key = String(line[..<space])
            try #require(key.range(of: #"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})?$"#, options: .regularExpression) != nil, "bad metric name: \(key)")
            samples[key] = value
        }
        return (samples, types)
    }

    @Test func aScrapeShowsChainMempoolRPCStorageAndMemory() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try RocksDBStore(path: dir.sub("db"))
        defer { store.close() }
        let genesis = testGenesis()
        var rpc = RPCConfig()
        rpc.port = 0
        let node = try NodeCore(genesis: genesis, genesisData: Array(try JSONEncoder().encode(genesis)), chain: try ChainStore(kv: store),
                                mempoolConfig: MempoolConfig(), validator: ValidatorSigner(key(validatorSeedByte)), logger: testLogger, rpc: rpc)
        var settings = MetricsSettings()
        settings.enabled = true
        settings.port = 0
        var quiet = Logger(label: "metrics-test")
        quiet.logLevel = .critical
        let metricsPort = PortBox(), rpcPort = PortBox()
        let service = MetricsService(node: node, databaseDir: URL(fileURLWithPath: dir.sub("db")), settings: settings,
                                     sampleInterval: .milliseconds(50), logger: quiet, onListening: { metricsPort.set($0) })
        let api = RPCServer.application(api: node, config: rpc, logger: quiet, onListening: { rpcPort.set($0) })
        let group = ServiceGroup(services: [service, api], logger: quiet)
        let running = Task { try await group.run() }
        defer { running.cancel() }
        for _ in 0..<5000 where metricsPort.value == 0 || rpcPort.value == 0 { try await Task.sleep(nanoseconds: 1_000_000) }
        try #require(metricsPort.value != 0 && rpcPort.value != 0)
        #expect(metricsPort.value != rpcPort.value, "metrics has its own listener")

        for n in 0..<3 as Range<UInt64> {
            #expect(try await node.submit(try signedTransfer(alice, nonce: n).wire, mode: .sync, timeoutMillis: 0).accepted)
        }
        try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: true)
        #expect(try await node.submit(try signedTransfer(alice, nonce: 3).wire, mode: .sync, timeoutMillis: 0).accepted)
        try node.produceBlock(nowMillis: testGenesisMillis + 3500, allowEmpty: true)
        #expect(try await node.submit(try signedTransfer(alice, nonce: 4).wire, mode: .sync, timeoutMillis: 0).accepted)
        // The registry is process-wide (other tests' routers count too): compare with a scrape before.
        let statusOK = #"desci_rpc_requests_total{route="/status",method="GET",status="200"}"#
        let block404 = #"desci_rpc_requests_total{route="/block",method="GET",status="404"}"#
        let statusTimed = #"desci_rpc_request_duration_seconds_count{route="/status",method="GET"}"#
        let before = try Self.parse(try await httpGet(port: metricsPort.value, path: "/metrics").body).samples
        #expect(try await httpGet(port: rpcPort.value, path: "/status").status == 200)
        #expect(try await httpGet(port: rpcPort.value, path: "/block?height=99").status == 404)
        try await Task.sleep(for: .milliseconds(200))  // a few sampling rounds

        let (status, body) = try await httpGet(port: metricsPort.value, path: "/metrics")
        #expect(status == 200)
        #expect(try await httpGet(port: rpcPort.value, path: "/metrics").status == 404, "metrics are not on the RPC address")
        let (s, types) = try Self.parse(body)
        #expect(types["desci_height"] == "gauge" && s["desci_height"] == 2)
        #expect(types["desci_block_txs"] == "histogram")
        #expect(s["desci_block_txs_count"] == 2 && s["desci_block_txs_sum"] == 4)
        #expect(types["desci_block_interval_seconds"] == "histogram")
        #expect(s["desci_block_interval_seconds_count"] == 1 && s["desci_block_interval_seconds_sum"] == 2.5)
        #expect(s["desci_mempool_txs"] == 1)
        #expect((s["desci_mempool_bytes"] ?? 0) > 100)
        #expect(s["desci_peers"] == 0 && s["desci_consensus_round"] == 0 && s["desci_consensus_step"] == 0)
        #expect((s["desci_rocksdb_size_bytes"] ?? 0) > 0)
        #expect((s["desci_process_resident_memory_bytes"] ?? 0) > 1_000_000)
        for key in [statusOK, block404, statusTimed] {
            #expect((s[key] ?? 0) >= (before[key] ?? 0) + 1, "\(key)")
        }

        NodeMetrics.setConsensus(round: 3, step: 2)
        NodeMetrics.setPeers(4)
        let (_, again) = try await httpGet(port: metricsPort.value, path: "/metrics")
        let s2 = try Self.parse(again).samples
        #expect(s2["desci_consensus_round"] == 3 && s2["desci_consensus_step"] == 2 && s2["desci_peers"] == 4)
        NodeMetrics.setConsensus(round: 0, step: 0)
        NodeMetrics.setPeers(0)
    }

    @Test func metricsConfigIsOffByDefaultAndParsed() throws {
        #expect(NodeConfig().metrics.enabled == false)
        #expect(try NodeConfig.parse(NodeConfig.defaultTOML).metrics.enabled == false)
        let c = try NodeConfig.parse("[metrics]\nenabled = true\naddress = \"0.0.0.0:9100\"")
        #expect(c.metrics.enabled && c.metrics.host == "0.0.0.0" && c.metrics.port == 9100)
        for bad in ["[metrics]\nenabled = \"yes\"", "[metrics]\naddress = \"nowhere\"", "[metrics]\nport = 1"] {
            #expect(throws: NodeConfig.ConfigError.self) { try NodeConfig.parse(bad) }
        }
    }
}

/// A plain HTTP/1.1 GET over a loopback socket with `Connection: close`; reads to EOF.
func httpGet(port: Int, path: String) async throws -> (status: Int, body: String) {
    try await blocking { try httpGetBlocking(port: port, path: path) }
}

private func httpGetBlocking(port: Int, path: String) throws -> (status: Int, body: String) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = in_port_t(UInt16(port).bigEndian)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let rc = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    guard rc == 0 else { throw POSIXError(.ECONNREFUSED) }
    var tv = timeval(tv_sec: 5, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    _ = request.utf8CString.withUnsafeBufferPointer { send(fd, $0.baseAddress, $0.count - 1, 0) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = recv(fd, &chunk, chunk.count, 0)
        guard n > 0 else { break }
        bytes += chunk[0..<n]
    }
    let text = String(decoding: bytes, as: UTF8.self)
    guard let split = text.range(of: "\r\n\r\n") else { return (0, "") }
    let status = Int(text[..<split.lowerBound].split(separator: " ").dropFirst().first ?? "") ?? 0
    return (status, String(text[split.upperBound...]))
}
