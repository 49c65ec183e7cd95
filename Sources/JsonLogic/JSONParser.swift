/// Why JSON text was rejected, and where (byte offset into the input).
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        case unexpectedEnd
        case unexpectedByte(UInt8)
        case invalidUTF8
        case invalidEscape
        case unpairedSurrogate
        case controlCharacterInString
        case invalidNumber
        /// The number's magnitude rounds to infinity.
        case numberOutOfRange
        case duplicateKey(String)
        case tooDeep(limit: Int)
        case trailingBytes
        /// Valid JSON, but not byte-identical to its canonical form (`init(parsingCanonical:)`).
        case notCanonical
    }

    public let offset: Int
    public let reason: Reason

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

extension JSONValue {
    /// The hard ceiling on nesting accepted by the parser, whatever `maxDepth` asks for (the parser
    /// and the value's own algorithms recurse).
    public static let parserDepthCeiling = 256

    /// Strict RFC 8259 JSON from UTF-8 bytes: exactly one value with optional surrounding white space
    /// (space, tab, LF, CR), no byte order mark, no trailing bytes, valid UTF-8 only, no unpaired
    /// surrogate escapes, no duplicate object keys, numbers that fit a double, and at most `maxDepth`
    /// nested arrays/objects. -0 is read as 0.
    public init(parsing bytes: [UInt8], maxDepth: Int = 128) throws(JSONParseError) {
        var parser = JSONParser(bytes: bytes, maxDepth: min(maxDepth, JSONValue.parserDepthCeiling))
        self = try parser.parseDocument()
    }

    /// Like `init(parsing:)`, and the input must also be exactly this value's `canonicalBytes`
    /// (for content that is hashed or signed).
    public init(parsingCanonical bytes: [UInt8], maxDepth: Int = 128) throws(JSONParseError) {
        let value = try JSONValue(parsing: bytes, maxDepth: maxDepth)
        let canonical = value.canonicalBytes
        guard canonical == bytes else {
            var offset = 0
            while offset < canonical.count && offset < bytes.count && canonical[offset] == bytes[offset] { offset += 1 }
            throw JSONParseError(offset: offset, reason: .notCanonical)
        }
        self = value
    }

    /// Parses UTF-8 text (convenience for tests and tools).
    public init(parsing text: String, maxDepth: Int = 128) throws(JSONParseError) {
        try self.init(parsing: Array(text.utf8), maxDepth: maxDepth)
    }
}

