/// Tokeniser and recursive-descent parser for SPDX licence expressions (Annex D):
///
///     expression := and-expr ("OR" and-expr)*          -- OR binds loosest
///     and-expr   := with-expr ("AND" with-expr)*
///     with-expr  := "(" expression ")" | simple ["WITH" exception]
///     simple     := license-id ["+"] | ["DocumentRef-" idstring ":"] "LicenseRef-" idstring
///     exception  := exception-id | ["DocumentRef-" idstring ":"] "AdditionRef-" idstring
///
/// It works on UTF-8 bytes, accepts only ASCII, and recurses only at `(`, so `maxDepth` bounds
/// the stack. Operators must be upper case (SPDX says they are case-sensitive); ids are matched
/// case-insensitively and rewritten in canonical casing.
struct SPDXParser {
    enum Token: Equatable {
        case open, close, and, or, with
        /// An id or reference; `plus` is a directly attached `+`.
        case word(String, plus: Bool)

        var isWord: Bool {
            if case .word = self { return true }
            return false
        }

        var text: String {
            switch self {
            case .open: "("
            case .close: ")"
            case .and: "AND"
            case .or: "OR"
            case .with: "WITH"
            case let .word(w, plus): plus ? w + "+" : w
            }
        }
    }

    private var tokens: [(token: Token, offset: Int)] = []
    private var position = 0
    private var depth = 0

