import Foundation
import JsonLogic
import Testing

/// Runs the JSON Logic community compatibility suites in `<repo>/../shared/conformance/jsonlogic`
/// (override with JSONLOGIC_CONFORMANCE_DIR). Every case must pass except those listed in
/// `expectedDeviations`, each of which is documented in Docs/POLICIES.md ("JsonLogic dialect") and
/// must still deviate (so the list stays exact).
@Suite("JsonLogic conformance")
struct ConformanceTests {
    static let expectedCaseCount = 942

    /// Case id ("<relative path>#<index among the file's cases>") → the reason, as in
    /// Docs/POLICIES.md. Empty: the dialect passes every case of the suites.
    static let expectedDeviations: [String: String] = [:]

    static var suiteDirectory: URL {
        if let override = ProcessInfo.processInfo.environment["JSONLOGIC_CONFORMANCE_DIR"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        // <repo>/Tests/JsonLogicTests/ConformanceTests.swift → <repo>/../shared/conformance/jsonlogic
        let repo = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repo.deletingLastPathComponent()
            .appendingPathComponent("shared/conformance/jsonlogic", isDirectory: true).standardizedFileURL
    }

    struct Case: Sendable {
        let id: String
        let description: String
        let rule: JSONValue
        let data: JSONValue
        let expected: Expected
    }

    enum Expected: Sendable {
        case value(JSONValue)
        case error(type: String)
    }

    /// All cases of all `*.json` files under the folder, in path order.
    static func loadCases(from directory: URL) throws -> [Case] {
        let fm = FileManager.default
        guard let enumerator = fm.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
        var files: [String] = []
        let base = directory.standardizedFileURL.path
        for case let url as URL in enumerator where url.pathExtension == "json" {
            let path = url.standardizedFileURL.path
            files.append(String(path.dropFirst(base.count).drop(while: { $0 == "/" })))
        }
        var cases: [Case] = []
        for relative in files.sorted() {
            let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(relative)))
            guard case .array(let entries) = try JSONValue(parsing: bytes) else {
                throw SuiteError(message: "\(relative): not a JSON array")
            }
            var index = 0
            for entry in entries {
                guard case .object(let object) = entry else { continue }  // strings are headings
                guard let rule = object["rule"] else { throw SuiteError(message: "\(relative)#\(index): no rule") }
                let expected: Expected
                if let error = object["error"] {
                    guard case .string(let type)? = error["type"] else {
                        throw SuiteError(message: "\(relative)#\(index): error without type")
                    }
                    expected = .error(type: type)
                } else if let result = object["result"] {
                    expected = .value(result)
                } else {
                    throw SuiteError(message: "\(relative)#\(index): neither result nor error")
                }
                cases.append(
                    Case(
                        id: "\(relative)#\(index)", description: object["description"]?.stringValue ?? "",
                        rule: rule, data: object["data"] ?? .null, expected: expected))
                index += 1
            }
        }
        return cases
    }

    struct SuiteError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Whether the evaluation outcome is what the case expects. Error types map to error cases:
    /// "Invalid Arguments" → badArguments, "NaN" → notANumber.
    static func passes(_ testCase: Case, _ outcome: JsonLogic.Outcome) -> Bool {
        switch (testCase.expected, outcome.result) {
        case (.value(let expected), .success(let got)):
            return got == expected  // numbers compare by value
        case (.error(let type), .failure(let error)):
            switch (type, error) {
            case ("Invalid Arguments", .badArguments): return true
            case ("NaN", .notANumber): return true
            default: return false
            }
        default:
            return false
        }
    }

    static let budget = Budget(maxGas: 10_000_000, maxDepth: 64, maxCollectionSize: 100_000, maxStringLength: 1 << 20)

    @Test("every case of the suites passes, except the documented deviations")
    func suitesPass() throws {
        let directory = Self.suiteDirectory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            Issue.record(
                """
                JsonLogic conformance suites not found at \(directory.path). They belong in \
                <repo>/../shared/conformance/jsonlogic; set JSONLOGIC_CONFORMANCE_DIR to use another folder.
                """)
            return
        }
        let cases = try Self.loadCases(from: directory)
        #expect(cases.count == Self.expectedCaseCount, "expected \(Self.expectedCaseCount) cases in \(directory.path)")

        var passed = 0
        var failures: [String] = []
        var deviating: Set<String> = []
        for testCase in cases {
            let outcome = JsonLogic.run(rule: testCase.rule, data: testCase.data, budget: Self.budget)
            if Self.passes(testCase, outcome) {
                passed += 1
            } else if Self.expectedDeviations[testCase.id] != nil {
                deviating.insert(testCase.id)
            } else {
                let got: String
                switch outcome.result {
                case .success(let value): got = value.canonicalText
                case .failure(let error): got = "error \(error)"
                }
                let expected: String
                switch testCase.expected {
                case .value(let value): expected = value.canonicalText
                case .error(let type): expected = "error \(type)"
                }
                failures.append(
                    "\(testCase.id) \(testCase.description): rule \(testCase.rule.canonicalText) data \(testCase.data.canonicalText) → \(got), expected \(expected)"
                )
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failing cases:\n\(failures.joined(separator: "\n"))")
        let stale = Set(Self.expectedDeviations.keys).subtracting(deviating).sorted()
        #expect(stale.isEmpty, "listed deviations that now pass or do not exist: \(stale)")
        #expect(passed + deviating.count == cases.count)
        print("JsonLogic conformance: \(passed)/\(cases.count) cases pass, \(deviating.count) documented deviations")
    }

    @Test("the suite files parse to the same values with our parser and with JSONSerialization")
    func parserAgreesWithFoundation() throws {
        let directory = Self.suiteDirectory
        guard FileManager.default.fileExists(atPath: directory.path) else {
            Issue.record("JsonLogic conformance suites not found at \(directory.path)")
            return
        }
        let fm = FileManager.default
        let files = (fm.enumerator(at: directory, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            .filter { $0.pathExtension == "json" }
        #expect(!files.isEmpty)
        for file in files {
            let data = try Data(contentsOf: file)
            let ours = try JSONValue(parsing: [UInt8](data))
            let theirs = try Self.value(fromFoundation: JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
            #expect(ours == theirs, "\(file.lastPathComponent)")
        }
    }

    /// Foundation's object tree as a JSONValue (booleans are NSNumbers of type 'c').
    static func value(fromFoundation object: Any) throws -> JSONValue {
        switch object {
        case is NSNull: return .null
        case let s as String: return .string(s)
        case let n as NSNumber:
            if String(cString: n.objCType) == "c" { return .bool(n.boolValue) }
            return .number(n.doubleValue)
        case let a as [Any]: return .array(try a.map(value(fromFoundation:)))
        case let d as [String: Any]:
            return .object(try JSONObject(uniqueKeysWithValues: try d.map { ($0.key, try value(fromFoundation: $0.value)) }))
        default:
            throw SuiteError(message: "unexpected Foundation value \(type(of: object))")
        }
    }
}
