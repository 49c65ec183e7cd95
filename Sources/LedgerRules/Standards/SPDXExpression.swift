/// A licence in an SPDX expression: a listed id (optionally `+`, "this version or any later one"),
/// or a custom `LicenseRef-` defined outside the SPDX list.
public enum SPDXLicense: Hashable, Sendable, CustomStringConvertible {
    /// A listed id in canonical casing; `orLater` is the `+` suffix.
    case listed(id: String, orLater: Bool)
    /// `[DocumentRef-<document>:]LicenseRef-<id>`; the idstrings keep the case they were written in.
    case reference(document: String?, id: String)

    public var description: String {
        switch self {
        case let .listed(id, orLater): orLater ? id + "+" : id
        case let .reference(nil, id): "LicenseRef-" + id
        case let .reference(document?, id): "DocumentRef-" + document + ":LicenseRef-" + id
        }
    }
}

/// The operand of `WITH`: a listed exception id or a custom `AdditionRef-` (SPDX 3).
public enum SPDXException: Hashable, Sendable, CustomStringConvertible {
    case listed(String)
    case reference(document: String?, id: String)

    public var description: String {
        switch self {
        case let .listed(id): id
        case let .reference(nil, id): "AdditionRef-" + id
        case let .reference(document?, id): "DocumentRef-" + document + ":AdditionRef-" + id
        }
    }
}

/// A parsed SPDX licence expression (SPDX specification, Annex D), e.g.
/// `(MIT OR Apache-2.0) AND CC-BY-4.0` or `GPL-2.0-or-later WITH Classpath-exception-2.0`.
///
/// Why a tree with one canonical text: two validators given `mit or apache-2.0` and
/// `MIT  OR (Apache-2.0)` must store the same bytes, so records keep `canonical`, never the input.
/// The canonical form is: ids in SPDX casing; one space around `AND`, `OR`, `WITH`; a chain of the
/// same operator flattened (`A AND (B AND C)` → `A AND B AND C`, which means the same); every compound
/// operand of a compound expression parenthesised (`(A AND B) OR C`), so a reader never needs the
/// precedence rules; operand order kept as written (order can carry the author's preference).
public indirect enum SPDXExpression: Hashable, Sendable, CustomStringConvertible {
    /// A licence, optionally `WITH` an exception.
    case license(SPDXLicense, exception: SPDXException?)
    /// All of these apply (two or more operands, none of them itself an `.and`).
    case and([SPDXExpression])
    /// A choice of one of these (two or more operands, none of them itself an `.or`).
    case or([SPDXExpression])

    /// The longest accepted input in UTF-8 bytes (the record field's limit, `RecordLimits.license`).
    public static let maxLength = 512
    /// The deepest parenthesis nesting accepted; bounds the parser's recursion.
    public static let maxDepth = 16

    /// Parses and validates `text`; every licence and exception id must be listed or a reference.
    public init(parsing text: String) throws(SPDXError) {
        var parser = try SPDXParser(text)
        self = try parser.parseExpression()
    }

    /// True when `text` parses.
    public static func isValid(_ text: String) -> Bool { (try? SPDXExpression(parsing: text)) != nil }

    /// The canonical text (see the type's documentation).
    public var canonical: String {
        switch self {
        case let .license(license, nil): license.description
        case let .license(license, exception?): license.description + " WITH " + exception.description
        case let .and(operands): operands.map(\.operandText).joined(separator: " AND ")
        case let .or(operands): operands.map(\.operandText).joined(separator: " OR ")
        }
    }

    public var description: String { canonical }

    /// Every licence named, in order of appearance (duplicates kept).
    public var licenses: [SPDXLicense] {
        switch self {
        case let .license(license, _): [license]
        case let .and(operands), let .or(operands): operands.flatMap(\.licenses)
        }
    }

    /// `A AND B`, flattening so the result stays canonical.
    public static func allOf(_ operands: [SPDXExpression]) -> SPDXExpression {
        combine(operands, and: true)
    }

    /// `A OR B`, flattening so the result stays canonical.
    public static func anyOf(_ operands: [SPDXExpression]) -> SPDXExpression {
        combine(operands, and: false)
    }

    private static func combine(_ operands: [SPDXExpression], and: Bool) -> SPDXExpression {
        var flat = [SPDXExpression]()
        for operand in operands {
            switch operand {
            case let .and(inner) where and: flat += inner
            case let .or(inner) where !and: flat += inner
            default: flat.append(operand)
            }
        }
        if flat.count == 1 { return flat[0] }
        return and ? .and(flat) : .or(flat)
    }

    private var operandText: String {
        switch self {
        case .license: canonical
        case .and, .or: "(" + canonical + ")"
        }
    }
}
