import Testing

@testable import JsonLogic

/// Dialect behaviour beyond the conformance suites (Docs/POLICIES.md, "JsonLogic dialect"), the gas
/// schedule, and `validate`.
@Suite("JsonLogic evaluator: dialect, gas, validation")
struct EvaluatorTests {
    static func eval(_ rule: String, _ data: String = "null", budget: Budget = .default) throws -> JSONValue {
        try JsonLogic.evaluate(rule: JSONValue(parsing: rule), data: JSONValue(parsing: data), budget: budget).value
    }

    static func error(_ rule: String, _ data: String = "null", budget: Budget = .default) throws -> JsonLogicError? {
        let outcome = JsonLogic.run(rule: try JSONValue(parsing: rule), data: try JSONValue(parsing: data), budget: budget)
        if case .failure(let error) = outcome.result { return error }
        return nil
    }

    static func gas(_ rule: String, _ data: String = "null") throws -> UInt64 {
        try JsonLogic.evaluate(rule: JSONValue(parsing: rule), data: JSONValue(parsing: data)).gasUsed
    }

    // MARK: Dialect

    @Test func stringsCompareAsJavaScriptDoes() throws {
        // UTF-16 order: U+1F600 (D83D DE00) sorts before U+E000.
        #expect(try Self.eval(#"{"<": ["\ue000", "\ud83d\ude00"]}"#) == false)
        #expect(try Self.eval(#"{"<": ["\ud83d\ude00", "\ue000"]}"#) == true)
        #expect(try Self.eval(#"{"<": ["a", "b", "c"]}"#) == true)
        // No canonical equivalence: precomposed é is not e + combining acute.
        #expect(try Self.eval(#"{"==": ["\u00e9", "e\u0301"]}"#) == false)
        #expect(try Self.eval(#"{"in": ["e", "\u00e9"]}"#) == false)
        #expect(try Self.eval(#"{"in": ["\u0301", "e\u0301"]}"#) == true)
    }

    @Test func substrCountsUnicodeScalars() throws {
        #expect(try Self.eval(#"{"substr": ["a😀b", 1, 1]}"#) == "😀")
        #expect(try Self.eval(#"{"substr": ["a😀b", -1]}"#) == "b")
        #expect(try Self.eval(#"{"substr": ["héllo", 1, -1]}"#) == "éll")
        #expect(try Self.eval(#"{"substr": ["abc", 1e300]}"#) == "")
        #expect(try Self.eval(#"{"substr": ["abc", -1e300, 2]}"#) == "ab")
        #expect(try Self.eval(#"{"substr": ["abc", "1"]}"#) == "bc")
        #expect(try Self.error(#"{"substr": ["abc", "x"]}"#) == .notANumber(op: "substr"))
        #expect(try Self.error(#"{"substr": ["abc"]}"#) == .badArguments(op: "substr", reason: "needs at least 2 operands"))
    }

    @Test func strictEqualityIsStructural() throws {
        let data = #"{"p": [1, {"a": [2]}], "q": [1, {"a": [2]}], "r": [1, {"a": [3]}]}"#
        #expect(try Self.eval(#"{"===": [{"var": "p"}, {"var": "q"}]}"#, data) == true)
        #expect(try Self.eval(#"{"===": [{"var": "p"}, {"var": "r"}]}"#, data) == false)
        // Objects with several keys are data literals.
        #expect(try Self.eval(#"{"!==": [{"a": 1, "b": 2}, {"b": 2, "a": 1}]}"#) == false)
        #expect(try Self.eval(#"{"in": [[1, 2], [[0], [1, 2]]]}"#) == true)
        #expect(try Self.eval(#"{"===": [0, -0]}"#) == true)
    }

