/// Double → text exactly as JavaScript's Number.prototype.toString() (ECMA-262 Number::toString,
/// radix 10), which is also the number form of RFC 8785. Our own code: shortest round-trip digits by
/// the Steele–White/Burger–Dybvig free-format algorithm on exact big integers (no platform printf,
/// no Swift `description`), then JavaScript's layout rules.
enum NumberFormatting {
    /// "0" for ±0; "NaN"/"Infinity"/"-Infinity" for non-finite values (never produced by JsonLogic).
    static func javaScriptString(_ x: Double) -> String {
        String(decoding: javaScriptBytes(x), as: UTF8.self)
    }

    static func javaScriptBytes(_ x: Double) -> [UInt8] {
        if x.isNaN { return Array("NaN".utf8) }
        if x.isInfinite { return Array((x < 0 ? "-Infinity" : "Infinity").utf8) }
        if x == 0 { return [UInt8(ascii: "0")] }
        var out: [UInt8] = []
        if x < 0 { out.append(UInt8(ascii: "-")) }
        let v = x.magnitude
        // Integers below 2^53: the shortest digits are the integer's own digits.
        if v < 9_007_199_254_740_992, v.rounded(.towardZero) == v {
            appendDecimal(UInt64(v), to: &out)
            return out
        }
        let (digits, n) = shortestDigits(v)
        let k = digits.count
        func digitBytes<S: Sequence<UInt8>>(_ s: S) -> [UInt8] { s.map { $0 + UInt8(ascii: "0") } }
        if k <= n && n <= 21 {
            out += digitBytes(digits)
            out += repeatElement(UInt8(ascii: "0"), count: n - k)
        } else if 0 < n && n <= 21 {
            out += digitBytes(digits[0..<n])
            out.append(UInt8(ascii: "."))
            out += digitBytes(digits[n...])
        } else if -6 < n && n <= 0 {
            out += [UInt8(ascii: "0"), UInt8(ascii: ".")]
            out += repeatElement(UInt8(ascii: "0"), count: -n)
            out += digitBytes(digits)
        } else {
            let e = n - 1
            out += digitBytes(digits[0..<1])
            if k > 1 {
                out.append(UInt8(ascii: "."))
                out += digitBytes(digits[1...])
            }
            out.append(UInt8(ascii: "e"))
            out.append(e < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            appendDecimal(UInt64(e.magnitude), to: &out)
        }
        return out
    }

    private static func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        var reversed: [UInt8] = []
        repeat {
            reversed.append(UInt8(v % 10) + UInt8(ascii: "0"))
            v /= 10
        } while v != 0
        out += reversed.reversed()
    }

    /// The shortest digits d1…dk (values 0...9, d1 ≠ 0) and n such that d1…dk × 10^(n−k) rounds
    /// (ties to even) to `v`; among shortest candidates the one nearest `v`, ties to an even last
    /// digit. `v` must be finite and > 0.
    /// The gas formatting `x` costs beyond the bytes it builds: nothing for integers below 2^53
    /// (printed directly); otherwise one gas per 16 limb operations of the free-format algorithm,
    /// whose integers hold about |binary exponent| + 64 + 3.33·|decimal exponent| bits, touched per
    /// 10^9 scaling step and about 16 times per digit (at most 17 digits). Formatting 2.2e-308
    /// works on 1,100-bit numbers: it must not cost only its 23 output bytes.
    static func formattingGas(_ x: Double) -> UInt64 {
        guard x.isFinite, x != 0 else { return 0 }
        let v = x.magnitude
        if v < 9_007_199_254_740_992, v.rounded(.towardZero) == v { return 0 }
        let biasedExponent = Int((v.bitPattern >> 52) & 0x7FF)
        let e = biasedExponent == 0 ? -1074 : biasedExponent - 1075
        let n = abs((e + 53) * 78913 >> 18) + 1
        let limbs = (abs(e) + 64 + n * 10 / 3) / 32 + 2
        let work = UInt64(limbs * (n / 9 + 17 * 16))
        return (work + 15) / 16
    }

