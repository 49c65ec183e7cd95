import LedgerAPI
import LedgerCore
import Testing
@testable import WalletKit

@Suite("Receipt text")
struct ReceiptTextTests {
    @Test("an event is one line: kind, then key=value, values quoted only when needed")
    func eventLine() {
        let e = Event(kind: "transfer", attributes: [("from", "desci1abc"), ("amount", "5"), ("memo", "two words"), ("empty", ""), ("q", "a\"b")])
        #expect(ReceiptText.event(e) == #"transfer from=desci1abc amount=5 memo="two words" empty="" q="a\"b""#)
        #expect(ReceiptText.events([]) == ["events: none"])
        #expect(ReceiptText.events([e, Event(kind: "x", attributes: [])]) == ["events:", "  " + ReceiptText.event(e), "  x"])
    }

    @Test("hostile attribute text cannot break the line or reorder it: controls and bidi overrides are escaped")
    func hostileText() {
        let e = Event(kind: "k\u{1B}[2J", attributes: [("reason", "ok\nFAKE LINE"), ("title", "abc\u{202E}fed"), ("nul", "a\u{0}b")])
        let line = ReceiptText.event(e)
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x202E })
        #expect(line == #"k\u{1b}[2J reason="ok\u{a}FAKE LINE" title=abc\u{202e}fed nul=a\u{0}b"#)
        // Combining marks and ZWJ sequences are text, not controls: kept as they are.
        #expect(ReceiptText.safe("e\u{301} 👩‍🔬") == "e\u{301} 👩‍🔬")
        // A backslash in a value forces quotes and is doubled, so `\u{…}` always means an escape.
        #expect(ReceiptText.quoted(#"a\u{a}"#) == #""a\\u{a}""#)
    }
}
