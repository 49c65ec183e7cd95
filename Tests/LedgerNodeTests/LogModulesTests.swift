import LedgerNode
import Logging
import Synchronization
import Testing

/// `[log.modules]`: parsing (unknown modules and levels are config errors) and the handler that
/// filters each message by its module's level.
@Suite struct LogModulesTests {
    final class Captured: Sendable {
        let lines = Mutex<[String]>([])
    }

    struct CapturingHandler: LogHandler {
        let sink: Captured
        var logLevel: Logger.Level = .info
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let module = event.metadata?["module"] ?? metadata["module"]
            sink.lines.withLock { $0.append("\(module.map { "\($0)" } ?? "-") \(event.level) \(event.message)") }
        }
    }

    @Test func configParsesModuleLevels() throws {
        let c = try NodeConfig.parse("""
            [log]
            level = "warning"
            [log.modules]
            consensus = "debug"
            p2p = "error"
            rpc = "info"
            mempool = "info"
            """)
        #expect(c.logLevel == "warning")
        #expect(c.logModules == [.consensus: .debug, .p2p: .error, .rpc: .info, .mempool: .info])
        #expect(try NodeConfig.parse(NodeConfig.defaultTOML).logModules.isEmpty)
    }

    @Test func unknownModulesAndLevelsAreConfigErrors() {
        for (toml, words) in [("[log.modules]\nconsensos = \"debug\"", "unknown log module 'log.modules.consensos'"),
                              ("[log.modules]\np2p = \"loud\"", "'log.modules.p2p' must be trace"),
                              ("[log.modules]\np2p = 3", "'log.modules.p2p' must be trace"),
                              ("[log]\nmodules = \"debug\"", "'log.modules' must be a table")] {
            do {
                _ = try NodeConfig.parse(toml)
                Issue.record("accepted: \(toml)")
            } catch {
                #expect("\(error)".contains(words), "\(toml): \(error)")
            }
        }
    }

    @Test func eachModuleLogsAtItsOwnLevel() {
        let sink = Captured()
        let levels = LogLevels(base: .warning, modules: [.consensus: .debug, .p2p: .error])
        let root = Logger(label: "t") { _ in ModuleLevelLogHandler(CapturingHandler(sink: sink), levels: levels) }
        let consensus = root.module(.consensus), p2p = root.module(.p2p), rpc = root.module(.rpc)
        consensus.debug("c-debug")
        consensus.trace("c-trace")
        p2p.warning("p-warning")
        p2p.error("p-error")
        rpc.info("r-info")
        rpc.warning("r-warning")
        root.info("root-info")
        root.warning("root-warning")
        // Per-message metadata tags count too.
        root.debug("tagged-debug", metadata: ["module": "consensus"])
        #expect(sink.lines.withLock { $0 } == [
            "consensus debug c-debug", "p2p error p-error", "rpc warning r-warning", "- warning root-warning", "consensus debug tagged-debug",
        ])
        #expect(levels.mostVerbose == .debug)
    }
}
