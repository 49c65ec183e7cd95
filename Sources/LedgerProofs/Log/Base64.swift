/// Standard base64 (RFC 4648 §4) with padding, as the C2SP formats use. Decoding is strict: it
/// accepts only the one canonical encoding of the bytes (padding present, unused bits zero).
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0, b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(i + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): c - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): c - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }

    /// The bytes, or nil when the text is not canonical padded standard base64.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let s = Array(text.utf8)
        guard s.count % 4 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(s.count / 4 * 3)
        var i = 0
        while i < s.count {
            let last = i + 4 == s.count
            let pad = last ? (s[i + 3] == UInt8(ascii: "=") ? (s[i + 2] == UInt8(ascii: "=") ? 2 : 1) : 0) : 0
            guard let a = value(s[i]), let b = value(s[i + 1]) else { return nil }
            let c: UInt8 = pad == 2 ? 0 : (value(s[i + 2]) ?? 255)
            let d: UInt8 = pad >= 1 ? 0 : (value(s[i + 3]) ?? 255)
            guard c != 255, d != 255 else { return nil }
            out.append(a << 2 | b >> 4)
            if pad == 2 {
                guard b & 0x0F == 0 else { return nil }
            } else {
                out.append((b & 0x0F) << 4 | c >> 2)
                if pad == 1 { guard c & 0x03 == 0 else { return nil } } else { out.append((c & 0x03) << 6 | d) }
            }
            i += 4
        }
        return out
    }
}
