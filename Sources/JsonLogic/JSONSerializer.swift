/// The canonical form (RFC 8785, JSON Canonicalization Scheme): no white space, object members in
/// UTF-16 code-unit order of their keys, numbers as JavaScript prints them, strings with the minimal
/// escapes. Rules stored on chain are these bytes; their hash is the hash of these bytes.
extension JSONValue {
    public var canonicalBytes: [UInt8] {
        var out: [UInt8] = []
        JSONSerializer.write(self, to: &out)
        return out
    }

    /// `canonicalBytes` as a String.
    public var canonicalText: String { String(decoding: canonicalBytes, as: UTF8.self) }
}

enum JSONSerializer {
    static func write(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null:
            out += Array("null".utf8)
        case .bool(let b):
            out += Array((b ? "true" : "false").utf8)
        case .number(let x):
            // Non-finite numbers have no JSON form; like JSON.stringify they become null. The parser
            // and the evaluator never produce them.
            if x.isFinite { out += NumberFormatting.javaScriptBytes(x) } else { out += Array("null".utf8) }
        case .string(let s):
            writeString(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (i, member) in object.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// RFC 8785 §3.2.2.2: escape `"` and `\`, use \b \t \n \f \r, \u00xx (lower-case hex) for the
    /// other controls; everything else is written as UTF-8.
    static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x08: out += [0x5C, UInt8(ascii: "b")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0C: out += [0x5C, UInt8(ascii: "f")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
