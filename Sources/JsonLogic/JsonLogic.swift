/// A deterministic, gas-metered JsonLogic evaluator (the dialect is specified in Docs/POLICIES.md,
/// "JsonLogic dialect").
public enum JsonLogic {
    /// What an evaluation produced and what it cost. Gas is reported for failures too (it is
    /// `budget.maxGas` after `outOfGas`), so a caller can charge for failed rules deterministically.
    public struct Outcome: Sendable, Equatable {
        public let result: Result<JSONValue, JsonLogicError>
        public let gasUsed: UInt64
    }

    /// Evaluates `rule` against `data` within `budget`.
    public static func evaluate(rule: JSONValue, data: JSONValue, budget: Budget = .default) throws(JsonLogicError) -> (value: JSONValue, gasUsed: UInt64) {
        var evaluator = Evaluator(budget: budget)
        let value = try evaluator.evaluate(rule, data, depth: 1)
        return (value, evaluator.gasUsed)
    }

    /// Like `evaluate`, returning the error as a value along with the gas used up to it.
    public static func run(rule: JSONValue, data: JSONValue, budget: Budget = .default) -> Outcome {
        var evaluator = Evaluator(budget: budget)
        do {
            let value = try evaluator.evaluate(rule, data, depth: 1)
            return Outcome(result: .success(value), gasUsed: evaluator.gasUsed)
        } catch {
            return Outcome(result: .failure(error), gasUsed: evaluator.gasUsed)
        }
    }

    /// JsonLogic truthiness: false, null, 0, "" and [] are falsy; everything else, including {} and
    /// "0", is truthy.
    public static func truthy(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return false
        case .bool(let b): return b
        case .number(let x): return x != 0 && !x.isNaN
        case .string(let s): return !s.isEmpty
        case .array(let items): return !items.isEmpty
        case .object: return true
        }
    }

    /// Static check for storing a rule: every operation names a known operator with well-shaped
    /// arguments, nesting stays within `budget.maxDepth` (counted as the evaluator counts it), array
    /// literals within `maxCollectionSize` and string literals within `maxStringLength`. Data
    /// objects (zero or several keys) are not inspected, as the evaluator never looks inside them.
    /// A valid rule can still fail at run time (data-dependent types, gas).
    public static func validate(rule: JSONValue, budget: Budget = .default) throws(JsonLogicError) {
        try Validator(budget: budget).check(rule, depth: 1)
    }

    /// The operator names of the dialect, sorted.
    public static let operators: [String] = Operator.allCases.map(\.name).sorted()
}

/// The static walk behind `JsonLogic.validate`. Iterative, so hostile nesting cannot exhaust the stack.
struct Validator {
    let budget: Budget

    func check(_ rule: JSONValue, depth: Int) throws(JsonLogicError) {
        var pending: [(JSONValue, Int)] = [(rule, depth)]
        while let (node, level) = pending.popLast() {
            guard level <= budget.maxDepth else { throw .tooDeep(limit: budget.maxDepth) }
            switch node {
            case .string(let s):
                guard s.utf8.count <= budget.maxStringLength else {
                    throw .tooLarge(what: "string literal of \(s.utf8.count) bytes", limit: budget.maxStringLength)
                }
            case .array(let items):
                guard items.count <= budget.maxCollectionSize else {
                    throw .tooLarge(what: "array literal of \(items.count) elements", limit: budget.maxCollectionSize)
                }
                for item in items.reversed() { pending.append((item, level + 1)) }
            case .object(let object) where object.count == 1:
                let name = object.keys[0]
                guard let op = Operator(name: name) else { throw .unknownOperator(name) }
                let args = object.values[0]
                try op.checkArguments(args)
                if case .array(let items) = args {
                    guard items.count <= budget.maxCollectionSize else {
                        throw .tooLarge(what: "argument list of \(items.count) elements", limit: budget.maxCollectionSize)
                    }
                }
                // Operands are evaluated one level below their operation.
                for operand in Operator.operands(args).reversed() { pending.append((operand, level + 1)) }
            default:
                break
            }
        }
    }
}
