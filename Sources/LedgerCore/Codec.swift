/// The canonical binary encoding (Docs/PROTOCOL.md, "Canonical encoding").
///
/// Integers are fixed-width big-endian; byte strings and lists carry a u32 big-endian length;
/// booleans are 0x00/0x01; optionals are a 0x00/0x01 tag followed by the value. Fixed-width
/// encodings leave exactly one way to write each value, so equal values always have equal bytes.
public enum CodecError: Error, Equatable, CustomStringConvertible {
    case truncated(needed: Int, remaining: Int)
    case trailingBytes(Int)
    case lengthTooLarge(field: String, length: Int, limit: Int)
    case invalidBool(UInt8)
    case invalidOptionalTag(UInt8)
    case unknownTag(type: String, tag: UInt64)
    case invalidUTF8(field: String)
    case invalidValue(field: String, reason: String)

    public var description: String {
        switch self {
        case let .truncated(n, r): "input ends early: needed \(n) more bytes, \(r) remain"
        case let .trailingBytes(n): "\(n) unexpected bytes after the end of the value"
        case let .lengthTooLarge(f, l, lim): "\(f) length \(l) exceeds the limit \(lim)"
        case let .invalidBool(b): "boolean byte must be 0 or 1, got \(b)"
        case let .invalidOptionalTag(b): "optional tag must be 0 or 1, got \(b)"
        case let .unknownTag(t, tag): "unknown \(t) tag \(tag)"
        case let .invalidUTF8(f): "\(f) is not valid UTF-8"
        case let .invalidValue(f, r): "\(f): \(r)"
        }
    }
}

public protocol CanonicalEncodable {
    func encode(to writer: inout CanonicalWriter)
}

public protocol CanonicalDecodable {
    init(from reader: inout CanonicalReader) throws
}

public typealias CanonicalCodable = CanonicalEncodable & CanonicalDecodable

extension CanonicalEncodable {
    /// The canonical bytes of this value.
    public var canonicalBytes: [UInt8] {
        var w = CanonicalWriter()
        encode(to: &w)
        return w.bytes
    }
}

extension CanonicalDecodable {
    /// Decodes a whole buffer; trailing bytes are an error.
    public init(canonical bytes: [UInt8]) throws {
        var r = CanonicalReader(bytes)
        try self.init(from: &r)
        try r.finish()
    }
}

public struct CanonicalWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 128) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func u8(_ v: UInt8) { bytes.append(v) }
    public mutating func u16(_ v: UInt16) { appendBE(v) }
    public mutating func u32(_ v: UInt32) { appendBE(v) }
    public mutating func u64(_ v: UInt64) { appendBE(v) }
    public mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }

    /// Raw bytes with no length (for fixed-size fields).
    public mutating func raw<C: Collection>(_ v: C) where C.Element == UInt8 { bytes.append(contentsOf: v) }

    /// Length-prefixed bytes.
    public mutating func data<C: Collection>(_ v: C) where C.Element == UInt8 {
        u32(UInt32(v.count))
        bytes.append(contentsOf: v)
    }

    public mutating func string(_ v: String) { data(Array(v.utf8)) }
    public mutating func fixed<F: FixedBytes>(_ v: F) { raw(v.bytes) }
    public mutating func address(_ v: Address) { raw(v.bytes) }

    public mutating func optional<T>(_ v: T?, _ body: (inout CanonicalWriter, T) -> Void) {
        if let v {
            u8(1)
            body(&self, v)
        } else {
            u8(0)
        }
    }

    public mutating func list<T>(_ items: [T], _ body: (inout CanonicalWriter, T) -> Void) {
        u32(UInt32(items.count))
        for item in items { body(&self, item) }
    }

    public mutating func value<T: CanonicalEncodable>(_ v: T) { v.encode(to: &self) }

    private mutating func appendBE<T: FixedWidthInteger>(_ v: T) {
        withUnsafeBytes(of: v.bigEndian) { bytes.append(contentsOf: $0) }
    }
}

public struct CanonicalReader: Sendable {
    public let bytes: [UInt8]
    public private(set) var offset: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        offset = 0
    }

    public var remaining: Int { bytes.count - offset }

    public func finish() throws {
        if remaining != 0 { throw CodecError.trailingBytes(remaining) }
    }

    private mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n <= remaining else { throw CodecError.truncated(needed: n, remaining: remaining) }
        defer { offset += n }
        return bytes[offset..<offset + n]
    }

    private mutating func integer<T: FixedWidthInteger>(_: T.Type) throws -> T {
        let s = try take(MemoryLayout<T>.size)
        var v: T = 0
        for b in s { v = v << 8 | T(b) }
        return v
    }

    public mutating func u8() throws -> UInt8 { try integer(UInt8.self) }
    public mutating func u16() throws -> UInt16 { try integer(UInt16.self) }
    public mutating func u32() throws -> UInt32 { try integer(UInt32.self) }
    public mutating func u64() throws -> UInt64 { try integer(UInt64.self) }

    public mutating func bool() throws -> Bool {
        let b = try u8()
        guard b <= 1 else { throw CodecError.invalidBool(b) }
        return b == 1
    }

    public mutating func raw(_ n: Int) throws -> [UInt8] { Array(try take(n)) }

    /// Length-prefixed bytes; the length is checked against `limit` and the remaining input before allocating.
    public mutating func data(field: String, limit: Int) throws -> [UInt8] {
        let n = Int(try u32())
        guard n <= limit else { throw CodecError.lengthTooLarge(field: field, length: n, limit: limit) }
        return try raw(n)
    }

    public mutating func string(field: String, limit: Int) throws -> String {
        let d = try data(field: field, limit: limit)
        guard let s = String(validating: d, as: UTF8.self) else { throw CodecError.invalidUTF8(field: field) }
        return s
    }

    public mutating func fixed<F: FixedBytes>(_: F.Type) throws -> F { F(unchecked: try raw(F.byteCount)) }
    public mutating func address() throws -> Address { Address(unchecked: try raw(Address.byteCount)) }

    public mutating func optional<T>(_ body: (inout CanonicalReader) throws -> T) throws -> T? {
        let tag = try u8()
        switch tag {
        case 0: return nil
        case 1: return try body(&self)
        default: throw CodecError.invalidOptionalTag(tag)
        }
    }

    public mutating func list<T>(field: String, limit: Int, _ body: (inout CanonicalReader) throws -> T) throws -> [T] {
        let n = Int(try u32())
        guard n <= limit else { throw CodecError.lengthTooLarge(field: field, length: n, limit: limit) }
        var out = [T]()
        out.reserveCapacity(Swift.min(n, remaining))
        for _ in 0..<n { out.append(try body(&self)) }
        return out
    }

    public mutating func value<T: CanonicalDecodable>(_: T.Type) throws -> T { try T(from: &self) }
}
