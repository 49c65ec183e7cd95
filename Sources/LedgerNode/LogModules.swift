import Logging

/// The parts of the node that log, each settable to its own level in `config.toml`
/// (`[log.modules]`, Docs/OPERATIONS.md "Logging"). A logger is tagged with its module through the
/// `module` metadata key, which the executables' log handler filters on; untagged messages use
/// `[log] level`.
public enum LogModule: String, CaseIterable, Sendable {
    case node, consensus, p2p, rpc, mempool, storage, events, metrics

    public static let metadataKey = "module"
}

extension Logger {
    /// This logger, tagged as `module`'s (its messages obey `[log.modules] <module>`).
    public func module(_ m: LogModule) -> Logger {
        var l = self
        l[metadataKey: LogModule.metadataKey] = .string(m.rawValue)
        return l
    }
}

/// The `[log]` levels: one default, and per-module overrides.
public struct LogLevels: Sendable, Equatable {
    public var base: Logger.Level
    public var modules: [LogModule: Logger.Level]

    public init(base: Logger.Level = .info, modules: [LogModule: Logger.Level] = [:]) {
        self.base = base
        self.modules = modules
    }

    /// The most verbose level any module wants: the handler must let that through to `log(event:)`,
    /// where the per-module filter decides.
    public var mostVerbose: Logger.Level { modules.values.reduce(base) { min($0, $1) } }

    /// The level in force for a message tagged with `module` (nil or unknown: the base level).
    public func level(forModule module: String?) -> Logger.Level {
        guard let module, let m = LogModule(rawValue: module) else { return base }
        return modules[m] ?? base
    }
}

/// Wraps a log handler: it passes the most verbose configured level through to `log(event:)`,
/// then drops each message below its module's level (Docs/OPERATIONS.md, "Logging").
public struct ModuleLevelLogHandler: LogHandler {
    public var inner: any LogHandler
    public let levels: LogLevels

    public init(_ inner: any LogHandler, levels: LogLevels) {
        self.inner = inner
        self.levels = levels
        self.inner.logLevel = levels.mostVerbose
    }

    public var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { inner.metadataProvider }
        set { inner.metadataProvider = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        let tag = event.metadata?[LogModule.metadataKey] ?? inner[metadataKey: LogModule.metadataKey]
        guard event.level >= levels.level(forModule: tag.map { "\($0)" }) else { return }
        inner.log(event: event)
    }
}
