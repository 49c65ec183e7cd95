/// Why an evaluation (or a validation) failed. Every case is deterministic: the same rule, data and
/// budget fail the same way, with the same gas used, on every machine.
public enum JsonLogicError: Error, Equatable, Hashable, Sendable {
    /// The evaluation needed more than `Budget.maxGas`.
    case outOfGas(limit: UInt64)
    /// Rule nesting (or a `reduce` accumulator's nesting) exceeded `Budget.maxDepth`.
    case tooDeep(limit: Int)
    /// An array or string exceeded `Budget.maxCollectionSize` / `Budget.maxStringLength`.
    case tooLarge(what: String, limit: Int)
    /// A single-key object whose key is not an operator of the dialect.
    case unknownOperator(String)
    /// An operator got arguments of the wrong shape or type (conformance error type
    /// "Invalid Arguments").
    case badArguments(op: String, reason: String)
    /// A value could not be read as a number, or arithmetic produced NaN or ±infinity, which have no
    /// JSON form (conformance error type "NaN").
    case notANumber(op: String)

    /// A stable machine-readable code (upper snake case, like `RuleError` codes).
    public var code: String {
        switch self {
        case .outOfGas: return "OUT_OF_GAS"
        case .tooDeep: return "TOO_DEEP"
        case .tooLarge: return "TOO_LARGE"
        case .unknownOperator: return "UNKNOWN_OPERATOR"
        case .badArguments: return "BAD_ARGUMENTS"
        case .notANumber: return "NOT_A_NUMBER"
        }
    }
}

extension JsonLogicError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .outOfGas(let limit): return "out of gas (limit \(limit))"
        case .tooDeep(let limit): return "nesting deeper than \(limit)"
        case .tooLarge(let what, let limit): return "\(what) larger than \(limit)"
        case .unknownOperator(let name): return "unknown operator \"\(name)\""
        case .badArguments(let op, let reason): return "bad arguments to \"\(op)\": \(reason)"
        case .notANumber(let op): return "\"\(op)\": not a number (or not finite)"
        }
    }
}