    @Test func looseEqualityAndOrdering() throws {
        #expect(try Self.eval(#"{"==": [null, ""]}"#) == true)
        #expect(try Self.eval(#"{"==": [" 12 ", 12]}"#) == true)
        #expect(try Self.eval(#"{"==": ["1e2", 100]}"#) == true)
        #expect(try Self.eval(#"{"==": [null, null]}"#) == true)
        #expect(try Self.error(#"{"==": ["0x10", 16]}"#) == .notANumber(op: "=="))
        #expect(try Self.error(#"{"<": [[1], [2]]}"#) == .notANumber(op: "<"))
        #expect(try Self.eval(#"{"<=": [1, {"var": "x"}, 3]}"#, #"{"x": 3}"#) == true)
        #expect(try Self.eval(#"{"<": [1, {"var": "x"}, 3]}"#, #"{"x": 3}"#) == false)
    }

    @Test func arithmeticNeverYieldsNonFiniteNumbers() throws {
        #expect(try Self.error(#"{"*": [1e308, 10]}"#) == .notANumber(op: "*"))
        #expect(try Self.error(#"{"+": [1e308, 1e308, -1e308]}"#) == .notANumber(op: "+"))
        #expect(try Self.error(#"{"%": [5, 0]}"#) == .notANumber(op: "%"))
        #expect(try Self.error(#"{"/": [5, "0"]}"#) == .notANumber(op: "/"))
        #expect(try Self.eval(#"{"-": [0]}"#) == 0)
        #expect(try Self.eval(#"{"*": [-1, 0]}"#).canonicalText == "0")
        #expect(try Self.eval(#"{"+": [0.1, 0.2]}"#) == .number(0.30000000000000004))
        #expect(try Self.eval(#"{"%": [5.5, 2]}"#) == 1.5)
        #expect(try Self.eval(#"{"max": ["3", 2, true]}"#) == 3)
        #expect(try Self.eval(#"{"min": [-1, null]}"#) == -1)
        #expect(try Self.error(#"{"max": []}"#) == .badArguments(op: "max", reason: "needs at least 1 operand"))
        #expect(try Self.error(#"{"max": [1, "a"]}"#) == .notANumber(op: "max"))
    }

    @Test func catFormatsNumbersLikeJavaScript() throws {
        #expect(try Self.eval(#"{"cat": [1.5, " ", 1e21, " ", 1e-7, " ", 100, " ", -0.0, " ", 0.1]}"#) == "1.5 1e+21 1e-7 100 0 0.1")
        #expect(try Self.eval(#"{"cat": [null, true, "x"]}"#) == "truex")
        #expect(try Self.error(#"{"cat": ["a", [1]]}"#) == .badArguments(op: "cat", reason: "cannot use a array as a string"))
        #expect(try Self.eval(#"{"in": [1, "a1"]}"#) == true)
        #expect(try Self.eval(#"{"in": [null, "null"]}"#) == false)
        #expect(try Self.eval(#"{"in": ["a", null]}"#) == false)
    }

    @Test func variablePaths() throws {
        let data = #"{"a": {"b": [10, {"c": null}], "b.c": 7}, "1": {"5": "x"}, "": "empty key"}"#
        #expect(try Self.eval(#"{"var": "a.b.1.c"}"#, data) == .null)
        #expect(try Self.eval(#"{"var": ["a.b.1.c", "default"]}"#, data) == .null)  // present null
        #expect(try Self.eval(#"{"var": ["a.b.1.d", "default"]}"#, data) == "default")
        #expect(try Self.eval(#"{"var": "a.b.01"}"#, data) == .null)  // not a canonical index
        #expect(try Self.eval(#"{"var": "a.b.length"}"#, data) == .null)  // no JavaScript properties
        #expect(try Self.eval(#"{"var": 1.5}"#, data) == "x")
        #expect(try Self.eval(#"{"val": ["a", "b.c"]}"#, data) == 7)
        #expect(try Self.eval(#"{"val": ["a", "b", 0]}"#, data) == 10)
        #expect(try Self.eval(#"{"val": ["nope", "b"]}"#, data) == .null)
        #expect(try Self.eval(#"{"val": ""}"#, data) == "empty key")
        #expect(try Self.error(#"{"val": [[1], "a"]}"#, data) == .badArguments(op: "val", reason: "a segment must be a string or a number, not a array"))
        #expect(try Self.error(#"{"var": [true]}"#, data) == .badArguments(op: "var", reason: "a path must be a string, a number or null, not a boolean"))
        #expect(try Self.eval(#"{"missing": ["a.b", "a.x", "", "1.5"]}"#, data) == ["a.x"])
    }

