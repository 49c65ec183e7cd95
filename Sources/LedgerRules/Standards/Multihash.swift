import LedgerCore

/// Why bytes or text were refused as a SHA-256 multihash.
public enum MultihashError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidHex
    /// Fewer bytes than the header promises (or none).
    case truncated(got: Int)
    /// A multihash of another function (0x11 sha1, 0x13 sha2-512, 0x1e blake3 …).
    case unsupportedFunction(code: UInt64)
    /// The header's digest length is not 32.
    case wrongDigestLength(declared: UInt64)
    /// The bytes after the header are not exactly the declared length.
    case lengthMismatch(declared: Int, got: Int)
    /// A varint in the header is not minimally encoded or runs past 9 bytes.
    case badVarint

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .invalidHex: "MULTIHASH_HEX"
        case .truncated: "MULTIHASH_TRUNCATED"
        case .unsupportedFunction: "MULTIHASH_FUNCTION"
        case .wrongDigestLength: "MULTIHASH_DIGEST_LENGTH"
        case .lengthMismatch: "MULTIHASH_LENGTH"
        case .badVarint: "MULTIHASH_VARINT"
        }
    }

    public var description: String {
        switch self {
        case .invalidHex:
            "a multihash in text is hexadecimal (e.g. '1220' followed by 64 hex digits)"
        case let .truncated(got):
            "a SHA-256 multihash is 34 bytes; got \(got)"
        case let .unsupportedFunction(code):
            "multihash function 0x\(String(code, radix: 16)) (\(Multihash.functionName(code))) is not accepted; only sha2-256 (0x12)"
        case let .wrongDigestLength(declared):
            "a sha2-256 multihash declares a 32-byte digest (0x20); this one declares \(declared)"
        case let .lengthMismatch(declared, got):
            "the multihash declares a \(declared)-byte digest but carries \(got) bytes"
        case .badVarint:
            "the multihash header is not a minimal unsigned varint"
        }
    }
}

/// A SHA-256 multihash: `0x12 0x20 || digest` (multiformats: function code sha2-256, length 32).
///
/// Why multihash and why only SHA-256: the self-describing prefix lets records say which hash they
/// hold (and lets IPFS CIDv1 tooling reuse them), while accepting one function keeps every node's
/// checks identical and the content address of a dataset unique. Other functions are refused with
/// their name, so users know what to convert.
public struct Multihash: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The multicodec code of sha2-256.
    public static let sha256Code: UInt8 = 0x12
    /// The digest length of sha2-256, in bytes.
    public static let sha256Length: UInt8 = 0x20

    /// The 32-byte SHA-256 digest.
    public let digest: Hash

    public init(sha256 digest: Hash) { self.digest = digest }

    /// Parses the 34 bytes `0x12 0x20 || digest`; anything else is refused with the reason.
    public init(bytes: [UInt8]) throws(MultihashError) {
        var offset = 0
        guard let code = Self.readVarint(bytes, &offset) else {
            throw bytes.isEmpty ? .truncated(got: 0) : .badVarint
        }
        guard code == UInt64(Self.sha256Code) else { throw .unsupportedFunction(code: code) }
        guard let length = Self.readVarint(bytes, &offset) else {
            throw offset >= bytes.count ? .truncated(got: bytes.count) : .badVarint
        }
        guard length == UInt64(Self.sha256Length) else { throw .wrongDigestLength(declared: length) }
        let rest = bytes.count - offset
        guard rest == Int(length) else { throw .lengthMismatch(declared: Int(length), got: rest) }
        digest = Hash(unchecked: Array(bytes[offset...]))
    }

    /// Parses hexadecimal text (`1220…`, either case; no `0x` prefix needed).
    public init(hex: String) throws(MultihashError) {
        guard let bytes = Hex.decode(hex) else { throw .invalidHex }
        try self.init(bytes: bytes)
    }

    /// The 34 canonical bytes.
    public var bytes: [UInt8] { [Self.sha256Code, Self.sha256Length] + digest.bytes }

    /// Lower-case hex of `bytes`, the text form.
    public var hex: String { Hex.encode(bytes) }

    public var description: String { hex }

    public static func < (lhs: Multihash, rhs: Multihash) -> Bool { lhs.digest < rhs.digest }

    /// Names of common multihash functions, for error messages only.
    static func functionName(_ code: UInt64) -> String {
        switch code {
        case 0x00: "identity"
        case 0x11: "sha1"
        case 0x12: "sha2-256"
        case 0x13: "sha2-512"
        case 0x14: "sha3-512"
        case 0x16: "sha3-256"
        case 0x1b: "keccak-256"
        case 0x1e: "blake3"
        case 0x1013: "sha2-256-trunc254-padded"
        case 0xb220: "blake2b-256"
        case 0xb260: "blake2s-256"
        default: "unknown"
        }
    }

    /// Reads an unsigned LEB128 varint (multiformats limit: 9 bytes, minimal encoding); nil if absent,
    /// unterminated, too long or not minimal.
    private static func readVarint(_ bytes: [UInt8], _ offset: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var i = 0
        while offset < bytes.count, i < 9 {
            let b = bytes[offset]
            offset += 1
            value |= UInt64(b & 0x7f) << shift
            i += 1
            if b & 0x80 == 0 {
                if i > 1, b == 0 { return nil }  // a trailing zero group is not minimal
                return value
            }
            shift += 7
        }
        return nil
    }
}
