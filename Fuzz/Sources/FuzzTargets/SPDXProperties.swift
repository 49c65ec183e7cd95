import LedgerRules

/// The SPDX licence-expression parser: what parses prints to a canonical text that parses to the
/// same expression and prints identically.
enum SPDXProperties {
    static func spdx(_ bytes: [UInt8]) throws(PropertyViolation) {
        guard let text = String(validating: bytes, as: UTF8.self), let expression = try? SPDXExpression(parsing: text) else { return }
        let canonical = expression.canonical
        guard let again = try? SPDXExpression(parsing: canonical) else { throw PropertyViolation("spdx", "canonical text '\(canonical)' does not parse") }
        guard again == expression else { throw PropertyViolation("spdx", "canonical text '\(canonical)' parses to a different expression") }
        guard again.canonical == canonical else { throw PropertyViolation("spdx", "canonical text is not stable") }
        _ = expression.licenses
    }
}
