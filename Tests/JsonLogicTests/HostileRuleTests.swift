import Testing

@testable import JsonLogic

/// Rules written to exhaust a validator: each must fail cleanly with outOfGas / tooLarge / tooDeep,
/// after bounded work (gas is charged before the work it pays for) and without large allocations
/// (sizes are checked before anything is built).
@Suite("JsonLogic hostile rules")
struct HostileRuleTests {
    static let numbers: JSONValue = .array((0..<10_000).map { .number(Double($0)) })
    static let square: JSONValue = .array(Array(repeating: numbers, count: 10_000))
    static let cube: JSONValue = .array(Array(repeating: square, count: 10_000))
    static let data: JSONValue = ["xs": numbers, "cube": cube, "big": .string(String(repeating: "x", count: 60_000))]

    static func outcome(_ rule: String, budget: Budget = .default) throws -> JsonLogic.Outcome {
        JsonLogic.run(rule: try JSONValue(parsing: rule, maxDepth: JSONValue.parserDepthCeiling), data: data, budget: budget)
    }

    @Test func nestedMapsOverALargeArrayRunOutOfGas() throws {
        // 10,000 × 10,000 × 10,000 iterations if it were allowed to run ("cube" shares one array).
        let rule = #"{"map": [{"var": "cube"}, {"map": [{"var": ""}, {"map": [{"var": ""}, {"+": [{"var": ""}, 1]}]}]}]}"#
        let outcome = try Self.outcome(rule)
        #expect(outcome.result == .failure(.outOfGas(limit: Budget.default.maxGas)))
        #expect(outcome.gasUsed == Budget.default.maxGas)
    }

    @Test func crossProductRunsOutOfGas() throws {
        // For each of 10,000 elements, a filter over a 20-element array built by merge.
        let rule = #"{"map": [{"var": "xs"}, {"filter": [{"merge": [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]}, {">": [{"var": ""}, 5]}]}]}"#
        let outcome = try Self.outcome(rule, budget: Budget(maxGas: 50_000, maxDepth: 64, maxCollectionSize: 10_000, maxStringLength: 65_536))
        #expect(outcome.result == .failure(.outOfGas(limit: 50_000)))
        #expect(outcome.gasUsed == 50_000)
    }

