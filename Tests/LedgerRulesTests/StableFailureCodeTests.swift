import Foundation
import JsonLogic
import LedgerCore
import LedgerCrypto
import LedgerRules
import Testing

/// Committed failure texts carry stable codes and protocol-defined detail only, never a rendered
/// Swift error (Docs/PROTOCOL.md, "Execution errors").
@Suite("Execution: committed failures carry stable codes, not Swift error descriptions")
struct StableFailureCodeTests {
    /// An error whose Swift rendering is recognisable, so a test can tell whether it leaked.
    struct Leaky: Error, CustomStringConvertible {
        var description: String { "LEAKED-SWIFT-DESCRIPTION" }
    }

    /// The committed text of an event: its kind and every attribute.
    func text(_ events: [Event]) -> String {
        events.map { e in e.kind + " " + e.attributes.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }.joined(separator: "\n")
    }

    @Test("internalError commits 'internal error: decode|invariant' and sends the description to the local log")
    func internalErrorMessage() {
        let log = InternalErrorLog()
        let (leaky, decode) = InternalErrorLog.$current.withValue(log) {
            (RuleError.internalError(Leaky()), RuleError.internalError(CodecError.trailingBytes(1)))
        }
        #expect(leaky == .rejected(code: "INTERNAL", message: "internal error: invariant"))
        #expect(decode == .rejected(code: "INTERNAL", message: "internal error: decode"))
        #expect(log.recorded.count == 2)
        #expect(log.recorded.first == "LEAKED-SWIFT-DESCRIPTION")
        // An INTERNAL error is not wrapped twice.
        #expect(RuleError.internalError(leaky) == leaky)
    }

    @Test("a transaction meeting a record that no longer decodes: the receipt says only INTERNAL / 'internal error: decode'")
    func receiptMessage() throws {
        let g = GovHarness()
        let id = try g.propose()
        g.state.write(GovernanceKeys.proposal(id), [0xFF, 0x00, 0x01])
        let log = InternalErrorLog()
        let r = try InternalErrorLog.$current.withValue(log) {
            try applyAdmitted(try g.tx(1, [.vote(CastVote(proposal: id, option: .yes))]), g.state, block: g.block)
        }
        #expect(r.status == .failed)
        #expect(r.code == "INTERNAL")
        #expect(r.message == "internal error: decode")
        #expect(log.recorded.count == 1)
    }

    @Test("an end-block item that fails twice: the event holds the proposal id and codes only")
    func endBlockItemEvent() throws {
        let g = GovHarness()
        let a = try g.propose()
        g.state.write(GovernanceKeys.proposal(a), [0xFF])
        let log = InternalErrorLog()
        let events = try InternalErrorLog.$current.withValue(log) { try g.advance(to: g.height + 12) }
        let failed = try #require(events.first { $0.kind == "end_block_item_failed" })
        #expect(failed.attributes.map(\.key) == ["proposal", "code", "failure", "then"])
        #expect(failed.attributes.map(\.value) == [String(a), "INTERNAL", "INTERNAL", "INTERNAL"])
        #expect(!log.recorded.isEmpty)
        #expect(!text(events).contains("error"))
    }

    @Test("an execution that fails: the proposal's failure and the event are exactly the code")
    func executionFailure() throws {
        let g = GovHarness(timelock: 0)
        let id = try g.propose(0, [.approveMilestone(grant: 9, index: 1)])
        for i in 0..<3 { try g.vote(i, id, .yes) }
        let events = try g.advance(to: try g.proposal(id).endHeight + 1)
        let p = try g.proposal(id)
        #expect(p.status == .executionFailed)
        #expect(p.failure == "UNKNOWN_GRANT")
        let failed = try #require(events.first { $0.kind == "proposal_execution_failed" })
        #expect(failed.attributes.map(\.key) == ["proposal", "code"])
        #expect(failed.attributes.map(\.value) == [String(id), "UNKNOWN_GRANT"])
    }

    @Test("a proposal.passes rule that fails or returns a non-decision: fixed failure texts",
          arguments: [(#"{"+": [1, 0.1]}"#, "POLICY_ERROR: proposal.passes returned a number, not passed/rejected/vetoed"),
                      (#"{"var": ["members"]}"#, "POLICY_ERROR: proposal.passes returned a number, not passed/rejected/vetoed"),
                      (#"[1, 2]"#, "POLICY_ERROR: proposal.passes returned an array, not passed/rejected/vetoed"),
                      (#""maybe""#, "POLICY_ERROR: proposal.passes returned another string, not passed/rejected/vetoed")])
    func policyFailureText(rule: String, expected: String) throws {
        let g = GovHarness(timelock: 0)
        Policies.store("proposal.passes", rule: try Policies.validate(rule: canonicalRule(rule)), in: g.state)
        let id = try g.propose()
        for i in 0..<4 { try g.vote(i, id, .yes) }
        try g.advance(to: try g.proposal(id).endHeight + 1)
        let p = try g.proposal(id)
        #expect(p.status == .rejected)
        #expect(p.failure == expected)
    }

    /// A source scan, so a future `"\(error)"` in a committed text is caught in review: in
    /// LedgerRules, only `InternalErrorLog.swift` renders errors with `describing:`, and no line
    /// that emits, writes, or sets a failure interpolates an error value.
    @Test("no Swift error rendering in LedgerRules reaches ctx.emit, ctx.write, an Event or a failure")
    func sourceScan() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/LedgerRules")
        let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL })
            .filter { $0.pathExtension == "swift" }
        #expect(files.count > 20)
        let sinks = ["emit(", "write(", "Event(", "failure =", "reason:", "attributes:"]
        let renderings = [#"\(error)"#, #"\(e)"#, #"\(failure)"#, #"\(fault)"#, "describing: error", "localizedDescription", #"\(error."#]
        var offending: [String] = []
        for file in files {
            let source = try String(contentsOf: file, encoding: .utf8)
            if file.lastPathComponent != "InternalErrorLog.swift", source.contains("describing: error") || source.contains("describing: e)") {
                offending.append("\(file.lastPathComponent): describing: of an error")
            }
            for (n, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where sinks.contains(where: line.contains) && renderings.contains(where: { line.contains($0) && !line.contains("\\(error.code)") }) {
                offending.append("\(file.lastPathComponent):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(offending.isEmpty, "\(offending.joined(separator: "\n"))")
    }
}
