/// Why a DOI was refused.
public enum DOIError: Error, Hashable, Sendable, CustomStringConvertible {
    case tooLong(max: Int, got: Int)
    /// The prefix is not `10.` followed by a registrant code of at least 4 digits and optional
    /// `.digits` sub-codes.
    case badPrefix
    case missingSuffix
    /// Whitespace or a control character at this 0-based byte offset of the bare DOI.
    case invalidCharacter(offset: Int)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .tooLong: "DOI_TOO_LONG"
        case .badPrefix: "DOI_PREFIX"
        case .missingSuffix: "DOI_SUFFIX"
        case .invalidCharacter: "DOI_CHARACTER"
        }
    }

    public var description: String {
        switch self {
        case let .tooLong(max, got): "a DOI is at most \(max) bytes; got \(got)"
        case .badPrefix: "a DOI starts with '10.' and a registrant code of at least 4 digits, e.g. '10.1000/xyz'"
        case .missingSuffix: "a DOI has a non-empty suffix after the '/', e.g. '10.1000/xyz'"
        case let .invalidCharacter(offset): "a DOI may not contain whitespace or control characters (byte \(offset))"
        }
    }
}

/// A Digital Object Identifier `10.NNNN[.NNNN…]/suffix`, in canonical lower-case form.
///
/// Why lower-case: DOIs are case-insensitive for ASCII (DOI Handbook 2.4), so `10.1000/ABC` and
/// `10.1000/abc` name one object and must be one key on chain. Only ASCII letters are folded —
/// Unicode case mapping varies between library versions and validators must agree byte for byte.
/// The usual presentation forms (`doi:`, `https://doi.org/`, `https://dx.doi.org/`) are accepted and
/// removed. Whether the DOI is registered is not checked (that needs I/O).
public struct DOI: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The longest accepted bare DOI, in UTF-8 bytes (`RecordLimits.doi`).
    public static let maxLength = 256
    /// Presentation prefixes removed before validation (matched ASCII-case-insensitively).
    public static let prefixes = ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"]

    /// The canonical form, e.g. `10.1000/xyz123`.
    public let value: String

    public init(_ text: String) throws(DOIError) {
        var bytes = Array(text.utf8)
        for prefix in Self.prefixes {
            let p = Array(prefix.utf8)
            if bytes.count >= p.count, zip(bytes, p).allSatisfy({ Self.lower($0) == $1 }) {
                bytes.removeFirst(p.count)
                break
            }
        }
        guard bytes.count <= Self.maxLength else { throw .tooLong(max: Self.maxLength, got: bytes.count) }
        if let bad = bytes.firstIndex(where: { $0 <= 0x20 || $0 == 0x7f }) { throw .invalidCharacter(offset: bad) }
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else {
            throw Self.validPrefix(bytes[...]) ? .missingSuffix : .badPrefix
        }
        guard Self.validPrefix(bytes[..<slash]) else { throw .badPrefix }
        guard slash + 1 < bytes.count else { throw .missingSuffix }
        value = String(decoding: bytes.map(Self.lower), as: UTF8.self)
    }

    /// True when `text` parses.
    public static func isValid(_ text: String) -> Bool { (try? DOI(text)) != nil }

    /// The part before the `/`, e.g. `10.1000`.
    public var prefix: String { String(decoding: value.utf8.prefix { $0 != UInt8(ascii: "/") }, as: UTF8.self) }

    /// The resolver URL (suffix characters are not percent-encoded here).
    public var url: String { "https://doi.org/" + value }

    public var description: String { value }

    public static func < (lhs: DOI, rhs: DOI) -> Bool { lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8) }

    /// `10.` then ≥ 4 digits, then any number of `.` + ≥ 1 digits.
    private static func validPrefix(_ p: ArraySlice<UInt8>) -> Bool {
        guard p.starts(with: [UInt8(ascii: "1"), UInt8(ascii: "0"), UInt8(ascii: ".")]) else { return false }
        let groups = p.dropFirst(3).split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard let first = groups.first, first.count >= 4 else { return false }
        return groups.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    }

    private static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 0x20 : b }
}
