import Logging
import Synchronization

/// Log lines to stderr, muted while the benchmark stops the in-process node: cancelling its task
/// makes Hummingbird log the cancellation as errors, which would only be noise here.
struct BenchLogHandler: LogHandler {
    static let muted = Atomic<Bool>(false)

    private var inner: StreamLogHandler

    init(label: String) { inner = StreamLogHandler.standardError(label: label) }

    var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        guard !Self.muted.load(ordering: .relaxed) else { return }
        inner.log(event: event)
    }
}
