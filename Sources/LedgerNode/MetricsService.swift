import Foundation
import LedgerRPC
import Logging
import ServiceLifecycle

/// `[metrics]` settings (config.toml; Docs/OPERATIONS.md, "Metrics"). Off by default.
public struct MetricsSettings: Sendable {
    public var enabled = false
    public var host = "127.0.0.1"
    public var port = 26660
    public init() {}
}

/// Serves Prometheus `GET /metrics` on its own listener (never the RPC address, so it can be
/// exposed to a scraper without exposing the API) and samples the gauges that nothing pushes.
public struct MetricsService: Service {
    let node: NodeCore
    let databaseDir: URL
    let settings: MetricsSettings
    let sampleInterval: Duration
    let logger: Logger
    let onListening: @Sendable (Int) async -> Void

    public init(node: NodeCore, databaseDir: URL, settings: MetricsSettings, sampleInterval: Duration = .seconds(5), logger: Logger,
                onListening: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.node = node
        self.databaseDir = databaseDir
        self.settings = settings
        self.sampleInterval = sampleInterval
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        _ = MetricsRegistry.shared
        let metrics = NodeMetrics()
        // The settable gauges exist from the start (0 until P2P and the BFT engine set them).
        NodeMetrics.setPeers(0)
        NodeMetrics.setConsensus(round: 0, step: 0)
        let node = node
        node.commitObservers.add { height in metrics.observeCommit(node.chain, height: height) }
        metrics.sample(node: node, databaseDir: databaseDir)
        let app = MetricsServer.application(host: settings.host, port: settings.port, logger: logger, render: { MetricsRegistry.render() },
                                            onListening: { [logger, settings, onListening] port in
            logger.info("metrics listening", metadata: ["address": "http://\(settings.host):\(port)/metrics"])
            await onListening(port)
        })
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await app.runService() }
            group.addTask { [databaseDir, sampleInterval] in
                await cancelWhenGracefulShutdown {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: sampleInterval)
                        metrics.sample(node: node, databaseDir: databaseDir)
                    }
                }
            }
        }
    }
}

/// Functions told of every commit (after the event hub); metrics register here.
public final class CommitObservers: Sendable {
    private let observers = Mutex<[@Sendable (UInt64) -> Void]>([])

    public func add(_ observer: @escaping @Sendable (UInt64) -> Void) { observers.withLock { $0.append(observer) } }

    func notify(height: UInt64) {
        for o in observers.withLock({ $0 }) { o(height) }
    }
}

import Synchronization
