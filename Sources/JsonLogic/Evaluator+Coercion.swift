/// Type coercions and value comparisons of the dialect (Docs/POLICIES.md, "JsonLogic dialect").
extension Evaluator {
    /// ToNumber: null → 0, booleans → 0/1, numbers as they are, strings by the decimal grammar of
    /// `DecimalConversion.parseJavaScriptNumber`; arrays, objects and unreadable strings are NaN,
    /// which is an error.
    mutating func number(_ value: JSONValue, _ op: Operator) throws(JsonLogicError) -> Double {
        switch value {
        case .null: return 0
        case .bool(let b): return b ? 1 : 0
        case .number(let x):
            guard x.isFinite else { throw .notANumber(op: op.name) }
            return x
        case .string(let s):
            try charge(GasSchedule.scan(s.utf8.count))
            // The text is copied and lexed (allocations), and an extreme literal needs exact
            // big-integer arithmetic: both are paid before the conversion runs.
            try charge(GasSchedule.numberParse)
            guard let literal = DecimalConversion.javaScriptLiteral(s) else { throw .notANumber(op: op.name) }
            try charge(DecimalConversion.slowPathGas(literal))
            guard let x = DecimalConversion.double(literal) else { throw .notANumber(op: op.name) }
            return x
        case .array, .object:
            throw .notANumber(op: op.name)
        }
    }

    /// A finite arithmetic result as a value (-0 becomes 0); NaN and ±infinity are errors.
    func finite(_ x: Double, _ op: Operator) throws(JsonLogicError) -> JSONValue {
        guard x.isFinite else { throw .notANumber(op: op.name) }
        return .number(x == 0 ? 0 : x)
    }

    /// ToString for `cat`, `substr` and `in`: strings as they are, numbers as JavaScript prints them,
    /// booleans as "true"/"false", null as "". Arrays and objects are rejected.
    mutating func text(_ value: JSONValue, _ op: Operator) throws(JsonLogicError) -> String {
        switch value {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .number(let x):
            guard x.isFinite else { throw .notANumber(op: op.name) }
            try charge(NumberFormatting.formattingGas(x))
            let bytes = NumberFormatting.javaScriptBytes(x)
            try charge(GasSchedule.byteBuilt, times: bytes.count)
            return String(decoding: bytes, as: UTF8.self)
        case .string(let s): return s
        case .array, .object:
            throw .badArguments(op: op.name, reason: "cannot use a \(value.typeName) as a string")
        }
    }

    /// `==`: arrays and objects are not comparable (NaN); two strings compare as strings; two values
    /// of the same type compare directly; otherwise both are converted to numbers.
    mutating func looseEquals(_ a: JSONValue, _ b: JSONValue, _ op: Operator) throws(JsonLogicError) -> Bool {
        switch (a, b) {
        case (.array, _), (.object, _), (_, .array), (_, .object):
            throw .notANumber(op: op.name)
        case let (.string(x), .string(y)):
            try charge(GasSchedule.scan(min(x.utf8.count, y.utf8.count)))
            return StringOrder.equal(x, y)
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        default:
            return try number(a, op) == number(b, op)
        }
    }

    /// `<` and friends: -1, 0 or 1. Arrays and objects are not comparable (NaN); two strings compare
    /// by UTF-16 code units, like JavaScript; anything else compares as numbers.
    mutating func order(_ a: JSONValue, _ b: JSONValue, _ op: Operator) throws(JsonLogicError) -> Int {
        switch (a, b) {
        case (.array, _), (.object, _), (_, .array), (_, .object):
            throw .notANumber(op: op.name)
        case let (.string(x), .string(y)):
            try charge(GasSchedule.scan(min(x.utf8.count, y.utf8.count)))
            return StringOrder.utf16Compare(x, y)
        default:
            let x = try number(a, op)
            let y = try number(b, op)
            return x < y ? -1 : (x > y ? 1 : 0)
        }
    }

    /// `===`: same type and same value; arrays and objects compare structurally (JavaScript compares
    /// references, which JSON values do not have). Iterative, one `valueNode` of gas per node.
    mutating func strictEquals(_ a: JSONValue, _ b: JSONValue) throws(JsonLogicError) -> Bool {
        var pending: [(JSONValue, JSONValue)] = [(a, b)]
        while let (x, y) = pending.popLast() {
            try charge(GasSchedule.valueNode)
            switch (x, y) {
            case (.null, .null): continue
            case let (.bool(p), .bool(q)): if p != q { return false }
            case let (.number(p), .number(q)): if p != q { return false }
            case let (.string(p), .string(q)):
                try charge(GasSchedule.scan(min(p.utf8.count, q.utf8.count)))
                if !StringOrder.equal(p, q) { return false }
            case let (.array(p), .array(q)):
                guard p.count == q.count else { return false }
                for i in p.indices.reversed() { pending.append((p[i], q[i])) }
            case let (.object(p), .object(q)):
                guard p.count == q.count else { return false }
                for i in p.keys.indices.reversed() {
                    try charge(GasSchedule.scan(min(p.keys[i].utf8.count, q.keys[i].utf8.count)))
                    guard StringOrder.equal(p.keys[i], q.keys[i]) else { return false }
                    pending.append((p.values[i], q.values[i]))
                }
            default:
                return false
            }
        }
        return true
    }

    /// Whether `value` nests arrays/objects deeper than `limit` levels. Iterative; one `valueNode`
    /// of gas per container element visited, stopping as soon as the limit is passed.
    mutating func nestingExceeds(_ value: JSONValue, limit: Int) throws(JsonLogicError) -> Bool {
        var pending: [(JSONValue, Int)] = [(value, 0)]
        while let (v, level) = pending.popLast() {
            let children: [JSONValue]
            switch v {
            case .array(let items): children = items
            case .object(let object): children = object.values
            default: continue
            }
            if level + 1 > limit { return true }
            try charge(GasSchedule.valueNode, times: children.count)
            for child in children {
                switch child {
                case .array, .object: pending.append((child, level + 1))
                default: break
                }
            }
        }
        return false
    }
}
