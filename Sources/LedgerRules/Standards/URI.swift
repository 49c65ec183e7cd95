/// Why a URI was refused.
public enum URIError: Error, Hashable, Sendable, CustomStringConvertible {
    case empty
    case tooLong(max: Int, got: Int)
    /// No `scheme:` at the start.
    case missingScheme
    case unsupportedScheme(String)
    /// Whitespace, a control character or a non-ASCII byte at this 0-based byte offset.
    case invalidCharacter(offset: Int)
    /// `http`, `https`, `ftp`, `ipfs`, `ar` and `s3` need `scheme://` and a non-empty authority.
    case missingAuthority(scheme: String)
    /// A `doi:` URI whose DOI is invalid.
    case invalidDOI(DOIError)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .empty: "URI_EMPTY"
        case .tooLong: "URI_TOO_LONG"
        case .missingScheme: "URI_NO_SCHEME"
        case .unsupportedScheme: "URI_SCHEME"
        case .invalidCharacter: "URI_CHARACTER"
        case .missingAuthority: "URI_NO_AUTHORITY"
        case .invalidDOI: "URI_BAD_DOI"
        }
    }

    public var description: String {
        switch self {
        case .empty: "the URI is empty"
        case let .tooLong(max, got): "a URI is at most \(max) bytes; got \(got)"
        case .missingScheme: "a URI starts with a scheme such as 'https:'"
        case let .unsupportedScheme(s):
            "scheme '\(s)' is not accepted; use one of \(URI.schemes.joined(separator: ", "))"
        case let .invalidCharacter(offset):
            "a URI may not contain spaces, control characters or non-ASCII bytes (byte \(offset)); percent-encode them"
        case let .missingAuthority(scheme): "a '\(scheme)' URI has the form '\(scheme)://host-or-id/…'"
        case let .invalidDOI(error): "invalid doi: URI: \(error)"
        }
    }
}

/// A sanity-checked location of a research object: where its bytes can be fetched.
///
/// Why only a sanity check: the chain cannot fetch anything, and the content hash (not the URI) is
/// what identifies the data. The check keeps records useful and small — a known scheme (`https`,
/// `http`, `ipfs`, `ar` for Arweave, `doi`, `s3`, `ftp`), printable ASCII without spaces (RFC 3986
/// characters; anything else must be percent-encoded), at most 2048 bytes. The scheme is lower-cased
/// (schemes are case-insensitive, RFC 3986 §3.1); the rest is kept byte for byte.
public struct URI: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Accepted schemes, in the order error messages list them.
    public static let schemes = ["https", "http", "ipfs", "ar", "doi", "s3", "ftp"]
    /// The longest accepted URI, in bytes (`RecordLimits.uri`).
    public static let maxLength = 2048

    /// The URI with its scheme lower-cased.
    public let value: String
    /// The lower-cased scheme, one of `schemes`.
    public let scheme: String

    public init(_ text: String) throws(URIError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.count <= Self.maxLength else { throw .tooLong(max: Self.maxLength, got: bytes.count) }
        if let bad = bytes.firstIndex(where: { $0 <= 0x20 || $0 >= 0x7f }) { throw .invalidCharacter(offset: bad) }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { throw .missingScheme }
        let schemeBytes = bytes[..<colon].map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        let scheme = String(decoding: schemeBytes, as: UTF8.self)
        guard Self.schemes.contains(scheme) else {
            // Only letters, digits, + - . form a scheme; anything else means there was none.
            let isScheme = schemeBytes.allSatisfy {
                ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2b || $0 == 0x2d || $0 == 0x2e
            }
            throw isScheme ? .unsupportedScheme(scheme) : .missingScheme
        }
        let rest = Array(bytes[(colon + 1)...])
        if scheme == "doi" {
            // The bare DOI only (`doi:10.1000/182`), not a nested presentation form.
            guard rest.starts(with: Array("10.".utf8)) else { throw .invalidDOI(.badPrefix) }
            do { _ = try DOI(String(decoding: rest, as: UTF8.self)) } catch { throw .invalidDOI(error) }
        } else {
            let slashes = Array("//".utf8)
            guard rest.starts(with: slashes), rest.count > 2, rest[2] != UInt8(ascii: "/") else {
                throw .missingAuthority(scheme: scheme)
            }
        }
        self.scheme = scheme
        value = String(decoding: schemeBytes + [UInt8(ascii: ":")] + rest, as: UTF8.self)
    }

    /// True when `text` passes the check.
    public static func isValid(_ text: String) -> Bool { (try? URI(text)) != nil }

    public var description: String { value }

    public static func < (lhs: URI, rhs: URI) -> Bool { lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8) }
}
