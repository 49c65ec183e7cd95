/// Decimal text → Double, correctly rounded (round to nearest, ties to even), in our own code: no
/// `strtod`, no locale, no platform library. Correct rounding has exactly one answer, so every machine
/// computes the same double. Used by the JSON parser and by JsonLogic's string → number coercion.
enum DecimalConversion {
    /// A decimal number: (-1)^negative × digits × 10^exponent, digits being values 0...9.
    struct Literal {
        var negative: Bool
        var digits: [UInt8]
        var exponent: Int
    }

    /// Exponents beyond this are saturated while lexing; any such value is 0 or out of range anyway.
    static let exponentClamp = 1_000_000

    /// Digits kept before the rest is folded into a sticky digit. 768 significant digits always
    /// suffice to round a double correctly; the extra sticky digit stands for "more, and not zero".
    static let maxSignificantDigits = 800

    /// The double nearest to the literal, or nil when it rounds to ±infinity.
    /// Zero results are +0 (we never produce -0).
    static func double(_ literal: Literal) -> Double? {
        let digits = literal.digits
        var start = digits.startIndex
        while start < digits.endIndex && digits[start] == 0 { start += 1 }
        var end = digits.endIndex
        while end > start && digits[end - 1] == 0 { end -= 1 }
        if start == end { return 0 }

        var exponent = literal.exponent + (digits.endIndex - end)
        var significand = digits[start..<end]
        if significand.count > maxSignificantDigits {
            // The dropped tail ends in a non-zero digit (trailing zeros were stripped).
            exponent += significand.count - (maxSignificantDigits + 1)
            significand = ArraySlice(Array(significand.prefix(maxSignificantDigits)) + [1])
        }
        // value ∈ [10^(e10-1), 10^e10)
        let e10 = significand.count + exponent
        if e10 > 310 { return nil }
        if e10 <= -324 { return 0 }  // below half the smallest subnormal (≈2.47e-324)

        let magnitude: Double?
        if significand.count <= 15 && exponent >= -22 && exponent <= 22 {
            magnitude = fastPath(significand, exponent)
        } else {
            magnitude = slowPath(significand, exponent)
        }
        guard let m = magnitude else { return nil }
        return literal.negative && m != 0 ? -m : m
    }

    /// Clinger's fast path: both operands exact in binary, one correctly rounded IEEE operation.
    private static func fastPath(_ significand: ArraySlice<UInt8>, _ exponent: Int) -> Double {
        var m: UInt64 = 0
        for d in significand { m = m * 10 + UInt64(d) }
        let x = Double(m)  // exact: m < 10^15 < 2^53
        return exponent >= 0 ? x * exactPowersOf10[exponent] : x / exactPowersOf10[-exponent]
    }

    /// 10^0 ... 10^22, all exactly representable as doubles.
    static let exactPowersOf10: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Exact big-integer division: value = n / m, rounded to the precision of its binade.
    private static func slowPath(_ significand: ArraySlice<UInt8>, _ exponent: Int) -> Double? {
        var n = BigUInt(decimalDigits: significand)
        var m = BigUInt(1)
        if exponent >= 0 { n.multiply(byPowerOf10: exponent) } else { m.multiply(byPowerOf10: -exponent) }

        // L = floor(log2(n / m))
        let b = n.bitWidth - m.bitWidth
        let atLeast = b >= 0
            ? BigUInt.compare(n, m.shiftedLeft(b)) >= 0
            : BigUInt.compare(n.shiftedLeft(-b), m) >= 0
        var l = atLeast ? b : b - 1
        if l > 1023 { return nil }
        // Significand bits available in this binade: 53 for normal numbers, fewer below 2^-1022.
        let bits = l >= -1022 ? 53 : 1075 + l
        if bits < 0 { return 0 }

        // q = floor(n · 2^s / m) has exactly bits + 1 bits: the significand and one rounding bit.
        let s = bits - l
        if s >= 0 { n.shiftLeft(s) } else { m.shiftLeft(-s) }
        var q: UInt64 = 0
        var i = bits
        while i >= 0 {
            let t = m.shiftedLeft(i)
            if BigUInt.compare(n, t) >= 0 {
                n.subtract(t)
                q |= 1 << UInt64(i)
            }
            i -= 1
        }
        let sticky = !n.isZero
        var mantissa = q >> 1
        if q & 1 == 1 && (sticky || mantissa & 1 == 1) { mantissa += 1 }

        if l >= -1022 {
            if mantissa == 1 << 53 {
                mantissa >>= 1
                l += 1
            }
            if l > 1023 { return nil }
            return Double(bitPattern: UInt64(l + 1023) << 52 | (mantissa & ((1 << 52) - 1)))
        }
        // Subnormal; a mantissa rounded up to 2^52 is exactly the smallest normal number's pattern.
        return Double(bitPattern: mantissa)
    }