    @Test func iterationShapes() throws {
        #expect(try Self.error(#"{"map": [5, {"var": ""}]}"#) != nil)
        #expect(try Self.error(#"{"map": [{"var": "x"}, 1]}"#, #"{"x": "abc"}"#) == .badArguments(op: "map", reason: "the collection is a string, not an array"))
        #expect(try Self.eval(#"{"reduce": [[1, 2, 3], {"+": [{"var": "accumulator"}, {"var": "current"}]}, 10]}"#) == 16)
        #expect(try Self.eval(#"{"reduce": [{"var": "x"}, {"var": "current"}]}"#) == .null)
        #expect(try Self.eval(#"{"filter": [[1, 0, 2], {"var": ""}]}"#) == [1, 2])
        // The logic runs against the element; there is no access to the outer data.
        #expect(try Self.eval(#"{"map": [[1], {"var": "k"}]}"#, #"{"k": 5}"#) == [.null])
    }

    @Test func unknownOperatorsFailOnlyWhenReached() throws {
        #expect(try Self.error(#"{"throw": "x"}"#) == .unknownOperator("throw"))
        #expect(try Self.eval(#"{"if": [true, 1, {"nope": []}]}"#) == 1)
        // An operator name is matched by its exact bytes.
        #expect(try Self.error(#"{"v\u0430r": "x"}"#) == .unknownOperator("v\u{430}r"))
        // Objects with zero or several keys are data, not operations.
        #expect(try Self.eval(#"{"a": {"var": "x"}, "b": 1}"#) == ["a": ["var": "x"], "b": 1])
    }

