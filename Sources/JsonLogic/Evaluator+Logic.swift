/// `if`/`?:`, `and`, `or`, and the comparison chains. All are lazy: operands are evaluated left to
/// right only as far as the result needs.
extension Evaluator {
    /// [c1, v1, c2, v2, …, else]: the value after the first truthy condition, else the trailing
    /// operand, else null.
    mutating func conditional(_ args: JSONValue, _ data: JSONValue, depth: Int) throws(JsonLogicError) -> JSONValue {
        let items = Operator.operands(args)
        var i = 0
        while i + 1 < items.count {
            if JsonLogic.truthy(try evaluate(items[i], data, depth: depth + 1)) {
                return try evaluate(items[i + 1], data, depth: depth + 1)
            }
            i += 2
        }
        return i < items.count ? try evaluate(items[i], data, depth: depth + 1) : .null
    }

    /// The first falsy operand, else the last one; false for no operands.
    mutating func and(_ args: JSONValue, _ data: JSONValue, depth: Int) throws(JsonLogicError) -> JSONValue {
        var last: JSONValue = .bool(false)
        for item in Operator.operands(args) {
            last = try evaluate(item, data, depth: depth + 1)
            if !JsonLogic.truthy(last) { return last }
        }
        return last
    }

    /// The first truthy operand, else the last one; false for no operands.
    mutating func or(_ args: JSONValue, _ data: JSONValue, depth: Int) throws(JsonLogicError) -> JSONValue {
        var last: JSONValue = .bool(false)
        for item in Operator.operands(args) {
            last = try evaluate(item, data, depth: depth + 1)
            if JsonLogic.truthy(last) { return last }
        }
        return last
    }

    /// a op b op c …: true when every adjacent pair satisfies the relation (so `{"<": [a, b, c]}` is
    /// "b strictly between a and c"). Stops at the first pair that does not.
    mutating func compareChain(_ op: Operator, _ args: JSONValue, _ data: JSONValue, depth: Int) throws(JsonLogicError) -> JSONValue {
        let items = Operator.operands(args)
        var previous = try evaluate(items[0], data, depth: depth + 1)
        for item in items.dropFirst() {
            let current = try evaluate(item, data, depth: depth + 1)
            try charge(GasSchedule.operand)
            let holds: Bool
            switch op {
            case .looseEqual: holds = try looseEquals(previous, current, op)
            case .looseNotEqual: holds = try !looseEquals(previous, current, op)
            case .strictEqual: holds = try strictEquals(previous, current)
            case .strictNotEqual: holds = try !strictEquals(previous, current)
            case .less: holds = try order(previous, current, op) < 0
            case .lessOrEqual: holds = try order(previous, current, op) <= 0
            case .greater: holds = try order(previous, current, op) > 0
            case .greaterOrEqual: holds = try order(previous, current, op) >= 0
            default: preconditionFailure("not a comparison: \(op)")
            }
            if !holds { return .bool(false) }
            previous = current
        }
        return .bool(true)
    }
}
