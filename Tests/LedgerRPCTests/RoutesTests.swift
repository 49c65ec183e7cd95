import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerAPI
import LedgerCore
@testable import LedgerRPC
import Logging
import NIOCore
import Testing

private func app(_ node: FakeNode, configure: (inout RPCConfig) -> Void = { _ in }) -> some ApplicationProtocol {
    var config = RPCConfig()
    config.port = 0
    configure(&config)
    return RPCServer.application(api: node, config: config, logger: Logger(label: "test"))
}

private func errorCode(_ body: ByteBuffer) -> String? {
    try? JSONDecoder().decode(ErrorBody.self, from: Data(body.readableBytesView)).error.code
}

private func submitBody() -> ByteBuffer { ByteBuffer(string: #"{"tx":"00"}"#) }

@Suite struct RoutesTests {
    @Test func statusIsServedAsJSON() async throws {
        try await app(FakeNode()).test(.router) { client in
            try await client.execute(uri: "/status", method: .get) { r in
                #expect(r.status == .ok)
                let s = try? JSONDecoder().decode(StatusDTO.self, from: Data(r.body.readableBytesView))
                #expect(s?.chainID == "fake-1" && s?.latestHeight == 7)
            }
        }
    }

    @Test func badParametersAreRefusedBeforeTheNode() async throws {
        try await app(FakeNode()).test(.router) { client in
            for (uri, code) in [("/block?height=x", "BAD_PARAM"), ("/blocks", "MISSING_PARAM"), ("/blocks?from=5&to=1", "BAD_RANGE"),
                                ("/tx?hash=zz", "BAD_HASH"), ("/account?address=nope", "BAD_ADDRESS"), ("/lineage?id=" + String(repeating: "0", count: 64) + "&depth=1001", "BAD_PARAM")] {
                try await client.execute(uri: uri, method: .get) { r in
                    #expect(r.status == .badRequest, "\(uri)")
                    #expect(errorCode(r.body) == code, "\(uri)")
                }
            }
        }
    }

    @Test func membersAndVersionsArePagedAndBadPagesRefused() async throws {
        let member = try Address(bytes: [UInt8](repeating: 7, count: 20)).bech32
        let id = String(repeating: "ab", count: 32), cursor = String(repeating: "cd", count: 32)
        let node = FakeNode()
        try await app(node).test(.router) { client in
            for uri in ["/members?limit=0", "/members?limit=101", "/versions?id=\(id)&limit=101", "/versions?id=\(id)&limit=0"] {
                try await client.execute(uri: uri, method: .get) { r in
                    #expect(r.status == .badRequest && errorCode(r.body) == "BAD_PARAM", "\(uri)")
                }
            }
            try await client.execute(uri: "/members?after=nope", method: .get) { r in #expect(errorCode(r.body) == "BAD_ADDRESS") }
            try await client.execute(uri: "/versions?id=\(id)&after=zz", method: .get) { r in #expect(errorCode(r.body) == "BAD_HASH") }
            for uri in ["/members", "/members?limit=2&after=\(member)", "/versions?id=\(id)", "/versions?id=\(id)&limit=3&after=\(cursor)"] {
                try await client.execute(uri: uri, method: .get) { r in #expect(r.status == .ok, "\(uri)") }
            }
        }
        #expect(node.pageRequests == ["members after=- limit=50", "members after=\(member) limit=2",
                                      "versions after=- limit=50", "versions after=\(cursor) limit=3"])
    }

    @Test func anOverlongDigestIsRefusedWithoutBeingEchoed() async throws {
        let long = "1220" + String(repeating: "ab", count: 63)  // 130 hex digits: 65 bytes
        let huge = String(repeating: "ef", count: 4000)
        try await app(FakeNode()).test(.router) { client in
            for digest in [long, huge] {
                try await client.execute(uri: "/contribution/by-digest?digest=\(digest)", method: .get) { r in
                    #expect(r.status == .badRequest && errorCode(r.body) == "BAD_PARAM")
                    let body = String(buffer: r.body)
                    #expect(body.utf8.count < 200 && !body.contains("abababab") && !body.contains("efefefef"))
                }
            }
            // 128 hex digits is still a digest the node is asked about (the fake knows none).
            try await client.execute(uri: "/contribution/by-digest?digest=" + String(repeating: "ab", count: 64), method: .get) { r in
                #expect(r.status == .notFound)
            }
        }
    }

    @Test func statusesComeFromTheCodeTable() async throws {
        try await app(FakeNode()).test(.router) { client in
            try await client.execute(uri: "/block", method: .get) { r in
                #expect(r.status == .notFound)
                #expect(errorCode(r.body) == "NOT_FOUND")
            }
            try await client.execute(uri: "/tx?hash=" + String(repeating: "ab", count: 32), method: .get) { r in
                #expect(r.status == .notFound)
                #expect(errorCode(r.body) == "PENDING")
            }
        }
        #expect(ErrorStatus.status(for: .alreadyCommitted) == 409)
        #expect(ErrorStatus.status(for: .mempoolFull) == 503)
        #expect(ErrorStatus.status(for: .busy) == 503)
        #expect(ErrorStatus.status(for: .timeout) == 504)
        #expect(ErrorStatus.status(for: "DUPLICATE_CONTENT") == 400)
    }

    @Test(arguments: [("ALREADY_COMMITTED", 409), ("MEMPOOL_FULL", 503), ("TIMEOUT", 504), ("BAD_SIGNATURE", 400)])
    func refusedSubmissionStatus(code: String, status: Int) async throws {
        let node = FakeNode(submitResult: SubmitResultDTO(hash: FakeNode.hash, accepted: false, code: code, message: "m", height: 3))
        try await app(node).test(.router) { client in
            try await client.execute(uri: "/tx?mode=async", method: .post, body: submitBody()) { r in
                #expect(Int(r.status.code) == status)
                let result = try? JSONDecoder().decode(SubmitResultDTO.self, from: Data(r.body.readableBytesView))
                #expect(result?.code == code && result?.accepted == false)
            }
        }
        #expect(node.modes == [.async])
    }

    @Test func simulateAnswers200WhenIncludableAnd400WhenNot() async throws {
        let node = FakeNode()
        try await app(node).test(.router) { client in
            // Hex with `mode` (accepted and ignored): includable, so 200 with the receipt.
            try await client.execute(uri: "/simulate", method: .post, body: ByteBuffer(string: #"{"tx":"0x01","mode":"commit"}"#)) { r in
                #expect(r.status == .ok)
                let result = try? JSONDecoder().decode(SimulateResultDTO.self, from: Data(r.body.readableBytesView))
                #expect(result?.includable == true && result?.gasUsed == 4_676 && result?.minimumFee == 20)
                #expect(result?.receipt?.status == "success" && result?.receipt?.feePaid == 20)
            }
            // Base64 of 0x02: not includable, so 400 with the code and no receipt.
            try await client.execute(uri: "/simulate", method: .post, body: ByteBuffer(string: #"{"tx":"Ag=="}"#)) { r in
                #expect(r.status == .badRequest)
                let result = try? JSONDecoder().decode(SimulateResultDTO.self, from: Data(r.body.readableBytesView))
                #expect(result?.includable == false && result?.code == "BAD_SIGNATURE" && result?.receipt == nil)
            }
            // Undecodable input never reaches the node.
            try await client.execute(uri: "/simulate", method: .post, body: ByteBuffer(string: #"{"tx":"zz"}"#)) { r in
                #expect(r.status == .badRequest)
                #expect(errorCode(r.body) != nil)
            }
        }
        #expect(node.simulations == [[0x01], [0x02]])
        #expect(node.modes.isEmpty, "simulate must not submit")
    }

    @Test func theOpenAPIDocumentIsServedAndMatchesDocs() async throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Docs/openapi.yaml")
        let file = try String(contentsOf: docs, encoding: .utf8)
        #expect(file.hasPrefix("openapi: 3.1"))
        try await app(FakeNode()).test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { r in
                #expect(r.status == .ok)
                // The served copy is generated from Docs/openapi.yaml by scripts/openapi-swift.sh.
                #expect(String(buffer: r.body) + "\n" == file, "run scripts/openapi-swift.sh")
            }
        }
    }

    @Test func everyRouteIsInTheOpenAPIDocument() throws {
        for path in ["/health", "/status", "/genesis", "/block", "/blocks", "/tx", "/txs", "/account", "/mempool", "/contribution",
                     "/contribution/by-digest", "/contributions", "/lineage", "/descendants", "/versions", "/citations", "/attestation",
                     "/attestations", "/proposal", "/proposals", "/members", "/params", "/policy", "/policies", "/treasury", "/simulate", "/openapi.yaml",
                     "/validators", "/validators/changes", "/proof/state", "/log/checkpoint", "/log/proof/inclusion",
                     "/log/proof/consistency", "/log/entry/{index}", "/tile/{path}", "/audit/bundle", "/events"] {
            #expect(OpenAPIDocument.yaml.contains("\n  \(path):\n"), "\(path) missing from Docs/openapi.yaml")
        }
    }

    @Test func requestsOverTheInFlightLimitGetBusy() async throws {
        let gate = Gate()
        try await app(FakeNode(gate: gate), configure: { $0.maxInFlight = 2 }).test(.router) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask { _ = try await client.execute(uri: "/block", method: .get) { r in #expect(r.status == .notFound) } }
                }
                while gate.waiting < 2 { try await Task.sleep(nanoseconds: 1_000_000) }
                try await client.execute(uri: "/status", method: .get) { r in
                    #expect(r.status == .serviceUnavailable)
                    #expect(errorCode(r.body) == "BUSY")
                }
                gate.open()
                try await group.waitForAll()
            }
            // The slots are given back.
            try await client.execute(uri: "/status", method: .get) { r in #expect(r.status == .ok) }
        }
    }
}
