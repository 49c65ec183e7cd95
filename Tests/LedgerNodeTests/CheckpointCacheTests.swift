import LedgerCore
@testable import LedgerNode
import Testing

@Suite("Record-log checkpoint cache")
struct CheckpointCacheTests {
    @Test("GET /log/checkpoint signs once per log size, not once per request")
    func signsOncePerSize() async throws {
        let node = try makeNode()
        let first = try await node.logCheckpoint()
        for _ in 0..<10 { #expect(try await node.logCheckpoint() == first) }
        // A block without records leaves the log as it was: still the same note, still one signature.
        _ = try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: true)
        #expect(try await node.logCheckpoint() == first)
        #expect(node.checkpoints.signatures == 1)
    }

    @Test("a new size or root is signed again")
    func newTreeIsSigned() {
        let cache = CheckpointCache()
        var calls = 0
        func sign(_ text: String) -> () -> String { { calls += 1; return text } }
        #expect(cache.note(size: 1, root: .zero, sign: sign("a")) == "a")
        #expect(cache.note(size: 1, root: .zero, sign: sign("x")) == "a")
        #expect(cache.note(size: 2, root: .zero, sign: sign("b")) == "b")
        #expect(cache.note(size: 2, root: Hash(unchecked: [UInt8](repeating: 1, count: 32)), sign: sign("c")) == "c")
        #expect(calls == 3 && cache.signatures == 3)
    }
}
