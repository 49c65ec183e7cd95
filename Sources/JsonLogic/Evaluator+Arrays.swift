/// `map`, `filter`, `reduce`, `all`, `some`, `none`, `merge`, and `in`.
extension Evaluator {
    /// [collection, logic(, initial)]. The logic runs with each element as its data (for `reduce`:
    /// {"current": element, "accumulator": value}). `map`, `filter` and `reduce` treat a null
    /// collection as empty; `all`, `some` and `none` require an array. Each element costs
    /// `iteration` gas before its logic runs.
    mutating func iterate(_ op: Operator, _ args: JSONValue, _ data: JSONValue, depth: Int) throws(JsonLogicError) -> JSONValue {
        let items = Operator.operands(args)
        let collection = try evaluate(items[0], data, depth: depth + 1)
        let elements: [JSONValue]
        switch collection {
        case .array(let list): elements = list
        case .null where op == .map || op == .filter || op == .reduce: elements = []
        default:
            throw .badArguments(op: op.name, reason: "the collection is a \(collection.typeName), not an array")
        }
        try checkCollection(elements.count)
        let logic = items[1]
        switch op {
        case .map:
            var out: [JSONValue] = []
            out.reserveCapacity(elements.count)
            for element in elements {
                try charge(GasSchedule.iteration + GasSchedule.element)
                out.append(try evaluate(logic, element, depth: depth + 1))
            }
            return .array(out)
        case .filter:
            var out: [JSONValue] = []
            for element in elements {
                try charge(GasSchedule.iteration)
                if JsonLogic.truthy(try evaluate(logic, element, depth: depth + 1)) {
                    try charge(GasSchedule.element)
                    out.append(element)
                }
            }
            return .array(out)
        case .all:
            if elements.isEmpty { return .bool(false) }
            for element in elements {
                try charge(GasSchedule.iteration)
                if !JsonLogic.truthy(try evaluate(logic, element, depth: depth + 1)) { return .bool(false) }
            }
            return .bool(true)
        case .some, .none:
            for element in elements {
                try charge(GasSchedule.iteration)
                if JsonLogic.truthy(try evaluate(logic, element, depth: depth + 1)) { return .bool(op == .some) }
            }
            return .bool(op == .none)
        case .reduce:
            var accumulator = items.count > 2 ? try evaluate(items[2], data, depth: depth + 1) : .null
            for element in elements {
                try charge(GasSchedule.iteration)
                let context = JSONValue.object(JSONObject(sortedKeys: ["accumulator", "current"], values: [accumulator, element]))
                accumulator = try evaluate(logic, context, depth: depth + 1)
                // The accumulator is the one value that can nest deeper on every step; keep it bounded
                // so no later walk over it (compare, serialise, free) can exhaust the stack.
                if try nestingExceeds(accumulator, limit: budget.maxDepth) { throw .tooDeep(limit: budget.maxDepth) }
            }
            return accumulator
        default:
            preconditionFailure("not an iteration: \(op)")
        }
    }

    /// Concatenates array operands; other operands are appended as single elements.
    mutating func merge(_ args: JSONValue, _ data: JSONValue, depth: Int) throws(JsonLogicError) -> JSONValue {
        let values = try evaluateOperands(args, data, depth: depth)
        var total = 0
        for value in values {
            if case .array(let items) = value { total += items.count } else { total += 1 }
        }
        try checkCollection(total)
        try charge(GasSchedule.operand, times: values.count)
        try charge(GasSchedule.element, times: total)
        var out: [JSONValue] = []
        out.reserveCapacity(total)
        for value in values {
            if case .array(let items) = value { out.append(contentsOf: items) } else { out.append(value) }
        }
        return .array(out)
    }

    /// [needle, haystack]: for an array, whether an element is `===` to the needle; for a string,
    /// whether the needle's text occurs in it (a null needle never does); otherwise false.
    mutating func contains(_ args: JSONValue, _ data: JSONValue, depth: Int) throws(JsonLogicError) -> JSONValue {
        let operands = Operator.operands(args)
        let needle = try evaluate(operands[0], data, depth: depth + 1)
        let haystack = try evaluate(operands[1], data, depth: depth + 1)
        switch haystack {
        case .array(let elements):
            try checkCollection(elements.count)
            for element in elements {
                try charge(GasSchedule.iteration)
                if try strictEquals(needle, element) { return .bool(true) }
            }
            return .bool(false)
        case .string(let text):
            if needle.isNull { return .bool(false) }
            let fragment = try self.text(needle, .in)
            try charge(GasSchedule.scan(text.utf8.count + fragment.utf8.count))
            return .bool(StringOrder.contains(text, fragment))
        default:
            return .bool(false)
        }
    }
}
