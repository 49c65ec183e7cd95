import Testing
@testable import WalletKit

@Suite("Terminal decoration")
struct TerminalTests {
    @Test("colours only on a terminal, never with JSON, never with NO_COLOR or TERM=dumb")
    func colourDecision() {
        let term = ["TERM": "xterm-256color"]
        #expect(Terminal.colours(isTerminal: true, json: false, environment: term))
        #expect(!Terminal.colours(isTerminal: false, json: false, environment: term))
        #expect(!Terminal.colours(isTerminal: true, json: true, environment: term))
        #expect(!Terminal.colours(isTerminal: true, json: false, environment: ["TERM": "xterm", "NO_COLOR": "1"]))
        #expect(!Terminal.colours(isTerminal: true, json: false, environment: ["TERM": "dumb"]))
        // no-color.org: an empty NO_COLOR does not count.
        #expect(Terminal.colours(isTerminal: true, json: false, environment: ["TERM": "xterm", "NO_COLOR": ""]))
    }

    @Test("disabled paint returns the text unchanged; enabled paint wraps it in an SGR sequence and a reset")
    func paint() {
        let off = Paint(enabled: false)
        #expect(off.red("x") == "x" && off.status("failed", ok: false) == "failed")
        let on = Paint(enabled: true)
        #expect(on.green("ok") == "\u{1B}[32mok\u{1B}[0m")
        #expect(on.status("failed", ok: false) == "\u{1B}[31mfailed\u{1B}[0m")
    }

    @Test("the test process's stderr is a pipe, so no spinner and no progress bar are made")
    func noDecorationInPipes() {
        // `swift test` captures output through pipes; if it ever ran on a terminal this would say so.
        guard !Terminal.isTerminal(2) else { return }
        #expect(Spinner.onTerminal() == nil)
        #expect(FileHasher.terminalProgress() == nil)
    }
}
