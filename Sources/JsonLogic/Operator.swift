/// The operators of the dialect, and the argument shapes they accept. The shape check looks only at
/// the rule (never at data), so `JsonLogic.validate` and the evaluator apply the same check.
enum Operator: String, CaseIterable, Sendable {
    // Data access
    case `var`, val, missing, missingSome = "missing_some"
    // Logic and comparison
    case `if`, ternary = "?:", and, or, not = "!", notNot = "!!"
    case looseEqual = "==", strictEqual = "===", looseNotEqual = "!=", strictNotEqual = "!=="
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    // Arithmetic
    case max, min, add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"
    // Arrays
    case map, filter, reduce, all, none, some, merge, `in`
    // Strings
    case cat, substr

    /// Operator names are ASCII; matching is by exact bytes (never canonical equivalence).
    init?(name: String) {
        guard name.utf8.allSatisfy({ $0 < 0x80 }), let op = Operator(rawValue: name) else { return nil }
        self = op
    }

    var name: String { rawValue }

    var isComparison: Bool {
        switch self {
        case .looseEqual, .strictEqual, .looseNotEqual, .strictNotEqual, .less, .lessOrEqual, .greater,
            .greaterOrEqual:
            return true
        default:
            return false
        }
    }

    var isIteration: Bool {
        switch self {
        case .map, .filter, .reduce, .all, .none, .some: return true
        default: return false
        }
    }

    /// The operand list: the arguments array, or a single non-array argument.
    static func operands(_ args: JSONValue) -> [JSONValue] {
        if case .array(let items) = args { return items }
        return [args]
    }

    /// Static shape checks (see Docs/POLICIES.md). Too few operands is an error; extra operands of
    /// fixed-arity operators are ignored and never evaluated.
    func checkArguments(_ args: JSONValue) throws(JsonLogicError) {
        func bad(_ reason: String) -> JsonLogicError { .badArguments(op: name, reason: reason) }
        switch self {
        case .if, .ternary, .and, .or:
            guard case .array = args else { throw bad("arguments must be an array") }
        case _ where isComparison:
            guard case .array(let items) = args, items.count >= 2 else { throw bad("needs an array of at least 2 operands") }
        case .subtract, .divide, .max, .min:
            guard !Operator.operands(args).isEmpty else { throw bad("needs at least 1 operand") }
        case .modulo:
            guard Operator.operands(args).count >= 2 else { throw bad("needs at least 2 operands") }
        case .missingSome:
            guard case .array(let items) = args, items.count >= 2 else { throw bad("needs [count, keys]") }
        case .in, .substr:
            guard Operator.operands(args).count >= 2 else { throw bad("needs at least 2 operands") }
        case _ where isIteration:
            guard case .array(let items) = args, items.count >= 2 else {
                throw bad("needs an array [collection, logic\(self == .reduce ? ", initial" : "")]")
            }
            // The collection must be able to produce an array: an array literal or an operation.
            switch items[0] {
            case .array: break
            case .object(let o) where o.count == 1: break
            default: throw bad("the collection must be an array or an operation, not a \(items[0].typeName) literal")
            }
            if self == .map || self == .filter || self == .reduce, case .null = items[1] {
                throw bad("the logic must not be null")
            }
        default:
            break
        }
    }
}
