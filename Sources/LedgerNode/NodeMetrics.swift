import Foundation
import Metrics
import Prometheus

/// The process's one Prometheus registry. Its first use bootstraps swift-metrics with it:
/// `MetricsSystem.bootstrap` may run only once per process, and a `static let` runs once even
/// when several nodes (tests) start metrics in one process.
public enum MetricsRegistry {
    public static let shared: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[NodeMetrics.Name.blockInterval] =
            [100, 250, 500, 1000, 2000, 3000, 5000, 10_000, 30_000, 60_000].map { Duration.milliseconds($0) }
        factory.valueHistogramBuckets[NodeMetrics.Name.blockTransactions] = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// The Prometheus text exposition of everything recorded so far.
    public static func render() -> [UInt8] { shared.emitToBuffer() }
}

/// The node's own metrics (Docs/OPERATIONS.md, "Metrics"). Written through swift-metrics, so with
/// metrics off (nothing bootstrapped) every call is a no-op.
public struct NodeMetrics: Sendable {
    public enum Name {
        public static let height = "desci_height"
        public static let blockInterval = "desci_block_interval_seconds"
        public static let blockTransactions = "desci_block_txs"
        public static let mempoolTransactions = "desci_mempool_txs"
        public static let mempoolBytes = "desci_mempool_bytes"
        public static let peers = "desci_peers"
        public static let consensusRound = "desci_consensus_round"
        public static let consensusStep = "desci_consensus_step"
        public static let storageBytes = "desci_rocksdb_size_bytes"
        public static let residentBytes = "desci_process_resident_memory_bytes"
    }

    public init() {}

    /// Peers connected (set by `NodeNetwork` as peers go up and down).
    public static func setPeers(_ n: Int) { Gauge(label: Name.peers).record(n) }

    /// The BFT engine's current round and step (step as its ordinal: 0 propose, 1 prevote, 2 precommit, 3 commit).
    public static func setConsensus(round: UInt64, step: Int) {
        Gauge(label: Name.consensusRound).record(Int64(clamping: round))
        Gauge(label: Name.consensusStep).record(step)
    }

    /// One committed block: height, transactions, and the time since the previous block (by block times).
    func observeCommit(height: UInt64, timeMillis: UInt64, previousTimeMillis: UInt64?, transactions: Int) {
        Gauge(label: Name.height).record(Int64(clamping: height))
        Recorder(label: Name.blockTransactions).record(transactions)
        if let previous = previousTimeMillis, timeMillis >= previous {
            Metrics.Timer(label: Name.blockInterval).recordMilliseconds(timeMillis - previous)
        }
    }

    func observeCommit(_ chain: ChainStore, height: UInt64) {
        guard let header = try? chain.header(height: height) else { return }
        let previous = height > 1 ? (try? chain.header(height: height - 1))??.timeMillis : nil
        observeCommit(height: height, timeMillis: header.timeMillis, previousTimeMillis: previous, transactions: Int(header.transactionCount))
    }

    /// The sampled gauges: tip, mempool, database size and process memory.
    func sample(node: NodeCore, databaseDir: URL) {
        if let tip = try? node.chain.tip { Gauge(label: Name.height).record(Int64(clamping: tip.height)) }
        Gauge(label: Name.mempoolTransactions).record(node.mempool.count)
        Gauge(label: Name.mempoolBytes).record(node.mempool.totalBytes)
        Gauge(label: Name.storageBytes).record(Int64(clamping: Self.directoryBytes(databaseDir)))
        if let rss = Self.residentBytes() { Gauge(label: Name.residentBytes).record(Int64(clamping: rss)) }
    }

    /// Bytes of the files in the RocksDB folder (SST files, logs, manifest): what the database holds on disk.
    static func directoryBytes(_ dir: URL) -> UInt64 {
        guard let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey]) else { return 0 }
        var total: UInt64 = 0
        for case let url as URL in e {
            guard let v = try? url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey]), v.isRegularFile == true else { continue }
            total += UInt64(v.fileSize ?? 0)
        }
        return total
    }

    /// Resident set size from /proc/self/statm (second field, in pages); nil where there is no /proc.
    static func residentBytes() -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count >= 2, let pages = UInt64(fields[1]) else { return nil }
        return pages * UInt64(sysconf(Int32(_SC_PAGESIZE)))
    }
}
