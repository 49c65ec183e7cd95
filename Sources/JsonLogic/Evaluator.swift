/// One evaluation: walks the rule, meters gas, enforces the budget. Operators live in the
/// `Evaluator+…` files. Pure: no I/O, no clock, no randomness, no hash-ordered iteration.
struct Evaluator {
    let budget: Budget
    private(set) var gasUsed: UInt64 = 0

    init(budget: Budget) {
        self.budget = budget
    }

    // MARK: Metering

    /// Charges before the work is done. Running out leaves `gasUsed == maxGas`.
    mutating func charge(_ amount: UInt64) throws(JsonLogicError) {
        let (sum, overflow) = gasUsed.addingReportingOverflow(amount)
        guard !overflow, sum <= budget.maxGas else {
            gasUsed = budget.maxGas
            throw .outOfGas(limit: budget.maxGas)
        }
        gasUsed = sum
    }

    mutating func charge(_ unit: UInt64, times count: Int) throws(JsonLogicError) {
        let (product, overflow) = unit.multipliedReportingOverflow(by: UInt64(count))
        try charge(overflow ? UInt64.max : product)
    }

    func checkCollection(_ count: Int) throws(JsonLogicError) {
        guard count <= budget.maxCollectionSize else {
            throw .tooLarge(what: "array of \(count) elements", limit: budget.maxCollectionSize)
        }
    }

    func checkString(_ byteCount: Int) throws(JsonLogicError) {
        guard byteCount <= budget.maxStringLength else {
            throw .tooLarge(what: "string of \(byteCount) bytes", limit: budget.maxStringLength)
        }
    }

    // MARK: Rules

    /// Evaluates `rule` against `data`; `depth` counts the rule nodes on the stack, this one included.
    mutating func evaluate(_ rule: JSONValue, _ data: JSONValue, depth: Int) throws(JsonLogicError) -> JSONValue {
        guard depth <= budget.maxDepth else { throw .tooDeep(limit: budget.maxDepth) }
        try charge(GasSchedule.node)
        switch rule {
        case .array(let items):
            try checkCollection(items.count)
            var out: [JSONValue] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try evaluate(item, data, depth: depth + 1)) }
            return .array(out)
        case .object(let object) where object.count == 1:
            return try apply(object.keys[0], object.values[0], data, depth: depth)
        default:
            // Scalars, and objects with zero or several keys, are data.
            return rule
        }
    }

    private mutating func apply(_ name: String, _ args: JSONValue, _ data: JSONValue, depth: Int) throws(JsonLogicError) -> JSONValue {
        guard let op = Operator(name: name) else { throw .unknownOperator(name) }
        try charge(GasSchedule.operation)
        try op.checkArguments(args)
        if case .array(let items) = args { try checkCollection(items.count) }
        switch op {
        case .var: return try variable(args, data, depth: depth)
        case .val: return try value(args, data, depth: depth)
        case .missing: return try missing(args, data, depth: depth)
        case .missingSome: return try missingSome(args, data, depth: depth)
        case .if, .ternary: return try conditional(args, data, depth: depth)
        case .and: return try and(args, data, depth: depth)
        case .or: return try or(args, data, depth: depth)
        case .not: return .bool(!JsonLogic.truthy(try firstOperand(args, data, depth: depth)))
        case .notNot: return .bool(JsonLogic.truthy(try firstOperand(args, data, depth: depth)))
        case .looseEqual, .strictEqual, .looseNotEqual, .strictNotEqual, .less, .lessOrEqual, .greater,
            .greaterOrEqual:
            return try compareChain(op, args, data, depth: depth)
        case .max, .min, .add, .subtract, .multiply, .divide, .modulo:
            return try arithmetic(op, args, data, depth: depth)
        case .map, .filter, .reduce, .all, .none, .some:
            return try iterate(op, args, data, depth: depth)
        case .merge: return try merge(args, data, depth: depth)
        case .in: return try contains(args, data, depth: depth)
        case .cat: return try concatenate(args, data, depth: depth)
        case .substr: return try substring(args, data, depth: depth)
        }
    }

    /// Evaluates every operand, left to right.
    mutating func evaluateOperands(_ args: JSONValue, _ data: JSONValue, depth: Int) throws(JsonLogicError) -> [JSONValue] {
        let operands = Operator.operands(args)
        var values: [JSONValue] = []
        values.reserveCapacity(operands.count)
        for operand in operands { values.append(try evaluate(operand, data, depth: depth + 1)) }
        return values
    }

    /// The first operand evaluated (null when there is none); the others are not evaluated.
    mutating func firstOperand(_ args: JSONValue, _ data: JSONValue, depth: Int) throws(JsonLogicError) -> JSONValue {
        guard let first = Operator.operands(args).first else { return .null }
        return try evaluate(first, data, depth: depth + 1)
    }

    /// The operand at `index` evaluated, or nil when absent.
    mutating func operand(_ index: Int, of args: JSONValue, _ data: JSONValue, depth: Int) throws(JsonLogicError) -> JSONValue? {
        let operands = Operator.operands(args)
        guard index < operands.count else { return nil }
        return try evaluate(operands[index], data, depth: depth + 1)
    }
}