    @Test func errorCodesAreStable() {
        let codes: [(JsonLogicError, String)] = [
            (.outOfGas(limit: 1), "OUT_OF_GAS"), (.tooDeep(limit: 1), "TOO_DEEP"),
            (.tooLarge(what: "x", limit: 1), "TOO_LARGE"), (.unknownOperator("x"), "UNKNOWN_OPERATOR"),
            (.badArguments(op: "x", reason: "y"), "BAD_ARGUMENTS"), (.notANumber(op: "x"), "NOT_A_NUMBER"),
        ]
        for (error, code) in codes { #expect(error.code == code) }
        #expect(JsonLogic.operators.count == 35)
    }

    // MARK: Gas

    @Test func gasScheduleIsExact() throws {
        // node 1 + operation 4, two literal operands: 2 × (node 1 + operand 1)
        #expect(try Self.gas(#"{"+": [1, 2]}"#) == 9)
        // node 1 + operation 4 + literal 1 + scan ⌈3/8⌉ 1 + 2 segments × 2
        #expect(try Self.gas(#"{"var": "a.b"}"#, #"{"a": {"b": 1}}"#) == 11)
        // map 5 + [1,2,3] 4 + 3 × (iteration 3 + element 1 + {"var": ""} 6)
        #expect(try Self.gas(#"{"map": [[1, 2, 3], {"var": ""}]}"#) == 39)
        // cat 5 + 2 × (literal 1 + operand 1) + 6 bytes built
        #expect(try Self.gas(#"{"cat": ["abc", "def"]}"#) == 15)
        // a literal is one node
        #expect(try Self.gas("42") == 1)
    }

    @Test func gasIsReportedForFailures() throws {
        let rule = try JSONValue(parsing: #"{"+": [1, {"nope": 1}]}"#)
        let outcome = JsonLogic.run(rule: rule, data: .null)
        #expect(outcome.result == .failure(.unknownOperator("nope")))
        #expect(outcome.gasUsed == 5 + 2 + 1)
        let again = JsonLogic.run(rule: rule, data: .null)
        #expect(again == outcome)
    }

    @Test func evaluationIsRepeatable() throws {
        let rule = try JSONValue(parsing: #"{"map": [{"var": "xs"}, {"cat": [{"var": "n"}, "-", {"*": [{"var": "v"}, 0.1]}]}]}"#)
        let data = try JSONValue(parsing: #"{"xs": [{"n": "a", "v": 3}, {"v": 7, "n": "b"}]}"#)
        let first = JsonLogic.run(rule: rule, data: data)
        #expect(first.result == .success(["a-0.30000000000000004", "b-0.7000000000000001"]))
        for _ in 0..<5 { #expect(JsonLogic.run(rule: rule, data: data) == first) }
    }

    // MARK: Validation

    @Test func validateAcceptsWellFormedRules() throws {
        let rules = [
            #"{"and": [{">=": [{"var": "age"}, 18]}, {"in": [{"var": "role"}, ["author", "reviewer"]]}]}"#,
            #"{"if": [{"missing": ["a"]}, "no", {"cat": ["hi ", {"var": "a"}]}]}"#,
            #"{"reduce": [{"var": "xs"}, {"+": [{"var": "accumulator"}, {"var": "current"}]}, 0]}"#,
            #"{"all": [{"var": "xs"}, null]}"#,
            #"[1, "a", {"x": {"throw": 1}, "y": 2}]"#,  // data object: not inspected
        ]
        for rule in rules { #expect(throws: Never.self) { try JsonLogic.validate(rule: JSONValue(parsing: rule)) } }
    }

    @Test func validateRejectsBadRules() throws {
        let cases: [(String, JsonLogicError)] = [
            (#"{"if": [true, 1, {"throw": "x"}]}"#, .unknownOperator("throw")),
            (#"{"and": true}"#, .badArguments(op: "and", reason: "arguments must be an array")),
            (#"{"<": [1]}"#, .badArguments(op: "<", reason: "needs an array of at least 2 operands")),
            (#"{"%": [1]}"#, .badArguments(op: "%", reason: "needs at least 2 operands")),
            (#"{"map": [null, 1]}"#, .badArguments(op: "map", reason: "the collection must be an array or an operation, not a null literal")),
            (#"{"filter": [[1], null]}"#, .badArguments(op: "filter", reason: "the logic must not be null")),
        ]
        for (rule, expected) in cases {
            #expect(throws: expected) { try JsonLogic.validate(rule: JSONValue(parsing: rule)) }
        }
        let small = Budget(maxGas: 100, maxDepth: 3, maxCollectionSize: 2, maxStringLength: 4)
        #expect(throws: JsonLogicError.tooDeep(limit: 3)) { try JsonLogic.validate(rule: JSONValue(parsing: #"{"!": {"!": {"!": 1}}}"#), budget: small) }
        #expect(throws: Never.self) { try JsonLogic.validate(rule: JSONValue(parsing: #"{"!": {"!": 1}}"#), budget: small) }
        #expect(throws: JsonLogicError.tooLarge(what: "array literal of 3 elements", limit: 2)) {
            try JsonLogic.validate(rule: JSONValue(parsing: "[[1, 2, 3]]"), budget: small)
        }
        #expect(throws: JsonLogicError.tooLarge(what: "string literal of 5 bytes", limit: 4)) {
            try JsonLogic.validate(rule: JSONValue(parsing: #"{"cat": "hello"}"#), budget: small)
        }
    }

    /// The depth `validate` accepts is the depth `evaluate` can reach.
    @Test func validateAndEvaluateCountDepthAlike() throws {
        for depth in 1...6 {
            var rule: JSONValue = 1
            for _ in 1..<depth { rule = ["!": rule] }
            let budget = Budget(maxGas: 1_000, maxDepth: 4, maxCollectionSize: 10, maxStringLength: 10)
            let validated = Result { () throws(JsonLogicError) in try JsonLogic.validate(rule: rule, budget: budget) }
            let evaluated = JsonLogic.run(rule: rule, data: .null, budget: budget).result
            let validOK = (try? validated.get()) != nil
            let evaluatedOK = (try? evaluated.get()) != nil
            #expect(validOK == evaluatedOK, "depth \(depth)")
            #expect((depth <= 4) == evaluatedOK, "depth \(depth)")
        }
    }
}
