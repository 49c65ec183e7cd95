import Synchronization

/// Where the Swift descriptions of `INTERNAL` errors go: kept for the node's log, never committed.
///
/// A rendered Swift error (`String(describing:)`, `"\(error)"`) depends on the toolchain and the
/// standard library, so it must not reach consensus state (receipts, events, a proposal's
/// failure): two validators built differently would commit different bytes. Committed bytes carry
/// only the stable code and a protocol-defined detail (`RuleError.internalError`, Docs/PROTOCOL.md
/// "Execution errors"); the description is recorded here, in the log of the block being executed
/// (`InternalErrorLog.$current`, set by the node around block execution), and logged locally.
public final class InternalErrorLog: Sendable {
    private let entries = Mutex<[String]>([])

    public init() {}

    /// The log of the execution running on this task, if the caller installed one.
    @TaskLocal public static var current: InternalErrorLog?

    public func record(_ text: String) { entries.withLock { $0.append(text) } }

    public var recorded: [String] { entries.withLock { $0 } }

    /// Records `error`'s description in the current log (if any). The only place in LedgerRules that
    /// renders an error for people; the text goes to the node's log only.
    static func note(_ error: any Error) {
        current?.record(String(describing: error))
    }
}
