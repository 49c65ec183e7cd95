/// Why an SPDX licence expression was refused. Offsets are 0-based UTF-8 byte offsets into the input.
public enum SPDXError: Error, Hashable, Sendable, CustomStringConvertible {
    case empty
    case tooLong(max: Int, got: Int)
    case tooDeep(max: Int)
    case invalidCharacter(offset: Int)
    /// An id that is not on the embedded list; `suggestion` is what to write instead: the replacement
    /// of a deprecated id, or `LicenseRef-<id>`.
    case unknownLicense(String, suggestion: String?)
    case unknownException(String)
    /// A `LicenseRef-`/`DocumentRef-`/`AdditionRef-` whose idstring is empty or holds other than `A–Z a–z 0–9 - .`.
    case invalidReference(String)
    /// `and`, `Or` …: SPDX operators are upper case.
    case operatorCase(found: String)
    /// `+` where it cannot go: after a `LicenseRef-` or an exception, or detached from an id.
    case misplacedPlus(offset: Int)
    case unexpected(token: String, offset: Int, expected: String)
    case unexpectedEnd(expected: String)
    /// An exception id written where a licence belongs, or the other way round.
    case exceptionAsLicense(String)
    case licenseAsException(String)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .empty: "SPDX_EMPTY"
        case .tooLong: "SPDX_TOO_LONG"
        case .tooDeep: "SPDX_TOO_DEEP"
        case .invalidCharacter: "SPDX_CHARACTER"
        case .unknownLicense: "SPDX_UNKNOWN_LICENSE"
        case .unknownException: "SPDX_UNKNOWN_EXCEPTION"
        case .invalidReference: "SPDX_BAD_REF"
        case .operatorCase: "SPDX_OPERATOR_CASE"
        case .misplacedPlus: "SPDX_PLUS"
        case .unexpected, .unexpectedEnd: "SPDX_SYNTAX"
        case .exceptionAsLicense, .licenseAsException: "SPDX_MISPLACED_ID"
        }
    }

    public var description: String {
        switch self {
        case .empty:
            return "the licence expression is empty"
        case let .tooLong(max, got):
            return "the licence expression is \(got) bytes; at most \(max) are allowed"
        case let .tooDeep(max):
            return "the licence expression nests parentheses deeper than \(max)"
        case let .invalidCharacter(offset):
            return "invalid character at byte \(offset): ids use A–Z a–z 0–9 - . and the operators AND, OR, WITH, +, ( )"
        case let .unknownLicense(id, suggestion?) where suggestion.hasPrefix("LicenseRef-"):
            return "unknown SPDX licence id '\(id)'; a licence that is not on the SPDX list must be written as '\(suggestion)'"
        case let .unknownLicense(id, suggestion?):
            return "'\(id)' is a deprecated SPDX id; write '\(suggestion)' instead"
        case let .unknownLicense(id, nil):
            return "unknown SPDX licence id '\(id)'; a licence that is not on the SPDX list must be written as 'LicenseRef-<name>'"
        case let .unknownException(id):
            return "unknown SPDX licence exception '\(id)'; a custom exception must be written as 'AdditionRef-<name>'"
        case let .invalidReference(ref):
            return "'\(ref)' is not a valid reference: after 'LicenseRef-' (or 'DocumentRef-', 'AdditionRef-') come one or more of A–Z a–z 0–9 - ."
        case let .operatorCase(found):
            return "operator '\(found)' must be written in upper case: '\(SPDXLicenseList.asciiUppercased(found))'"
        case let .misplacedPlus(offset):
            return "'+' at byte \(offset) must directly follow a listed licence id (not a LicenseRef or an exception)"
        case let .unexpected(token, offset, expected):
            return "unexpected '\(token)' at byte \(offset); expected \(expected)"
        case let .unexpectedEnd(expected):
            return "the licence expression ends too early; expected \(expected)"
        case let .exceptionAsLicense(id):
            return "'\(id)' is a licence exception; it can only follow WITH"
        case let .licenseAsException(id):
            return "'\(id)' is a licence, not an exception; WITH must be followed by an exception id"
        }
    }
}
