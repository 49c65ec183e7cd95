/// `cat` and `substr`. Sizes are computed and checked against `maxStringLength`, and paid for,
/// before any string is built.
extension Evaluator {
    /// The texts of all operands, joined.
    mutating func concatenate(_ args: JSONValue, _ data: JSONValue, depth: Int) throws(JsonLogicError) -> JSONValue {
        var pieces: [String] = []
        var total = 0
        for operand in Operator.operands(args) {
            let value = try evaluate(operand, data, depth: depth + 1)
            try charge(GasSchedule.operand)
            let piece = try text(value, .cat)
            total += piece.utf8.count
            try checkString(total)
            pieces.append(piece)
        }
        try charge(GasSchedule.byteBuilt, times: total)
        var out = ""
        out.reserveCapacity(total)
        for piece in pieces { out += piece }
        return .string(out)
    }

    /// [text, start(, length)] with JavaScript `substr` semantics, counted in Unicode scalars: a
    /// negative start counts from the end; a negative length drops that many characters from the
    /// end; positions are clamped to the text.
    mutating func substring(_ args: JSONValue, _ data: JSONValue, depth: Int) throws(JsonLogicError) -> JSONValue {
        let operands = Operator.operands(args)
        let source = try text(try evaluate(operands[0], data, depth: depth + 1), .substr)
        let start = try integer(try evaluate(operands[1], data, depth: depth + 1))
        let length = operands.count > 2 ? try integer(try evaluate(operands[2], data, depth: depth + 1)) : nil
        try charge(GasSchedule.scan(source.utf8.count))

        let scalars = source.unicodeScalars
        let size = scalars.count
        var from = start < 0 ? max(size + start, 0) : min(start, size)
        from = min(from, size)
        var to = size
        if let length {
            to = length < 0 ? max(size + length, from) : min(from + min(length, size), size)
        }
        let lower = scalars.index(scalars.startIndex, offsetBy: from)
        let upper = scalars.index(lower, offsetBy: max(0, to - from))
        let result = String(scalars[lower..<upper])
        try checkString(result.utf8.count)
        try charge(GasSchedule.byteBuilt, times: result.utf8.count)
        return .string(result)
    }

    /// A number truncated toward zero and clamped to ±2^52 (so index arithmetic cannot overflow).
    private mutating func integer(_ value: JSONValue) throws(JsonLogicError) -> Int {
        let x = try number(value, .substr).rounded(.towardZero)
        let limit = 4_503_599_627_370_496.0
        return Int(Swift.max(-limit, Swift.min(limit, x)))
    }
}
