import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// When the wallet may decorate its output. Decoration (colours, progress bars, spinners) is for
/// people at a terminal; pipes, CI logs and `--output json` get plain bytes, so scripts never have
/// to strip escape codes.
public enum Terminal {
    /// Whether `fd` is a terminal.
    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Colours on `fd`: only on a terminal, never with JSON output, never when `NO_COLOR` is set to
    /// anything non-empty (https://no-color.org) or `TERM=dumb`.
    public static func colours(fd: Int32, json: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        colours(isTerminal: isTerminal(fd), json: json, environment: environment)
    }

    /// The decision itself, apart from the `isatty` call so that tests can drive it.
    public static func colours(isTerminal: Bool, json: Bool, environment: [String: String]) -> Bool {
        guard isTerminal, !json else { return false }
        if let v = environment["NO_COLOR"], !v.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }
}

/// ANSI styling that is a no-op when disabled, so call sites need no branches.
public struct Paint: Sendable {
    public var enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    public func red(_ s: String) -> String { wrap(s, "31") }
    public func green(_ s: String) -> String { wrap(s, "32") }
    public func yellow(_ s: String) -> String { wrap(s, "33") }
    public func bold(_ s: String) -> String { wrap(s, "1") }
    public func dim(_ s: String) -> String { wrap(s, "2") }

    /// Green for "success", red for anything else (a receipt's or a verdict's status).
    public func status(_ s: String, ok: Bool) -> String { ok ? green(s) : red(s) }

    private func wrap(_ s: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
}

/// A one-line spinner on stderr, advanced by its caller (each poll), so no timer thread is needed.
/// Created only when stderr is a terminal (`Spinner.onTerminal`); otherwise callers hold nil and
/// print nothing while they wait.
public final class Spinner {
    private static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
    private var frame = 0
    private var drawn = false

    init() {}

    /// A spinner when stderr is a terminal, else nil.
    public static func onTerminal() -> Spinner? { Terminal.isTerminal(STDERR_FILENO) ? Spinner() : nil }

    /// Redraws the line with the next frame and `text`.
    public func tick(_ text: String) {
        let f = Self.frames[frame % Self.frames.count]
        frame += 1
        drawn = true
        // \r back to column 0, \u{1B}[K clears what a longer previous text left behind.
        FileHandle.standardError.write(Data("\r\(f) \(text)\u{1B}[K".utf8))
    }

    /// Erases the spinner's line.
    public func stop() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}
