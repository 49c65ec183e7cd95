import LedgerCore
import Testing
@testable import WalletKit

/// The `--wait` loop against scripted node answers (no node, no terminal).
@Suite("CommitWaiter")
struct CommitWaiterTests {
    let hash = try! Hash(bytes: [UInt8](repeating: 0xCD, count: 32))
    let fast = CommitWaiter(interval: .milliseconds(5), droppedAfter: 4)
    // Timeouts are an hour except in the timeout test: the integration suites running alongside
    // block the cooperative pool for seconds, and these outcomes must not depend on the clock.

    /// Answers from a script: each call takes the next entry; nil means "committed" (returns the call count).
    final class Script {
        var answers: [String?]
        var calls = 0
        init(_ answers: [String?]) { self.answers = answers }
        func next() throws -> Int {
            calls += 1
            let code = answers.isEmpty ? "PENDING" : answers.removeFirst()
            if let code { throw WalletError("scripted", code: code) }
            return calls
        }
    }

    @Test("pending, then a NOT_FOUND race, then committed: returns the transaction")
    func pendingThenCommitted() async throws {
        let s = Script(["PENDING", "PENDING", "NOT_FOUND", "PENDING", nil])
        let got = try await fast.wait(for: hash, timeoutSeconds: 3600, admitted: true, spinner: nil) { try s.next() }
        #expect(got == 5)
    }

    @Test("after a sync admission, four NOT_FOUND in a row mean the node dropped it")
    func dropped() async throws {
        let s = Script(["PENDING", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", nil])
        do {
            _ = try await fast.wait(for: hash, timeoutSeconds: 3600, admitted: true, spinner: nil) { try s.next() }
            Issue.record("expected DROPPED")
        } catch let e as WalletError {
            #expect(e.code == "DROPPED" && e.hint?.contains("desci query account") == true)
            #expect(s.calls == 5)
        }
    }

    @Test("after an async submission NOT_FOUND only means not admitted yet: keep waiting")
    func asyncKeepsWaiting() async throws {
        let s = Script(Array(repeating: "NOT_FOUND", count: 10) + [nil])
        let got = try await fast.wait(for: hash, timeoutSeconds: 3600, admitted: false, spinner: nil) { try s.next() }
        #expect(got == 11)
    }

    @Test("never committed: TIMEOUT after the timeout, with the query to run")
    func timeout() async throws {
        let started = ContinuousClock.now
        do {
            _ = try await fast.wait(for: hash, timeoutSeconds: 1, admitted: true, spinner: nil) { () throws -> Int in
                throw WalletError("in the mempool", code: "PENDING")
            }
            Issue.record("expected TIMEOUT")
        } catch let e as WalletError {
            #expect(e.code == "TIMEOUT" && e.hint?.contains("desci query tx \(hash.hex)") == true)
        }
        #expect(ContinuousClock.now - started >= .seconds(1))
    }

    @Test("any other error ends the wait at once")
    func otherErrors() async throws {
        let s = Script(["PENDING", "INTERNAL", nil])
        do {
            _ = try await fast.wait(for: hash, timeoutSeconds: 3600, admitted: true, spinner: nil) { try s.next() }
            Issue.record("expected INTERNAL")
        } catch let e as WalletError {
            #expect(e.code == "INTERNAL" && s.calls == 2)
        }
    }
}
