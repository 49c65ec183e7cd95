import LedgerAPI
import LedgerCore
@testable import LedgerNode
import Testing

/// Submissions that used to be answered misleadingly (issue 6, section 4).
@Suite("NodeCore: honest submission answers")
struct SubmitHardeningTests {
    @Test("async mode refuses a badly signed transaction before answering")
    func asyncChecksSignature() async throws {
        let node = try makeNode()
        var forged = try signedTransfer(carol, nonce: 0).wire
        forged[forged.count - 1] ^= 1
        let good = try signedTransfer(alice, nonce: 0)
        let results = try await node.submitBatch([forged, good.wire], mode: .async, timeoutMillis: 0)
        #expect(results.map(\.accepted) == [false, true])
        #expect(results[0].code == "BAD_SIGNATURE")
        #expect(results[0].hash != nil)
    }

    @Test("resubmitting a committed transaction says ALREADY_COMMITTED with its height")
    func alreadyCommitted() async throws {
        let node = try makeNode()
        let t = try signedTransfer(alice, nonce: 0)
        #expect(try await node.submit(t.wire, mode: .sync, timeoutMillis: 0).accepted)
        let produced = try #require(try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: false))
        let again = try await node.submit(t.wire, mode: .sync, timeoutMillis: 0)
        #expect(!again.accepted)
        #expect(again.code == ErrorCode.alreadyCommitted.rawValue)
        #expect(again.height == produced.height)
        // A different transaction with a stale nonce is still BAD_NONCE.
        let stale = try signedTransfer(alice, nonce: 0, fee: 11)
        #expect(try await node.submit(stale.wire, mode: .sync, timeoutMillis: 0).code == "BAD_NONCE")
    }
}
