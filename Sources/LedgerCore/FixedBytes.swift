/// Errors raised when building a fixed-size value from bytes or text.
public enum FixedBytesError: Error, Equatable, CustomStringConvertible {
    case wrongLength(type: String, expected: Int, got: Int)
    case notHex(type: String)

    public var description: String {
        switch self {
        case let .wrongLength(type, expected, got): "\(type) must be \(expected) bytes, got \(got)"
        case let .notHex(type): "\(type) is not valid hexadecimal"
        }
    }
}

/// A value that is exactly `byteCount` bytes: hashes, keys, signatures, addresses.
public protocol FixedBytes: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    static var byteCount: Int { get }
    static var typeName: String { get }
    var bytes: [UInt8] { get }
    init(unchecked bytes: [UInt8])
}

extension FixedBytes {
    public init(bytes: [UInt8]) throws {
        guard bytes.count == Self.byteCount else {
            throw FixedBytesError.wrongLength(type: Self.typeName, expected: Self.byteCount, got: bytes.count)
        }
        self.init(unchecked: bytes)
    }

    public init(hex: String) throws {
        guard let raw = Hex.decode(hex) else { throw FixedBytesError.notHex(type: Self.typeName) }
        try self.init(bytes: raw)
    }

    public var hex: String { Hex.encode(bytes) }
    public var description: String { hex }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(hex: text)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(hex)
    }
}

/// A SHA-256 digest.
public struct Hash: FixedBytes {
    public static let byteCount = 32
    public static let typeName = "hash"
    public let bytes: [UInt8]
    public init(unchecked bytes: [UInt8]) { self.bytes = bytes }
    public static let zero = Hash(unchecked: [UInt8](repeating: 0, count: 32))
}

/// An Ed25519 public key.
public struct PublicKey: FixedBytes {
    public static let byteCount = 32
    public static let typeName = "public key"
    public let bytes: [UInt8]
    public init(unchecked bytes: [UInt8]) { self.bytes = bytes }
}

/// An Ed25519 detached signature.
public struct Signature: FixedBytes {
    public static let byteCount = 64
    public static let typeName = "signature"
    public let bytes: [UInt8]
    public init(unchecked bytes: [UInt8]) { self.bytes = bytes }
}
