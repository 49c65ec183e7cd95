import LedgerAPI
import LedgerCore

/// How receipts and their events read in text output: one line per event, `kind key=value …`.
public enum ReceiptText {
    /// `kind key=value key="a value"`: values with spaces, `=`, quotes or nothing at all are
    /// quoted; control and bidi-override characters are escaped so a hostile attribute cannot
    /// rewrite the terminal line (or hide what follows it).
    public static func event(_ e: Event) -> String {
        ([safe(e.kind)] + e.attributes.map { "\(safe($0.key))=\(quoted($0.value))" }).joined(separator: " ")
    }

    /// The `events:` block: a header and one indented line per event, or `events: none`.
    public static func events(_ events: [Event]) -> [String] {
        events.isEmpty ? ["events: none"] : ["events:"] + events.map { "  " + event($0) }
    }

    /// `status: …`, coloured when `paint` is on, with the failure's code and message.
    public static func status(_ r: ReceiptDTO, paint: Paint) -> String {
        "status: \(paint.status(r.status, ok: r.status == "success"))\(r.code.isEmpty ? "" : " (\(r.code): \(safe(r.message)))")"
    }

    public static func quoted(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "\\" }) else { return safe(value) }
        // Backslashes and quotes first, so that the `\u{…}` escapes `safe` adds are not doubled.
        return "\"" + safe(value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")) + "\""
    }

    /// Escapes C0/C1 controls, DEL and the bidi embedding/override/isolate characters as `\u{…}`.
    public static func safe(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for u in text.unicodeScalars {
            let v = u.value
            let control = v < 0x20 || (0x7F...0x9F).contains(v)
            let bidi = (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
            if control || bidi {
                out += "\\u{\(String(v, radix: 16))}"
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