/// Recursive descent over the bytes; depth is bounded by `maxDepth`.
struct JSONParser {
    let bytes: [UInt8]
    let maxDepth: Int
    var position = 0

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhiteSpace()
        let value = try parseValue(depth: 0)
        skipWhiteSpace()
        guard position == bytes.count else { throw error(.trailingBytes) }
        return value
    }

    private func error(_ reason: JSONParseError.Reason, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? position, reason: reason)
    }

    private mutating func skipWhiteSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard position < bytes.count else { throw error(.unexpectedEnd) }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case let byte: throw error(.unexpectedByte(byte))
        }
    }

    private mutating func parseLiteral(_ word: StaticString, _ value: JSONValue) throws(JSONParseError) -> JSONValue {
        let count = word.utf8CodeUnitCount
        var i = 0
        while i < count {
            guard position + i < bytes.count else { throw error(.unexpectedEnd, at: bytes.count) }
            let expected = word.utf8Start[i]
            guard bytes[position + i] == expected else {
                throw error(.unexpectedByte(bytes[position + i]), at: position + i)
            }
            i += 1
        }
        position += count
        return value
    }

    private mutating func expect(_ byte: UInt8) throws(JSONParseError) {
        guard position < bytes.count else { throw error(.unexpectedEnd) }
        guard bytes[position] == byte else { throw error(.unexpectedByte(bytes[position])) }
        position += 1
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maxDepth else { throw error(.tooDeep(limit: maxDepth)) }
        position += 1  // [
        var items: [JSONValue] = []
        skipWhiteSpace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(items)
        }
        while true {
            skipWhiteSpace()
            items.append(try parseValue(depth: depth))
            skipWhiteSpace()
            guard position < bytes.count else { throw error(.unexpectedEnd) }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect(UInt8(ascii: "]"))
            return .array(items)
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maxDepth else { throw error(.tooDeep(limit: maxDepth)) }
        let start = position
        position += 1  // {
        var members: [(String, JSONValue)] = []
        skipWhiteSpace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(JSONObject())
        }
        while true {
            skipWhiteSpace()
            guard position < bytes.count else { throw error(.unexpectedEnd) }
            guard bytes[position] == UInt8(ascii: "\"") else { throw error(.unexpectedByte(bytes[position])) }
            let key = try parseString()
            skipWhiteSpace()
            try expect(UInt8(ascii: ":"))
            skipWhiteSpace()
            members.append((key, try parseValue(depth: depth)))
            skipWhiteSpace()
            guard position < bytes.count else { throw error(.unexpectedEnd) }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect(UInt8(ascii: "}"))
            do {
                return .object(try JSONObject(uniqueKeysWithValues: members))
            } catch {
                throw self.error(.duplicateKey(error.key), at: start)
            }
        }
    }

    private mutating func parseString() throws(JSONParseError) -> String {
        position += 1  // opening quote
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let s = try makeString(bytes[start..<position], at: start)
                position += 1
                return s
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error(.controlCharacterInString) }
            position += 1
        }
        var buffer = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                let s = try makeString(buffer[...], at: start)
                position += 1
                return s
            case UInt8(ascii: "\\"):
                try parseEscape(into: &buffer)
            case 0..<0x20:
                throw error(.controlCharacterInString)
            default:
                buffer.append(byte)
                position += 1
            }
        }
        throw error(.unexpectedEnd)
    }

    private func makeString(_ utf8: ArraySlice<UInt8>, at offset: Int) throws(JSONParseError) -> String {
        // Decoding replaces ill-formed sequences with U+FFFD, so the text is valid UTF-8 exactly when
        // it survives the round trip unchanged (works on every deployment target).
        let s = String(decoding: utf8, as: UTF8.self)
        guard s.utf8.elementsEqual(utf8) else { throw error(.invalidUTF8, at: offset) }
        return s
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONParseError) {
        let escapeStart = position
        position += 1  // backslash
        guard position < bytes.count else { throw error(.unexpectedEnd) }
        let c = bytes[position]
        position += 1
        switch c {
        case UInt8(ascii: "\""): buffer.append(0x22)
        case UInt8(ascii: "\\"): buffer.append(0x5C)
        case UInt8(ascii: "/"): buffer.append(0x2F)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try parseHex4())
            if scalar >= 0xD800 && scalar <= 0xDBFF {
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                    bytes[position + 1] == UInt8(ascii: "u")
                else { throw error(.unpairedSurrogate, at: escapeStart) }
                position += 2
                let low = UInt32(try parseHex4())
                guard low >= 0xDC00 && low <= 0xDFFF else { throw error(.unpairedSurrogate, at: escapeStart) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                throw error(.unpairedSurrogate, at: escapeStart)
            }
            // Valid scalar by construction.
            buffer.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar)!)!)
        default:
            throw error(.invalidEscape, at: escapeStart)
        }
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt16 {
        guard position + 4 <= bytes.count else { throw error(.unexpectedEnd) }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let b = bytes[position]
            let nibble: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = b - UInt8(ascii: "A") + 10
            default: throw error(.invalidEscape)
            }
            value = value << 4 | UInt16(nibble)
            position += 1
        }
        return value
    }

    /// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = position
        var literal = DecimalConversion.Literal(negative: false, digits: [], exponent: 0)
        if bytes[position] == UInt8(ascii: "-") {
            literal.negative = true
            position += 1
        }
        guard position < bytes.count, let first = DecimalConversion.digit(bytes[position]) else {
            throw error(position < bytes.count ? .invalidNumber : .unexpectedEnd)
        }
        literal.digits.append(first)
        position += 1
        if first != 0 {
            while position < bytes.count, let d = DecimalConversion.digit(bytes[position]) {
                literal.digits.append(d)
                position += 1
            }
        }
        var fractionDigits = 0
        if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
            position += 1
            while position < bytes.count, let d = DecimalConversion.digit(bytes[position]) {
                literal.digits.append(d)
                fractionDigits += 1
                position += 1
            }
            guard fractionDigits > 0 else { throw error(.invalidNumber) }
        }
        var exponent = 0
        if position < bytes.count && (bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E")) {
            guard let (e, next) = DecimalConversion.lexExponent(bytes, position + 1) else {
                throw error(.invalidNumber)
            }
            exponent = e
            position = next
        }
        literal.exponent = exponent - fractionDigits
        guard let value = DecimalConversion.double(literal) else { throw error(.numberOutOfRange, at: start) }
        return .number(value == 0 ? 0 : value)
    }
}
