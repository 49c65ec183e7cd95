import Foundation
import Testing

@testable import JsonLogic

/// Our number formatting and decimal parsing, against RFC 8785's vectors and, on many random inputs,
/// against independent implementations (Swift's shortest-digits `description`; the C library's
/// correctly rounded `strtod` behind `Double(String)`).
@Suite("Numbers: JavaScript formatting and correctly rounded parsing")
struct NumberTests {
    /// RFC 8785 Appendix B (IEEE-754 bit pattern → ES6 text).
    static let rfc8785Vectors: [(UInt64, String)] = [
        (0x0000_0000_0000_0000, "0"),
        (0x8000_0000_0000_0000, "0"),
        (0x0000_0000_0000_0001, "5e-324"),
        (0x8000_0000_0000_0001, "-5e-324"),
        (0x7FEF_FFFF_FFFF_FFFF, "1.7976931348623157e+308"),
        (0xFFEF_FFFF_FFFF_FFFF, "-1.7976931348623157e+308"),
        (0x4340_0000_0000_0000, "9007199254740992"),
        (0xC340_0000_0000_0000, "-9007199254740992"),
        (0x4430_0000_0000_0000, "295147905179352830000"),
        (0x44B5_2D02_C7E1_4AF5, "9.999999999999997e+22"),
        (0x44B5_2D02_C7E1_4AF6, "1e+23"),
        (0x44B5_2D02_C7E1_4AF7, "1.0000000000000001e+23"),
        (0x444B_1AE4_D6E2_EF4E, "999999999999999700000"),
        (0x444B_1AE4_D6E2_EF4F, "999999999999999900000"),
        (0x444B_1AE4_D6E2_EF50, "1e+21"),
        (0x3EB0_C6F7_A0B5_ED8C, "9.999999999999997e-7"),
        (0x3EB0_C6F7_A0B5_ED8D, "0.000001"),
        (0x41B3_DE43_5555_5553, "333333333.3333332"),
        (0x41B3_DE43_5555_5554, "333333333.33333325"),
        (0x41B3_DE43_5555_5555, "333333333.3333333"),
        (0x41B3_DE43_5555_5556, "333333333.3333334"),
        (0x41B3_DE43_5555_5557, "333333333.33333343"),
        (0xBECB_F647_612F_3696, "-0.0000033333333333333333"),
        (0x4314_3FF3_C1CB_0959, "1424953923781206.2"),
    ]

    @Test func rfc8785NumberVectors() throws {
        for (bits, text) in Self.rfc8785Vectors {
            let x = Double(bitPattern: bits)
            #expect(NumberFormatting.javaScriptString(x) == text, "\(String(bits, radix: 16))")
            // And back: the text parses to the same double (except -0, which we read as 0).
            let parsed = try JSONValue(parsing: text)
            #expect(parsed == .number(x), "\(text)")
        }
    }