    @Test func hugeCatIsTooLargeBeforeBuilding() throws {
        let pieces = Array(repeating: #"{"var": "big"}"#, count: 100).joined(separator: ",")
        let outcome = try Self.outcome(#"{"cat": [\#(pieces)]}"#)
        #expect(outcome.result == .failure(.tooLarge(what: "string of 120000 bytes", limit: 65_536)))
        #expect(outcome.gasUsed < 1_000)  // stopped at the second piece, nothing built
    }

    @Test func doublingStringsInReduceAreTooLarge() throws {
        let rule = #"{"reduce": [{"var": "xs"}, {"cat": [{"var": "accumulator"}, {"var": "accumulator"}]}, "ab"]}"#
        let outcome = try Self.outcome(rule)
        guard case .failure(.tooLarge) = outcome.result else {
            Issue.record("expected tooLarge, got \(outcome.result)")
            return
        }
        #expect(outcome.gasUsed < Budget.default.maxGas)
    }

    @Test func doublingArraysInReduceAreTooLarge() throws {
        let rule = #"{"reduce": [{"var": "xs"}, {"merge": [{"var": "accumulator"}, {"var": "accumulator"}]}, [1]]}"#
        let outcome = try Self.outcome(rule, budget: Budget(maxGas: 10_000_000, maxDepth: 64, maxCollectionSize: 10_000, maxStringLength: 65_536))
        #expect(outcome.result == .failure(.tooLarge(what: "array of 16384 elements", limit: 10_000)))
    }

    @Test func nestingAnAccumulatorIsTooDeep() throws {
        let rule = #"{"reduce": [{"var": "xs"}, [{"var": "accumulator"}], null]}"#
        let outcome = try Self.outcome(rule)
        #expect(outcome.result == .failure(.tooDeep(limit: 64)))
    }

    @Test func deeplyNestedRulesAreTooDeep() throws {
        // Deeper than the parser accepts, so built in code.
        var rule: JSONValue = 1
        for _ in 0..<1_000 { rule = ["!": rule] }
        let outcome = JsonLogic.run(rule: rule, data: Self.data)
        #expect(outcome.result == .failure(.tooDeep(limit: 64)))
        #expect(throws: JsonLogicError.tooDeep(limit: 64)) { try JsonLogic.validate(rule: rule) }
        // Even a budget asking for more is held to the ceiling.
        let greedy = Budget(maxGas: .max, maxDepth: .max, maxCollectionSize: .max, maxStringLength: .max)
        #expect(greedy.maxDepth == Budget.depthCeiling)
        #expect(JsonLogic.run(rule: rule, data: .null, budget: greedy).result == .failure(.tooDeep(limit: Budget.depthCeiling)))
        let text = String(repeating: #"{"!": "#, count: 1_000) + "1" + String(repeating: "}", count: 1_000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text, maxDepth: .max) }
    }

    @Test func maximumDepthEvaluatesWithoutExhaustingTheStack() throws {
        let depth = Budget.depthCeiling
        let rule = String(repeating: #"{"!": "#, count: depth - 1) + "1" + String(repeating: "}", count: depth - 1)
        let budget = Budget(maxGas: 1_000_000, maxDepth: depth, maxCollectionSize: 10, maxStringLength: 10)
        let outcome = try Self.outcome(rule, budget: budget)
        #expect(outcome.result == .success(.bool((depth - 1) % 2 == 0)))  // depth − 1 negations of 1
    }

    @Test func longPathsAndBigComparisonsArePaidFor() throws {
        let path = Array(repeating: "a", count: 30_000).joined(separator: ".")
        // Scanning the 60 KB path (7,500 gas) is paid before any lookup.
        let outcome = try Self.outcome(#"{"var": "\#(path)"}"#, budget: Budget(maxGas: 5_000, maxDepth: 64, maxCollectionSize: 10_000, maxStringLength: 65_536))
        #expect(outcome.result == .failure(.outOfGas(limit: 5_000)))
        // Comparing two 60 KB strings costs ⌈60000 / 8⌉ = 7500 gas.
        let compare = try Self.outcome(#"{"==": [{"var": "big"}, {"var": "big"}]}"#)
        #expect(compare.result == .success(true))
        #expect(compare.gasUsed > 7_500)
    }

    @Test func hugeArrayLiteralsAndDataAreTooLarge() throws {
        let literal = "[" + Array(repeating: "0", count: 10_001).joined(separator: ",") + "]"
        #expect(try Self.outcome(literal).result == .failure(.tooLarge(what: "array of 10001 elements", limit: 10_000)))
        let small = Budget(maxGas: 1_000_000, maxDepth: 64, maxCollectionSize: 100, maxStringLength: 100)
        #expect(try Self.outcome(#"{"map": [{"var": "xs"}, 1]}"#, budget: small).result == .failure(.tooLarge(what: "array of 10000 elements", limit: 100)))
        #expect(try Self.outcome(#"{"in": [1, {"var": "xs"}]}"#, budget: small).result == .failure(.tooLarge(what: "array of 10000 elements", limit: 100)))
        #expect(try Self.outcome(#"{"substr": [{"var": "big"}, 0, 200]}"#, budget: small).result == .failure(.tooLarge(what: "string of 200 bytes", limit: 100)))
    }

    @Test func longNumericStringsConvertInBoundedWork() throws {
        let digits = String(repeating: "7", count: 50_000)
        let rule = JSONValue.object(try JSONObject(uniqueKeysWithValues: [("+", JSONValue.array([.string(digits + "e-50000")]))]))
        let (value, gas) = try JsonLogic.evaluate(rule: rule, data: .null)
        #expect(value == .number(Double("0." + String(repeating: "7", count: 20))!))
        #expect(gas > 50_000 / 8)
    }
}

/// String → number conversions are paid by the work they do: "1e-307" (6 bytes) runs a long
/// division on 1,000-bit integers, measured at about 3,000× a plain step when it cost 1 gas of
/// scanning (812 ns per transaction gas against a transfer's 4.6).
@Suite("JsonLogic number conversion cost")
struct NumberConversionCostTests {
    static func gas(_ rule: String) throws -> UInt64 {
        try JsonLogic.evaluate(rule: JSONValue(parsing: rule), data: .null).gasUsed
    }

    @Test func aStringConversionCostsMoreThanANumberLiteral() throws {
        #expect(try Self.gas(#"{"+": ["1"]}"#) >= Self.gas(#"{"+": [1]}"#) + GasSchedule.numberParse)
    }

    @Test func anExtremeLiteralPaysItsBigIntegerWork() throws {
        let plain = try Self.gas(#"{"+": ["1"]}"#)
        let extreme = try Self.gas(#"{"+": ["1e-307"]}"#)
        #expect(extreme >= plain + 300, "1e-307 cost \(extreme), \"1\" cost \(plain)")
        // 800 digits at the bottom of the range: the largest work a literal can ask for.
        let digits = String(repeating: "7", count: 790)
        #expect(try Self.gas(#"{"+": [""# + digits + #"e-1097"]}"#) >= plain + 4_000)
        #expect(DecimalConversion.slowPathGas(try #require(DecimalConversion.javaScriptLiteral("1e-400"))) == 0)
    }

    @Test func conversionsStillGiveTheSameNumbers() throws {
        #expect(try JsonLogic.evaluate(rule: JSONValue(parsing: #"{"+": ["1e-307", " 2.5 ", ""]}"#), data: .null).value == .number(1e-307 + 2.5))
    }
}

/// Number → text pays for the free-format algorithm's big integers: `cat` of 2.2250738585072014e-308
/// was charged its 23 bytes and measured at 63 ns per transaction gas (13.6× a transfer).
@Suite("JsonLogic number formatting cost")
struct NumberFormattingCostTests {
    @Test func formattingAnExtremeDoublePaysItsWork() throws {
        let small = try JsonLogic.evaluate(rule: JSONValue(parsing: #"{"cat": [2.2250738585072014e-308]}"#), data: .null)
        let integer = try JsonLogic.evaluate(rule: JSONValue(parsing: #"{"cat": [12345678901234567]}"#), data: .null)
        #expect(small.value == .string("2.2250738585072014e-308"))
        #expect(small.gasUsed >= integer.gasUsed + 400, "tiny double \(small.gasUsed), integer \(integer.gasUsed)")
        #expect(NumberFormatting.formattingGas(42) == 0)
        #expect(NumberFormatting.formattingGas(0.5) > 0)
    }
}
