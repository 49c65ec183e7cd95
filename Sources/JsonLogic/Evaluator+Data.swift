/// Reading the data: `var`, `val`, `missing`, `missing_some`.
extension Evaluator {
    /// {"var": path} or {"var": [path, default]}. A path is a string of dot-separated segments (or a
    /// number, read as its JavaScript text); "" or null is the whole data. Segments descend into
    /// object members and array elements (canonical decimal indexes). A missing value gives the
    /// default (or null); a present null is null.
    mutating func variable(_ args: JSONValue, _ data: JSONValue, depth: Int) throws(JsonLogicError) -> JSONValue {
        let path = try operand(0, of: args, data, depth: depth) ?? .null
        let fallback = try operand(1, of: args, data, depth: depth)
        if let found = try resolve(path, in: data, .var) { return found }
        return fallback ?? .null
    }

    /// The value at `path` in `data`, or nil when absent.
    mutating func resolve(_ path: JSONValue, in data: JSONValue, _ op: Operator) throws(JsonLogicError) -> JSONValue? {
        let key: String
        switch path {
        case .null: return data
        case .string(let s): key = s
        case .number(let x):
            guard x.isFinite else { throw .notANumber(op: op.name) }
            key = NumberFormatting.javaScriptString(x)
        default:
            throw .badArguments(op: op.name, reason: "a path must be a string, a number or null, not a \(path.typeName)")
        }
        if key.isEmpty { return data }
        try charge(GasSchedule.scan(key.utf8.count))
        var current = data
        for segment in key.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            try charge(GasSchedule.pathSegment)
            guard let next = child(of: current, segment: String(decoding: segment, as: UTF8.self)) else { return nil }
            current = next
        }
        return current
    }

    /// A member of an object, or an element of an array when `segment` is a canonical index.
    func child(of container: JSONValue, segment: String) -> JSONValue? {
        switch container {
        case .object(let object):
            return object[segment]
        case .array(let items):
            guard let index = Self.arrayIndex(segment), index < items.count else { return nil }
            return items[index]
        default:
            return nil
        }
    }

    /// "0" or a decimal without leading zeros, as JavaScript array indexes are spelled.
    static func arrayIndex(_ segment: String) -> Int? {
        let bytes = Array(segment.utf8)
        guard !bytes.isEmpty, bytes.count <= 15, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        guard bytes.count == 1 || bytes[0] != 0x30 else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    /// {"val": [k1, k2, …]}: each operand is one segment (a key, or an integer index for arrays), with
    /// no dot splitting; no operands is the whole data; a missing value is null. The scope-climbing
    /// form ([[n], …]) of the community proposal is not supported.
    mutating func value(_ args: JSONValue, _ data: JSONValue, depth: Int) throws(JsonLogicError) -> JSONValue {
        var current = data
        var found = true
        for segment in try evaluateOperands(args, data, depth: depth) {
            try charge(GasSchedule.pathSegment)
            guard found else { continue }
            switch segment {
            case .string(let key):
                try charge(GasSchedule.scan(key.utf8.count))
                if let next = child(of: current, segment: key) { current = next } else { found = false }
            case .number(let x):
                guard x.isFinite else { throw .notANumber(op: Operator.val.name) }
                if let next = child(of: current, segment: NumberFormatting.javaScriptString(x)) { current = next } else { found = false }
            default:
                throw .badArguments(op: Operator.val.name, reason: "a segment must be a string or a number, not a \(segment.typeName)")
            }
        }
        return found ? current : .null
    }

    /// {"missing": [k1, k2, …]} (or a single operand that evaluates to the key array): the keys whose
    /// value is absent, null or "".
    mutating func missing(_ args: JSONValue, _ data: JSONValue, depth: Int) throws(JsonLogicError) -> JSONValue {
        let values = try evaluateOperands(args, data, depth: depth)
        let keys: [JSONValue]
        if let first = values.first, case .array(let list) = first { keys = list } else { keys = values }
        return .array(try missingKeys(keys, in: data, .missing))
    }

    func isPresent(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?: return false
        case .string(let s)?: return !s.isEmpty
        default: return true
        }
    }

    mutating func missingKeys(_ keys: [JSONValue], in data: JSONValue, _ op: Operator) throws(JsonLogicError) -> [JSONValue] {
        try checkCollection(keys.count)
        var absent: [JSONValue] = []
        for key in keys {
            try charge(GasSchedule.operand)
            if !isPresent(try resolve(key, in: data, op)) {
                try charge(GasSchedule.element)
                absent.append(key)
            }
        }
        return absent
    }

    /// {"missing_some": [need, keys]}: [] when at least `need` keys are present, else the missing keys.
    mutating func missingSome(_ args: JSONValue, _ data: JSONValue, depth: Int) throws(JsonLogicError) -> JSONValue {
        let items = Operator.operands(args)
        let need = try number(try evaluate(items[0], data, depth: depth + 1), .missingSome)
        guard case .array(let keys) = try evaluate(items[1], data, depth: depth + 1) else {
            throw .badArguments(op: Operator.missingSome.name, reason: "the keys must be an array")
        }
        let absent = try missingKeys(keys, in: data, .missingSome)
        return Double(keys.count - absent.count) >= need ? .array([]) : .array(absent)
    }
}