    @Test func javaScriptLayout() {
        let cases: [(Double, String)] = [
            (1, "1"), (-1, "-1"), (0.5, "0.5"), (-0.5, "-0.5"), (3.14, "3.14"), (100, "100"),
            (1e21, "1e+21"), (1e20, "100000000000000000000"), (123e18, "123000000000000000000"),
            (1e-6, "0.000001"), (1e-7, "1e-7"), (1.5e-7, "1.5e-7"), (0.1, "0.1"), (0.1 + 0.2, "0.30000000000000004"),
            (1.7976931348623157e308, "1.7976931348623157e+308"), (2.5e-8, "2.5e-8"), (123456.789, "123456.789"),
            (9007199254740994, "9007199254740994"), (4.35, "4.35"), (1e16, "10000000000000000"),
        ]
        for (x, text) in cases { #expect(NumberFormatting.javaScriptString(x) == text, "\(x)") }
    }

    /// (digits, n) from Swift's own shortest round-trip `description`, for comparison.
    static func swiftShortest(_ x: Double) -> ([UInt8], Int) {
        var text = x.description
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...])!
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let integer = Array(parts[0].utf8).map { $0 - 48 }
        let fraction = parts.count > 1 ? Array(parts[1].utf8).map { $0 - 48 } : []
        var digits = integer + fraction
        var n = integer.count + exponent
        while digits.first == 0 {
            digits.removeFirst()
            n -= 1
        }
        while digits.last == 0 { digits.removeLast() }
        return (digits, n)
    }

    @Test func shortestDigitsAgreeWithSwiftOnRandomDoubles() {
        var rng = SplitMix64(seed: 0x5EED_0001)
        var checked = 0
        for i in 0..<24_000 {
            let bits: UInt64
            switch i % 3 {
            case 0: bits = rng.next() & 0x7FFF_FFFF_FFFF_FFFF  // any positive pattern
            case 1: bits = (rng.next() & 0x000F_FFFF_FFFF_FFFF) | (UInt64(1023 - 60 + Int(rng.next() % 120)) << 52)  // moderate
            default: bits = rng.next() % 0x0010_0000_0000_0000 + 1  // subnormal
            }
            let x = Double(bitPattern: bits)
            guard x.isFinite, x > 0 else { continue }
            let ours = NumberFormatting.shortestDigits(x)
            let swift = Self.swiftShortest(x)
            #expect(ours.digits == swift.0 && ours.n == swift.1, "\(x) bits \(String(bits, radix: 16))")
            checked += 1
        }
        #expect(checked > 20_000)
    }

    @Test func formattingRoundTripsThroughOurParser() throws {
        var rng = SplitMix64(seed: 0x5EED_0002)
        for _ in 0..<20_000 {
            let x = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)
            guard x.isFinite else { continue }
            let text = NumberFormatting.javaScriptString(x)
            let value = try JSONValue(parsing: text)
            #expect(value == .number(x), "\(text)")
            #expect(DecimalConversion.parseJavaScriptNumber(text) == x)
        }
    }

    /// Exact decimal text of an integer held in limbs (test helper: long division by 10^9).
    static func decimalText(_ value: BigUInt) -> String {
        var limbs = value.limbs
        var chunks: [UInt32] = []
        while !limbs.isEmpty {
            var remainder: UInt64 = 0
            for i in limbs.indices.reversed() {
                let current = remainder << 32 | UInt64(limbs[i])
                limbs[i] = UInt32(current / 1_000_000_000)
                remainder = current % 1_000_000_000
            }
            chunks.append(UInt32(remainder))
            while limbs.last == 0 { limbs.removeLast() }
        }
        guard let top = chunks.popLast() else { return "0" }
        var text = String(top)
        for chunk in chunks.reversed() {
            let s = String(chunk)
            text += String(repeating: "0", count: 9 - s.count) + s
        }
        return text
    }

    /// The exact decimal text of the midpoint between `x` and the next double up.
    static func midpointText(_ x: Double) -> String {
        let bits = x.bitPattern
        let biased = Int(bits >> 52)
        let f = biased == 0 ? bits & ((1 << 52) - 1) : (bits & ((1 << 52) - 1)) | (1 << 52)
        let e = (biased == 0 ? -1074 : biased - 1075) - 1  // midpoint = (2f + 1) · 2^e
        var n = BigUInt(2 * f + 1)
        if e >= 0 {
            n.shiftLeft(e)
            return decimalText(n)
        }
        // (2f+1) / 2^-e = (2f+1) · 5^-e / 10^-e
        for _ in 0..<(-e) { n.multiply(by: 5) }
        return decimalText(n) + "e\(e)"
    }

    @Test func parsingAgreesWithStrtodOnHalfwayCases() throws {
        var rng = SplitMix64(seed: 0x5EED_0003)
        for i in 0..<3_000 {
            let bits: UInt64 = i % 4 == 0 ? rng.next() % 0x0010_0000_0000_0000 : rng.next() % 0x7FEF_FFFF_FFFF_FFFF
            let x = Double(bitPattern: bits)
            let mid = Self.midpointText(x)
            let (mantissa, exponent) = mid.contains("e")
                ? (String(mid[..<mid.firstIndex(of: "e")!]), String(mid[mid.index(after: mid.firstIndex(of: "e")!)...]))
                : (mid, "0")
            let variants = [
                mid,  // exactly halfway: ties to even
                mantissa + "0000000000000001e" + String(Int(exponent)! - 16),  // just above
                String(mantissa.dropLast()) + "e" + String(Int(exponent)! + 1),  // truncated: just below
            ]
            for text in variants {
                let expected = Double(text)!
                #expect(DecimalConversion.parseJavaScriptNumber(text) == expected, "\(text)")
            }
        }
    }

    @Test func parsingAgreesWithStrtodOnRandomDecimals() {
        var rng = SplitMix64(seed: 0x5EED_0004)
        for _ in 0..<20_000 {
            let length = Int(rng.next() % 40) + 1
            var digits = ""
            for _ in 0..<length { digits.append(Character(Unicode.Scalar(UInt8(48 + rng.next() % 10)))) }
            let exponent = Int(rng.next() % 700) - 350
            let text = digits + "e" + String(exponent)
            let expected = Double(text)!
            let ours = DecimalConversion.parseJavaScriptNumber(text)
            if expected.isInfinite {
                #expect(ours == nil, "\(text)")
            } else {
                #expect(ours == expected, "\(text)")
            }
        }
    }

    @Test func parsingEdgeCases() {
        let cases: [(String, Double?)] = [
            ("4.9406564584124654e-324", .leastNonzeroMagnitude),
            ("2.4703282292062327e-324", 0),
            ("2.4703282292062328e-324", .leastNonzeroMagnitude),
            ("2.2250738585072011e-308", Double(bitPattern: 0x000F_FFFF_FFFF_FFFF)),
            ("2.2250738585072012e-308", 2.2250738585072014e-308),
            ("1.7976931348623157e308", 1.7976931348623157e308),
            ("1.7976931348623158e308", 1.7976931348623157e308),
            ("1.7976931348623159e308", nil),
            ("1e309", nil), ("1e-400", 0), ("0e999999999999", 0), ("1e-999999999999", 0),
            ("9007199254740993", 9007199254740992), ("9007199254740995", 9007199254740996),
            (String(repeating: "1", count: 900) + "e-900", Double(String(repeating: "1", count: 900) + "e-900")),
            ("0." + String(repeating: "0", count: 1000) + "1e1001", 1),
        ]
        for (text, expected) in cases {
            #expect(DecimalConversion.parseJavaScriptNumber(text) == expected, "\(text)")
        }
    }

    @Test func javaScriptStringToNumberGrammar() {
        let cases: [(String, Double?)] = [
            ("", 0), ("  ", 0), (" 12 ", 12), ("\n\t1.5\u{00A0}", 1.5), ("+5", 5), ("-5", -5), (".5", 0.5),
            ("5.", 5), ("1e2", 100), ("1E+2", 100), ("1e-2", 0.01), ("-0", 0), ("007", 7),
            ("1e", nil), (".", nil), ("-", nil), ("+", nil), ("e5", nil), ("0x10", nil), ("0b1", nil),
            ("Infinity", nil), ("-Infinity", nil), ("NaN", nil), ("1_000", nil), ("1 2", nil),
            ("１", nil), ("1,5", nil), ("--1", nil), ("1e1.5", nil),
        ]
        for (text, expected) in cases {
            #expect(DecimalConversion.parseJavaScriptNumber(text) == expected, "\(text.debugDescription)")
        }
    }
}

/// A small deterministic generator, so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