    init(_ text: String) throws(SPDXError) {
        let bytes = Array(text.utf8)
        guard bytes.count <= SPDXExpression.maxLength else {
            throw .tooLong(max: SPDXExpression.maxLength, got: bytes.count)
        }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { i += 1; continue }
            if b == UInt8(ascii: "(") { tokens.append((.open, i)); i += 1; continue }
            if b == UInt8(ascii: ")") { tokens.append((.close, i)); i += 1; continue }
            if b == UInt8(ascii: "+") { throw .misplacedPlus(offset: i) }
            guard Self.isWordByte(b) else { throw .invalidCharacter(offset: i) }
            let start = i
            while i < bytes.count, Self.isWordByte(bytes[i]) { i += 1 }
            let word = String(decoding: bytes[start..<i], as: UTF8.self)
            var plus = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") { plus = true; i += 1 }
            let token: Token
            switch word {
            case "AND": token = .and
            case "OR": token = .or
            case "WITH": token = .with
            default:
                if ["and", "or", "with"].contains(SPDXLicenseList.asciiLowercased(word)) {
                    throw .operatorCase(found: word)
                }
                token = .word(word, plus: plus)
            }
            if plus, !token.isWord { throw .misplacedPlus(offset: i - 1) }
            tokens.append((token, start))
        }
        guard !tokens.isEmpty else { throw .empty }
    }

    /// Parses the whole input; anything left over is an error.
    mutating func parseExpression() throws(SPDXError) -> SPDXExpression {
        let expression = try parseOr()
        if position < tokens.count {
            let (token, offset) = tokens[position]
            throw .unexpected(token: token.text, offset: offset, expected: "AND, OR or the end")
        }
        return expression
    }

    private mutating func parseOr() throws(SPDXError) -> SPDXExpression {
        var operands = [try parseAnd()]
        while peek == .or {
            position += 1
            operands.append(try parseAnd())
        }
        return SPDXExpression.anyOf(operands)
    }

    private mutating func parseAnd() throws(SPDXError) -> SPDXExpression {
        var operands = [try parseWith()]
        while peek == .and {
            position += 1
            operands.append(try parseWith())
        }
        return SPDXExpression.allOf(operands)
    }

    private mutating func parseWith() throws(SPDXError) -> SPDXExpression {
        guard position < tokens.count else { throw .unexpectedEnd(expected: "a licence id or '('") }
        let (token, offset) = tokens[position]
        position += 1
        switch token {
        case .open:
            depth += 1
            guard depth <= SPDXExpression.maxDepth else { throw .tooDeep(max: SPDXExpression.maxDepth) }
            let inner = try parseOr()
            guard position < tokens.count else { throw .unexpectedEnd(expected: "')'") }
            guard tokens[position].token == .close else {
                throw .unexpected(token: tokens[position].token.text, offset: tokens[position].offset, expected: "')'")
            }
            position += 1
            depth -= 1
            return inner
        case let .word(word, plus):
            let license = try Self.license(word, plus: plus, offset: offset)
            guard peek == .with else { return .license(license, exception: nil) }
            position += 1
            guard position < tokens.count else { throw .unexpectedEnd(expected: "an exception id after WITH") }
            let (next, nextOffset) = tokens[position]
            position += 1
            guard case let .word(exceptionWord, exceptionPlus) = next else {
                throw .unexpected(token: next.text, offset: nextOffset, expected: "an exception id after WITH")
            }
            if exceptionPlus { throw .misplacedPlus(offset: nextOffset + exceptionWord.utf8.count) }
            return .license(license, exception: try Self.exception(exceptionWord))
        default:
            throw .unexpected(token: token.text, offset: offset, expected: "a licence id or '('")
        }
    }

    private var peek: Token? { position < tokens.count ? tokens[position].token : nil }

    // MARK: - Words

    private static func license(_ word: String, plus: Bool, offset: Int) throws(SPDXError) -> SPDXLicense {
        if let (document, id) = try reference(word, kind: "LicenseRef-") {
            if plus { throw .misplacedPlus(offset: offset + word.utf8.count) }
            return .reference(document: document, id: id)
        }
        if let id = SPDXLicenseList.license(matching: word) { return .listed(id: id, orLater: plus) }
        if SPDXLicenseList.exception(matching: word) != nil { throw .exceptionAsLicense(word) }
        if let replacement = SPDXLicenseList.replacement(forDeprecated: word, orLater: plus) {
            throw .unknownLicense(plus ? word + "+" : word, suggestion: replacement)
        }
        let suggestion = isIDString(Array(word.utf8)) ? "LicenseRef-" + word : nil
        throw .unknownLicense(word, suggestion: suggestion)
    }

    private static func exception(_ word: String) throws(SPDXError) -> SPDXException {
        if let (document, id) = try reference(word, kind: "AdditionRef-") {
            return .reference(document: document, id: id)
        }
        if let id = SPDXLicenseList.exception(matching: word) { return .listed(id) }
        if SPDXLicenseList.license(matching: word) != nil { throw .licenseAsException(word) }
        throw .unknownException(word)
    }

    /// Splits `[DocumentRef-d:]<kind>i`, prefixes matched case-insensitively; nil if `word` is not a
    /// reference of this kind at all.
    private static func reference(_ word: String, kind: String) throws(SPDXError) -> (String?, String)? {
        var bytes = Array(word.utf8)
        var document: String?
        let docPrefix = Array("documentref-".utf8)
        if hasPrefix(bytes, docPrefix) {
            guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { throw .invalidReference(word) }
            let doc = Array(bytes[docPrefix.count..<colon])
            guard isIDString(doc) else { throw .invalidReference(word) }
            document = String(decoding: doc, as: UTF8.self)
            bytes = Array(bytes[(colon + 1)...])
            guard hasPrefix(bytes, Array(SPDXLicenseList.asciiLowercased(kind).utf8)) else { throw .invalidReference(word) }
        }
        let prefix = Array(SPDXLicenseList.asciiLowercased(kind).utf8)
        guard hasPrefix(bytes, prefix) else {
            if bytes.contains(UInt8(ascii: ":")) { throw .invalidReference(word) }
            return nil
        }
        let id = Array(bytes[prefix.count...])
        guard isIDString(id) else { throw .invalidReference(word) }
        return (document, String(decoding: id, as: UTF8.self))
    }

    private static func hasPrefix(_ bytes: [UInt8], _ lowerPrefix: [UInt8]) -> Bool {
        guard bytes.count >= lowerPrefix.count else { return false }
        for (b, p) in zip(bytes, lowerPrefix) {
            let lower = b >= 0x41 && b <= 0x5A ? b + 0x20 : b
            if lower != p { return false }
        }
        return true
    }

    /// `idstring = 1*(ALPHA / DIGIT / "-" / ".")`
    private static func isIDString(_ bytes: [UInt8]) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }

    private static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    /// Bytes that may appear in an id or reference (`:` only inside `DocumentRef-…:`).
    private static func isWordByte(_ b: UInt8) -> Bool {
        isAlnum(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: ":")
    }
}
