/// `+ - * / %`, `max`, `min`. IEEE-754 double arithmetic with only correctly rounded basic
/// operations (+, −, ×, ÷ and the exact remainder), so results are bit-identical everywhere. A NaN or
/// infinite result, and any division by zero, is a `notANumber` error.
extension Evaluator {
    mutating func arithmetic(_ op: Operator, _ args: JSONValue, _ data: JSONValue, depth: Int) throws(JsonLogicError) -> JSONValue {
        var numbers: [Double] = []
        for operand in Operator.operands(args) {
            let value = try evaluate(operand, data, depth: depth + 1)
            try charge(GasSchedule.operand)
            numbers.append(try number(value, op))
        }
        switch op {
        case .add:
            var sum = 0.0
            for x in numbers { sum = try checked(sum + x, op) }
            return try finite(sum, op)
        case .multiply:
            var product = 1.0
            for x in numbers { product = try checked(product * x, op) }
            return try finite(product, op)
        case .subtract:
            if numbers.count == 1 { return try finite(-numbers[0], op) }
            var difference = numbers[0]
            for x in numbers.dropFirst() { difference = try checked(difference - x, op) }
            return try finite(difference, op)
        case .divide:
            // One operand: the reciprocal.
            var quotient = numbers.count == 1 ? 1.0 : numbers[0]
            for x in numbers.count == 1 ? numbers[...] : numbers.dropFirst() {
                guard x != 0 else { throw .notANumber(op: op.name) }
                quotient = try checked(quotient / x, op)
            }
            return try finite(quotient, op)
        case .modulo:
            var remainder = numbers[0]
            for x in numbers.dropFirst() {
                guard x != 0 else { throw .notANumber(op: op.name) }
                // fmod: exact, sign of the dividend, like JavaScript's %.
                remainder = remainder.truncatingRemainder(dividingBy: x)
            }
            return try finite(remainder, op)
        case .max:
            return try finite(numbers.dropFirst().reduce(numbers[0]) { $1 > $0 ? $1 : $0 }, op)
        case .min:
            return try finite(numbers.dropFirst().reduce(numbers[0]) { $1 < $0 ? $1 : $0 }, op)
        default:
            preconditionFailure("not arithmetic: \(op)")
        }
    }

    private func checked(_ x: Double, _ op: Operator) throws(JsonLogicError) -> Double {
        guard x.isFinite else { throw .notANumber(op: op.name) }
        return x
    }
}