    static func shortestDigits(_ v: Double) -> (digits: [UInt8], n: Int) {
        precondition(v.isFinite && v > 0)
        let bits = v.bitPattern
        let biasedExponent = Int((bits >> 52) & 0x7FF)
        let fraction = bits & ((1 << 52) - 1)
        let f: UInt64
        let e: Int
        if biasedExponent == 0 {
            f = fraction
            e = -1074
        } else {
            f = fraction | (1 << 52)
            e = biasedExponent - 1075
        }
        // Round-half-even input: the interval ends belong to v when its significand is even.
        let inclusive = f & 1 == 0
        // v = r / s; the rounding interval is (v − mMinus/s, v + mPlus/s).
        var r: BigUInt
        var s: BigUInt
        var mPlus: BigUInt
        var mMinus: BigUInt
        let unequalGaps = f == 1 << 52 && biasedExponent > 1  // lower neighbour is twice as close
        if e >= 0 {
            let be = BigUInt(1).shiftedLeft(e)
            if !unequalGaps {
                r = BigUInt(f).shiftedLeft(e + 1)
                s = BigUInt(2)
                mPlus = be
                mMinus = be
            } else {
                r = BigUInt(f).shiftedLeft(e + 2)
                s = BigUInt(4)
                mPlus = be.shiftedLeft(1)
                mMinus = be
            }
        } else {
            if !unequalGaps {
                r = BigUInt(f).shiftedLeft(1)
                s = BigUInt(1).shiftedLeft(1 - e)
                mPlus = BigUInt(1)
                mMinus = BigUInt(1)
            } else {
                r = BigUInt(f).shiftedLeft(2)
                s = BigUInt(1).shiftedLeft(2 - e)
                mPlus = BigUInt(2)
                mMinus = BigUInt(1)
            }
        }

        // Estimate n = ⌈log10(high)⌉ from below, then fix up. 78913 / 2^18 is slightly below
        // log10(2); one more step down for negative t keeps the estimate low.
        let t = e + (64 - f.leadingZeroBitCount) - 1  // v ∈ [2^t, 2^(t+1))
        var n = ((t * 78913) >> 18) + 1 - (t < 0 ? 1 : 0)
        if n >= 0 {
            s.multiply(byPowerOf10: n)
        } else {
            r.multiply(byPowerOf10: -n)
            mPlus.multiply(byPowerOf10: -n)
            mMinus.multiply(byPowerOf10: -n)
        }
        while true {
            let c = BigUInt.compare(r + mPlus, s)
            if inclusive ? c >= 0 : c > 0 {
                s.multiply(by: 10)
                n += 1
            } else {
                break
            }
        }

        var digits: [UInt8] = []
        while true {
            r.multiply(by: 10)
            mPlus.multiply(by: 10)
            mMinus.multiply(by: 10)
            var d: UInt8 = 0
            while BigUInt.compare(r, s) >= 0 {
                r.subtract(s)
                d += 1
            }
            let low = BigUInt.compare(r, mMinus)
            let high = BigUInt.compare(r + mPlus, s)
            let tc1 = inclusive ? low <= 0 : low < 0
            let tc2 = inclusive ? high >= 0 : high > 0
            if !tc1 && !tc2 {
                digits.append(d)
                continue
            }
            if tc1 && !tc2 {
                digits.append(d)
            } else if !tc1 && tc2 {
                digits.append(d + 1)
            } else {
                let c = BigUInt.compare(r.shiftedLeft(1), s)
                digits.append(c < 0 || (c == 0 && d % 2 == 0) ? d : d + 1)
            }
            break
        }
        // A last digit rounded up to 10 carries into the previous ones.
        var i = digits.count - 1
        while i > 0 && digits[i] == 10 {
            digits[i] = 0
            digits[i - 1] += 1
            i -= 1
        }
        if digits[0] == 10 {
            digits[0] = 1
            n += 1
        }
        while digits.count > 1 && digits.last == 0 { digits.removeLast() }
        return (digits, n)
    }
}
