import JsonLogic

/// The strict JSON parser and the metered JsonLogic evaluator.
enum JSONProperties {
    /// parse → serialize → parse is stable: the canonical form parses to the same value, is its own
    /// canonical form, and passes the canonical-only parser.
    static func json(_ bytes: [UInt8]) throws(PropertyViolation) {
        guard let value = try? JSONValue(parsing: bytes) else { return }
        try canonicalIsStable(value, "json")
    }

    /// A budget small enough that the fuzzer reaches every limit.
    static let budget = Budget(maxGas: 20_000, maxDepth: 16, maxCollectionSize: 256, maxStringLength: 1_024)

    /// Input: rule JSON, a 0x00 byte, data JSON (no separator: data is null). Evaluation never
    /// spends more than the budget, reports the whole budget when it runs out, is deterministic,
    /// and its result is JSON that round-trips.
    static func jsonLogic(_ bytes: [UInt8]) throws(PropertyViolation) {
        let split = bytes.firstIndex(of: 0) ?? bytes.endIndex
        guard let rule = try? JSONValue(parsing: Array(bytes[..<split])) else { return }
        let dataBytes = split < bytes.endIndex ? Array(bytes[(split + 1)...]) : Array("null".utf8)
        guard let data = try? JSONValue(parsing: dataBytes) else { return }
        let fail = { (m: String) in PropertyViolation("jsonlogic", m) }

        let outcome = JsonLogic.run(rule: rule, data: data, budget: budget)
        guard outcome.gasUsed <= budget.maxGas else { throw fail("used \(outcome.gasUsed) gas, budget \(budget.maxGas)") }
        guard JsonLogic.run(rule: rule, data: data, budget: budget) == outcome else { throw fail("two runs differ") }
        switch outcome.result {
        case .success(let value): try canonicalIsStable(value, "jsonlogic")
        case .failure(.outOfGas(let limit)):
            guard limit == budget.maxGas, outcome.gasUsed == budget.maxGas else { throw fail("out of gas at \(outcome.gasUsed), limit \(limit)") }
        case .failure: break
        }
        // A rule that validates under the budget is storable; validation must answer either way.
        _ = try? JsonLogic.validate(rule: rule, budget: budget)
    }

    static func canonicalIsStable(_ value: JSONValue, _ target: String) throws(PropertyViolation) {
        let canonical = value.canonicalBytes
        guard let again = try? JSONValue(parsing: canonical) else { throw PropertyViolation(target, "canonical form does not parse") }
        guard again == value else { throw PropertyViolation(target, "canonical form parses to a different value") }
        guard again.canonicalBytes == canonical else { throw PropertyViolation(target, "canonical form is not stable") }
        guard (try? JSONValue(parsingCanonical: canonical)) != nil else { throw PropertyViolation(target, "canonical parser rejects the canonical form") }
    }
}
