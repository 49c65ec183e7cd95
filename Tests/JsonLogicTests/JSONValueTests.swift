import Testing

@testable import JsonLogic

@Suite("JSONValue: strict parser, canonical serializer, deterministic objects")
struct JSONValueTests {
    static func parse(_ text: String, maxDepth: Int = 128) throws(JSONParseError) -> JSONValue {
        try JSONValue(parsing: Array(text.utf8), maxDepth: maxDepth)
    }

    static func reason(_ text: String, maxDepth: Int = 128) -> JSONParseError.Reason? {
        do {
            _ = try parse(text, maxDepth: maxDepth)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func parsesEveryKindOfValue() throws {
        let value = try Self.parse(#" { "b" : [1, -2.5e3, true, false, null, "x\u00e9\ud83d\ude00\n"], "a": {} } "#)
        #expect(value == ["a": [:], "b": [1, -2500, true, false, .null, "xé😀\n"]])
    }

    @Test func rejectsNonJSON() {
        let cases: [(String, JSONParseError.Reason)] = [
            ("", .unexpectedEnd),
            ("1 2", .trailingBytes),
            ("{} x", .trailingBytes),
            ("[1,]", .unexpectedByte(UInt8(ascii: "]"))),
            ("{\"a\":1,}", .unexpectedByte(UInt8(ascii: "}"))),
            ("[1", .unexpectedEnd),
            ("01", .trailingBytes),
            ("-", .unexpectedEnd),
            ("-a", .invalidNumber),
            ("1.", .invalidNumber),
            (".5", .unexpectedByte(UInt8(ascii: "."))),
            ("+1", .unexpectedByte(UInt8(ascii: "+"))),
            ("1e", .invalidNumber),
            ("1e+", .invalidNumber),
            ("NaN", .unexpectedByte(UInt8(ascii: "N"))),
            ("Infinity", .unexpectedByte(UInt8(ascii: "I"))),
            ("1e400", .numberOutOfRange),
            ("-1e400", .numberOutOfRange),
            ("tru", .unexpectedEnd),
            ("nul1", .unexpectedByte(UInt8(ascii: "1"))),
            ("'a'", .unexpectedByte(UInt8(ascii: "'"))),
            ("\"a\tb\"", .controlCharacterInString),
            ("\"\\x\"", .invalidEscape),
            ("\"\\u12zz\"", .invalidEscape),
            ("\"\\u12\"", .unexpectedEnd),
            ("\"\\ud800\"", .unpairedSurrogate),
            ("\"\\udc00\"", .unpairedSurrogate),
            ("\"\\ud800\\u0041\"", .unpairedSurrogate),
            ("{\"a\":1,\"a\":2}", .duplicateKey("a")),
            ("{1:2}", .unexpectedByte(UInt8(ascii: "1"))),
            ("\u{FEFF}1", .unexpectedByte(0xEF)),
            ("[1]\u{0}", .trailingBytes),
            ("\u{0C}1", .unexpectedByte(0x0C)),
        ]
        for (text, reason) in cases {
            #expect(Self.reason(text) == reason, "\(text.debugDescription)")
        }
    }

    @Test func rejectsInvalidUTF8() {
        let cases: [[UInt8]] = [
            [0x22, 0xC3, 0x22],  // truncated sequence
            [0x22, 0xC0, 0xAF, 0x22],  // overlong "/"
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
            [0x22, 0xFF, 0x22],
        ]
        for bytes in cases {
            #expect(throws: JSONParseError.self) { try JSONValue(parsing: bytes) }
            do {
                _ = try JSONValue(parsing: bytes)
            } catch {
                #expect(error.reason == .invalidUTF8)
            }
        }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0xC3, 0xA9]) }  // outside a string
    }

    @Test func depthLimit() throws {
        let deep = String(repeating: "[", count: 10) + String(repeating: "]", count: 10)
        #expect(Self.reason(deep, maxDepth: 9) == .tooDeep(limit: 9))
        _ = try Self.parse(deep, maxDepth: 10)
        // The ceiling holds whatever the caller asks for; hostile nesting fails cleanly.
        let hostile = String(repeating: "[", count: 100_000)
        #expect(Self.reason(hostile, maxDepth: .max) == .tooDeep(limit: JSONValue.parserDepthCeiling))
    }

    @Test func negativeZeroReadsAsZero() throws {
        let value = try Self.parse("-0.0")
        guard case .number(let x) = value else {
            Issue.record("not a number")
            return
        }
        #expect(x == 0 && x.sign == .plus)
    }