    // MARK: Lexing

    /// JavaScript's StringToNumber, restricted to decimal literals (see Docs/POLICIES.md):
    /// surrounding JS white space is ignored, the empty string is 0, then an optional sign, digits
    /// with an optional fraction (".5" and "5." are allowed) and an optional exponent.
    /// "Infinity", hexadecimal/octal/binary prefixes and everything else are not numbers (nil).
    static func parseJavaScriptNumber(_ text: String) -> Double? {
        guard let literal = javaScriptLiteral(text) else { return nil }
        return double(literal)
    }

    /// The gas a conversion of `literal` costs beyond scanning its text: nothing on the fast path;
    /// on the slow path one gas per 16 limb operations of its big integers, whose sizes follow the
    /// significant digits and the decimal exponent (about ⌈(d + |e|) / 9.6⌉ 32-bit limbs, each
    /// touched per 9-digit chunk, per 10^9 scaling step and about 3 times per result bit). A
    /// 6-byte "1e-307" runs the long division on 1,000-bit numbers: it must not cost 1 gas.
    static func slowPathGas(_ literal: Literal) -> UInt64 {
        let d = min(literal.digits.count, maxSignificantDigits + 1)
        let e = min(abs(literal.exponent), 2 * exponentClamp)
        if d <= 15 && literal.exponent >= -22 && literal.exponent <= 22 { return 0 }
        // Exponents that saturate to 0 or infinity stop before any big-integer work.
        let e10 = d + literal.exponent
        if e10 > 310 || e10 <= -324 { return 0 }
        let limbs = UInt64((d + e) * 10 / 96 + 2)
        let work = limbs * UInt64(d / 9 + e / 9 + 3 * 54)
        return (work + 15) / 16
    }

    /// The lexing half of `parseJavaScriptNumber`: the literal, or nil when the text is not one.
    static func javaScriptLiteral(_ text: String) -> Literal? {
        let scalars = Array(text.unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end && isJavaScriptWhiteSpace(scalars[start]) { start += 1 }
        while end > start && isJavaScriptWhiteSpace(scalars[end - 1]) { end -= 1 }
        if start == end { return Literal(negative: false, digits: [], exponent: 0) }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(end - start)
        for s in scalars[start..<end] {
            guard s.isASCII else { return nil }
            bytes.append(UInt8(s.value))
        }
        var i = 0
        var literal = Literal(negative: false, digits: [], exponent: 0)
        if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            literal.negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var integerDigits = 0
        while i < bytes.count, let d = digit(bytes[i]) {
            literal.digits.append(d)
            integerDigits += 1
            i += 1
        }
        var fractionDigits = 0
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < bytes.count, let d = digit(bytes[i]) {
                literal.digits.append(d)
                fractionDigits += 1
                i += 1
            }
        }
        guard integerDigits + fractionDigits > 0 else { return nil }
        var exponent = 0
        if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            guard let (e, next) = lexExponent(bytes, i) else { return nil }
            exponent = e
            i = next
        }
        guard i == bytes.count else { return nil }
        literal.exponent = exponent - fractionDigits
        return literal
    }

    /// Signed exponent digits starting at `i`: (value clamped to ±exponentClamp, index after).
    static func lexExponent(_ bytes: [UInt8], _ start: Int) -> (Int, Int)? {
        var i = start
        var negative = false
        if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        let first = i
        var value = 0
        while i < bytes.count, let d = digit(bytes[i]) {
            if value < exponentClamp { value = value * 10 + Int(d) }
            i += 1
        }
        guard i > first else { return nil }
        value = min(value, exponentClamp)
        return (negative ? -value : value, i)
    }

    static func digit(_ byte: UInt8) -> UInt8? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : nil
    }

    /// ECMAScript WhiteSpace and LineTerminator code points (a fixed list: no Unicode tables).
    static func isJavaScriptWhiteSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F,
            0x205F, 0x3000, 0xFEFF:
            return true
        default:
            return false
        }
    }
}
