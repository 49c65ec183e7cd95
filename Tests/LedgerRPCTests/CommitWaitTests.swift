import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerAPI
import LedgerCore
@testable import LedgerRPC
import Logging
import NIOCore
import Testing

/// `POST /tx?mode=commit`: the wait is capped, and waiters do not hold in-flight slots.
@Suite struct CommitWaitTests {
    private func app(_ node: FakeNode, configure: (inout RPCConfig) -> Void = { _ in }) -> some ApplicationProtocol {
        var config = RPCConfig()
        config.port = 0
        configure(&config)
        return RPCServer.application(api: node, config: config, logger: Logger(label: "test"))
    }

    private func code(_ body: ByteBuffer) -> String? {
        try? JSONDecoder().decode(ErrorBody.self, from: Data(body.readableBytesView)).error.code
    }

    @Test func aTimeoutAboveMaxCommitWaitIsRefused() async throws {
        let node = FakeNode()
        try await app(node).test(.router) { client in
            try await client.execute(uri: "/tx?mode=commit&timeout_ms=600000", method: .post, body: ByteBuffer(string: #"{"tx":"00"}"#)) { r in
                #expect(r.status == .badRequest)
                #expect(code(r.body) == "BAD_PARAM")
                #expect(String(buffer: r.body).contains("max_commit_wait_ms"))
            }
            try await client.execute(uri: "/tx?mode=commit&timeout_ms=30000", method: .post, body: ByteBuffer(string: #"{"tx":"00"}"#)) { r in
                #expect(r.status == .ok)
            }
        }
        #expect(node.modes == [.commit], "the refused request never reached the node")
    }

    @Test func commitWaitersDoNotLockOutOtherRequests() async throws {
        let gate = Gate()
        let inFlight = 2
        try await app(FakeNode(gate: gate), configure: { $0.maxInFlight = inFlight }).test(.router) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Three times the in-flight limit of waiters.
                for _ in 0..<(3 * inFlight) {
                    group.addTask {
                        _ = try await client.execute(uri: "/tx?mode=commit", method: .post, body: ByteBuffer(string: #"{"tx":"00"}"#)) { r in
                            #expect(r.status == .ok)
                        }
                    }
                }
                // An upper bound only: on failure (waiters holding slots) the loop ends and the test fails.
                for _ in 0..<10_000 where gate.waiting < 3 * inFlight { try await Task.sleep(nanoseconds: 1_000_000) }
                #expect(gate.waiting == 3 * inFlight)
                try await client.execute(uri: "/status", method: .get) { r in #expect(r.status == .ok) }
                gate.open()
                try await group.waitForAll()
            }
        }
    }
}