    @Test func canonicalSerialization() throws {
        let value = try Self.parse(#"{"b": [1.0, 1e21, 0.000001, 1e-7, -0], "a": "\u0001\"\\/\b\f\n\r\t\u007f\u2028é", "": null}"#)
        let expected = #"{"":null,"a":"\u0001\"\\/\b\f\n\r\t"# + "\u{7F}\u{2028}é" + #"","b":[1,1e+21,0.000001,1e-7,0]}"#
        #expect(value.canonicalText == expected)
        #expect(try JSONValue(parsingCanonical: value.canonicalBytes) == value)
    }

    /// RFC 8785 §3.2.3: keys sort by UTF-16 code units, so U+1F600 (surrogates D83D DE00) sorts
    /// before U+E000 and U+FB01, although its code point is larger.
    @Test func objectKeysSortByUTF16CodeUnits() throws {
        let value = try Self.parse(#"{"\ufb01": 1, "\ud83d\ude00": 2, "\ue000": 3, "z": 4, "a": 5, "aa": 6, "B": 7}"#)
        guard case .object(let object) = value else {
            Issue.record("not an object")
            return
        }
        #expect(object.keys == ["B", "a", "aa", "z", "😀", "\u{E000}", "\u{FB01}"])
        #expect(object["😀"] == 2 && object["\u{E000}"] == 3 && object["missing"] == nil)
    }

    /// Insertion order never matters: same members, same value, same bytes.
    @Test func objectsAreOrderIndependent() throws {
        let a = try Self.parse(#"{"x": 1, "y": [true], "z": {"q": null, "p": "s"}}"#)
        let b = try Self.parse(#"{"z": {"p": "s", "q": null}, "y": [true], "x": 1}"#)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a.canonicalBytes == b.canonicalBytes)
    }

    /// Swift's String == treats canonically equivalent strings as equal; JSON (and JavaScript) does not.
    @Test func stringsCompareByScalarsNotCanonicalEquivalence() throws {
        let composed: JSONValue = .string("\u{E9}")
        let decomposed: JSONValue = .string("e\u{301}")
        #expect(composed != decomposed)
        let object = try Self.parse(#"{"\u00e9": 1, "e\u0301": 2}"#)
        #expect(object.objectValue?.count == 2)
        #expect(object["\u{E9}"] == 1 && object["e\u{301}"] == 2)
        #expect(Self.reason(#"{"\u00e9": 1, "\u00e9": 2}"#) == .duplicateKey("\u{E9}"))
    }

    @Test func parsingCanonicalRejectsOtherSpellings() {
        for text in [#"{"b":1,"a":2}"#, #"[1, 2]"#, "1.0", "1E2", #""\u0041""#, #""\/""#, " 1", "-0"] {
            #expect(throws: JSONParseError.self) { try JSONValue(parsingCanonical: Array(text.utf8)) }
        }
        for text in [#"{"a":2,"b":1}"#, "[1,2]", "1", "100", #""A""#, #""/""#, "0", "1e+21", #"{"":[]}"#] {
            #expect(throws: Never.self) { try JSONValue(parsingCanonical: Array(text.utf8)) }
        }
    }

    @Test func roundTripIsStable() throws {
        var rng = SplitMix64(seed: 0x5EED_1000)
        for _ in 0..<300 {
            let value = Self.randomValue(&rng, depth: 0)
            let bytes = value.canonicalBytes
            let reparsed = try JSONValue(parsing: bytes)
            #expect(reparsed == value)
            #expect(reparsed.canonicalBytes == bytes)
        }
    }

    static func randomValue(_ rng: inout SplitMix64, depth: Int) -> JSONValue {
        switch rng.next() % (depth > 3 ? 4 : 6) {
        case 0: return .null
        case 1: return .bool(rng.next() % 2 == 0)
        case 2:
            let x = Double(bitPattern: rng.next())
            return .number(x.isFinite ? (x == 0 ? 0 : x) : Double(Int64(bitPattern: rng.next() >> 12)))
        case 3:
            let alphabet: [Character] = ["a", "Z", "0", "\"", "\\", "\n", "\u{1}", "é", "😀", "\u{E000}", " ", "/"]
            return .string(String((0..<(rng.next() % 8)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }))
        case 4: return .array((0..<(rng.next() % 5)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            var object = JSONObject()
            for i in 0..<(rng.next() % 5) { object.updateValue(randomValue(&rng, depth: depth + 1), forKey: "k\(i)\(rng.next() % 3)") }
            return .object(object)
        }
    }

    @Test func objectUpdatesKeepOrder() throws {
        var object = JSONObject()
        object.updateValue(1, forKey: "b")
        object.updateValue(2, forKey: "a")
        object.updateValue(3, forKey: "c")
        object.updateValue(nil, forKey: "b")
        object.updateValue(4, forKey: "a")
        #expect(object.keys == ["a", "c"])
        #expect(JSONValue.object(object).canonicalText == #"{"a":4,"c":3}"#)
        #expect(throws: JSONObject.DuplicateKeyError(key: "a")) {
            try JSONObject(uniqueKeysWithValues: [("a", JSONValue.null), ("a", JSONValue.bool(true))])
        }
    }
}
