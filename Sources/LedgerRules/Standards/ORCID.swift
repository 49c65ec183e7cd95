/// Why an ORCID iD was refused. Each case names what was expected and what was found.
public enum ORCIDError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Not 19 characters `NNNN-NNNN-NNNN-NNNC` once any `https://orcid.org/` prefix is removed.
    case wrongLength(got: Int)
    /// A hyphen was expected at this 0-based offset of the bare iD.
    case missingHyphen(at: Int)
    /// A character other than a digit (or a final `X`) at this 0-based offset of the bare iD.
    case invalidCharacter(at: Int)
    /// The ISO 7064 MOD 11-2 check character does not match the first 15 digits.
    case badChecksum(expected: Character, got: Character)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .wrongLength: "ORCID_LENGTH"
        case .missingHyphen: "ORCID_FORMAT"
        case .invalidCharacter: "ORCID_CHARACTER"
        case .badChecksum: "ORCID_CHECKSUM"
        }
    }

    public var description: String {
        switch self {
        case let .wrongLength(got):
            "an ORCID iD has 19 characters (NNNN-NNNN-NNNN-NNNC), got \(got)"
        case let .missingHyphen(at):
            "an ORCID iD has hyphens after every 4 digits; character \(at + 1) should be '-'"
        case let .invalidCharacter(at):
            "character \(at + 1) of the ORCID iD must be a digit (only the last may be 'X')"
        case let .badChecksum(expected, got):
            "ORCID check character is '\(got)' but the digits give '\(expected)' (ISO 7064 MOD 11-2): a digit is mistyped"
        }
    }
}

/// An ORCID iD, validated and in its canonical form `0000-0002-1825-0097`.
///
/// Why validate on chain: contributor records are permanent, and a mistyped iD would credit the
/// wrong person forever. The check character (ISO 7064 MOD 11-2, as ORCID specifies) catches every
/// single-digit error and most transpositions. Only the syntax is checked — whether the iD is
/// registered cannot be known without I/O. The URL form is accepted as input because that is how
/// ORCID asks people to display iDs, but only the bare form is stored, so one person has one key.
public struct ORCID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The canonical bare form, e.g. `0000-0002-1825-0097` (upper-case `X` if that is the check character).
    public let value: String

    /// URL prefixes accepted and removed (exact, lower case).
    public static let urlPrefixes = ["https://orcid.org/", "http://orcid.org/"]

    /// Parses `NNNN-NNNN-NNNN-NNNC`, optionally behind `https://orcid.org/`. A lower-case `x` check
    /// character is accepted and stored as `X`.
    public init(_ text: String) throws(ORCIDError) {
        var bytes = Array(text.utf8)
        for prefix in Self.urlPrefixes {
            let p = Array(prefix.utf8)
            if bytes.count >= p.count, Array(bytes[0..<p.count]) == p {
                bytes.removeFirst(p.count)
                break
            }
        }
        guard bytes.count == 19 else { throw .wrongLength(got: bytes.count) }
        var digits = [UInt8]()
        digits.reserveCapacity(16)
        for (i, b) in bytes.enumerated() {
            if i == 4 || i == 9 || i == 14 {
                guard b == UInt8(ascii: "-") else { throw .missingHyphen(at: i) }
                continue
            }
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits.append(b)
            case UInt8(ascii: "X") where i == 18, UInt8(ascii: "x") where i == 18: digits.append(UInt8(ascii: "X"))
            default: throw .invalidCharacter(at: i)
            }
        }
        let expected = Self.checkCharacter(digits[0..<15])
        guard expected == digits[15] else {
            throw .badChecksum(expected: Character(Unicode.Scalar(expected)), got: Character(Unicode.Scalar(digits[15])))
        }
        var canonical = bytes
        canonical[18] = digits[15]
        value = String(decoding: canonical, as: UTF8.self)
    }

    /// True when `text` parses.
    public static func isValid(_ text: String) -> Bool { (try? ORCID(text)) != nil }

    /// The ISO 7064 MOD 11-2 check character (`0`…`9` or `X`) of the 15 base digits (ASCII).
    public static func checkCharacter<C: Collection>(_ baseDigits: C) -> UInt8 where C.Element == UInt8 {
        var total = 0
        for d in baseDigits { total = (total + Int(d - UInt8(ascii: "0"))) * 2 }
        let result = (12 - total % 11) % 11
        return result == 10 ? UInt8(ascii: "X") : UInt8(ascii: "0") + UInt8(result)
    }

    /// The display form ORCID recommends.
    public var url: String { "https://orcid.org/" + value }

    public var description: String { value }

    public static func < (lhs: ORCID, rhs: ORCID) -> Bool { lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8) }
}
