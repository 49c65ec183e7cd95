import Foundation
import Testing

@testable import JsonLogic

/// The recursion ceilings (`Budget.depthCeiling`, `JSONValue.parserDepthCeiling`) are chosen so the
/// deepest accepted input fits in a 512 KiB stack (the size of a secondary thread on macOS) even in
/// debug builds. Running out of stack would crash the process, so this test fails loudly.
@Suite("Recursion limits fit a small stack")
struct StackDepthTests {
    static func onThread(stackKiB: Int, _ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            body()
            done.signal()
        }
        thread.stackSize = stackKiB * 1024
        thread.start()
        done.wait()
    }

    @Test func deepestAcceptedInputsFitIn512KiB() throws {
        let depth = Budget.depthCeiling
        let ruleText = String(repeating: #"{"!": "#, count: depth - 1) + "1" + String(repeating: "}", count: depth - 1)
        let rule = try JSONValue(parsing: ruleText)
        let budget = Budget(maxGas: 1_000_000, maxDepth: depth, maxCollectionSize: 10, maxStringLength: 10)
        let nesting = JSONValue.parserDepthCeiling
        let dataText = String(repeating: "[", count: nesting) + String(repeating: "]", count: nesting)

        let results = Results()
        Self.onThread(stackKiB: 512) {
            let outcome = JsonLogic.run(rule: rule, data: .null, budget: budget)
            let data = try? JSONValue(parsing: dataText, maxDepth: nesting)
            let copy = try? JSONValue(parsing: dataText, maxDepth: nesting)
            results.set(
                evaluated: outcome.result == .success(.bool((depth - 1) % 2 == 0)),
                parsed: data != nil && data == copy && data?.hashValue == copy?.hashValue
                    && data?.canonicalBytes == Array(dataText.utf8))
        }
        #expect(results.evaluated)
        #expect(results.parsed)
    }

    final class Results: @unchecked Sendable {
        // Written once on the worker thread before the semaphore is signalled, read after.
        private(set) var evaluated = false
        private(set) var parsed = false
        func set(evaluated: Bool, parsed: Bool) {
            self.evaluated = evaluated
            self.parsed = parsed
        }
    }
}
