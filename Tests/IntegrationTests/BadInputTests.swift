import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
import Testing
import WalletKit

/// Hostile and broken input over HTTP: each gets its specific code and changes nothing.
@Suite("bad input changes nothing")
struct BadInputTests {
    struct Snapshot: Equatable {
        var height: UInt64
        var balance: UInt64
        var nonce: UInt64
        var mempool: Int
    }

    func snapshot(_ net: TestNetwork, _ address: Address) async throws -> Snapshot {
        let s: StatusDTO = try await net.client.get("/status")
        let a: AccountDTO = try await net.client.get("/account?address=\(address)")
        return Snapshot(height: s.latestHeight, balance: a.balance, nonce: a.pendingNonce, mempool: s.mempoolSize)
    }

    func submit(_ net: TestNetwork, _ raw: [UInt8]) async throws -> (Int, String) {
        let body = try JSONEncoder().encode(SubmitRequest(tx: Hex.encode(raw), mode: .sync))
        let (status, data) = try await net.client.raw(method: "POST", path: "/tx", body: body)
        let code = (try? JSONDecoder().decode(SubmitResultDTO.self, from: data).code)
            ?? (try? JSONDecoder().decode(ErrorBody.self, from: data).error.code) ?? "?"
        return (status, code)
    }

    @Test func everyRejectionHasItsCodeAndChangesNothing() async throws {
        let net = try TestNetwork(accounts: ["alice"], balance: 1_000_000)
        try await net.start()
        defer { Task { try? await net.stop() } }
        let alice = try net.key("alice")
        let aliceAddress = Address(publicKey: alice.publicKey)
        let bob = Address(publicKey: SigningKey().publicKey)
        func body(chain: String? = nil, nonce: UInt64 = 0, fee: UInt64 = 1, gas: UInt64 = 20_000, amount: UInt64 = 10) -> TransactionBody {
            TransactionBody(chainID: chain ?? net.chainID, sender: alice.publicKey, nonce: nonce, gasLimit: gas, fee: fee,
                            actions: [.transfer(TransferAction(to: bob, amount: amount))])
        }

        let genesis = try await net.genesisHash()
        // One good transaction first, so a replay has something to replay.
        let good = try Transaction.sign(body(), with: alice, genesisHash: genesis)
        let commit: SubmitResultDTO = try await net.client.post("/tx", body: SubmitRequest(tx: Hex.encode(good.wire), mode: .commit))
        #expect(commit.receipt?.status == "success")
        let before = try await snapshot(net, aliceAddress)

        var random = SystemRandomNumberGenerator()
        let garbage = (0..<200).map { _ in UInt8.random(in: 0...255, using: &random) }
        var badSig = good.wire
        badSig[badSig.count - 1] ^= 0x01
        let next = try Transaction.sign(body(nonce: 1), with: alice, genesisHash: genesis)
        var unknownAction = next.bodyBytes
        // The action tag sits right after the u32 action count; make it 0x7777.
        let tagOffset = unknownAction.count - (20 + 8) - 2
        unknownAction[tagOffset] = 0x77
        unknownAction[tagOffset + 1] = 0x77
        unknownAction += alice.sign(SigningDomain.transaction.message(chain: ChainIdentity(chainID: net.chainID, genesisHash: genesis), payload: unknownAction)).bytes

        let cases: [(String, [UInt8], String)] = [
            ("random bytes", garbage, "MALFORMED_TX"),
            ("truncated", Array(next.wire.dropLast(10)), "MALFORMED_TX"),
            ("trailing bytes", next.wire + [0], "MALFORMED_TX"),
            ("oversized", [UInt8](repeating: 1, count: 70_000), "TX_TOO_LARGE"),
            ("wrong chain", try Transaction.sign(body(chain: "other-chain", nonce: 1), with: alice, genesisHash: genesis).wire, "WRONG_CHAIN"),
            ("replayed nonce", good.wire, "DUPLICATE_TX_OR_NONCE"),
            ("old nonce, new bytes", try Transaction.sign(body(nonce: 0, amount: 11), with: alice, genesisHash: genesis).wire, "BAD_NONCE"),
            ("bad signature", badSig, "BAD_SIGNATURE_OR_NONCE"),
            ("signature of another key", Array(next.bodyBytes + SigningKey().sign(next.signingMessage(genesisHash: genesis)).bytes), "BAD_SIGNATURE"),
            ("signed for another network with the same chain id", try Transaction.sign(body(nonce: 1), with: alice, genesisHash: .zero).wire, "BAD_SIGNATURE"),
            ("unknown action", unknownAction, "UNKNOWN_ACTION"),
            ("fee below minimum", try Transaction.sign(body(nonce: 1, fee: 0), with: alice, genesisHash: genesis).wire, "INSUFFICIENT_FEE"),
            ("gas above block limit", try Transaction.sign(body(nonce: 1, gas: 2_000_000_000), with: alice, genesisHash: genesis).wire, "GAS_LIMIT_TOO_HIGH"),
            ("nonce far ahead", try Transaction.sign(body(nonce: 5_000), with: alice, genesisHash: genesis).wire, "NONCE_TOO_FAR"),
        ]
        for (name, raw, expected) in cases {
            let (status, code) = try await submit(net, raw)
            switch expected {
            // A replay of a committed transaction names it (409), rather than a stale nonce.
            case "DUPLICATE_TX_OR_NONCE": #expect(code == "ALREADY_COMMITTED", "\(name): got \(code)")
            case "BAD_SIGNATURE_OR_NONCE": #expect(code == "BAD_SIGNATURE", "\(name): got \(code)")
            default: #expect(code == expected, "\(name): got \(code)")
            }
            #expect(status == (code == "ALREADY_COMMITTED" ? 409 : 400), "\(name): HTTP \(status)")
            #expect(try await snapshot(net, aliceAddress) == before, "\(name) changed state")
        }

        // Malformed JSON, unknown mode, body too large, bad query parameters.
        let raws: [(String, String, Data, Int, String)] = [
            ("POST", "/tx", Data("{not json".utf8), 400, "MALFORMED_JSON"),
            ("POST", "/tx", Data(#"{"txx": "00"}"#.utf8), 400, "MALFORMED_JSON"),
            ("POST", "/tx", Data(#"{"tx": "00", "priority": 1}"#.utf8), 400, "MALFORMED_JSON"),
            ("POST", "/txs", Data(#"{"txs": [], "extra": true}"#.utf8), 400, "MALFORMED_JSON"),
            ("POST", "/tx", Data(#"{"tx": "zz"}"#.utf8), 400, "BAD_ENCODING"),
            ("POST", "/tx?mode=later", Data(#"{"tx": "00"}"#.utf8), 400, "BAD_PARAM"),
            ("POST", "/tx", Data(repeating: 0x20, count: 17 << 20), 413, "BODY_TOO_LARGE"),
            ("GET", "/account?address=desci1e2vcj3ynysjz779s3qwdpvr3vamgq8g6u78xxx", Data(), 400, "BAD_ADDRESS"),
            ("GET", "/block?height=abc", Data(), 400, "BAD_PARAM"),
            ("GET", "/block?height=99999", Data(), 404, "NOT_FOUND"),
            ("GET", "/tx?hash=1234", Data(), 400, "BAD_HASH"),
            ("GET", "/blocks?from=1&to=100000", Data(), 400, "BAD_RANGE"),
            ("GET", "/no-such-endpoint", Data(), 404, "NOT_FOUND"),
        ]
        for (method, path, data, status, code) in raws {
            let (got, body) = try await net.client.raw(method: method, path: path, body: method == "POST" ? data : nil)
            let err = try? JSONDecoder().decode(ErrorBody.self, from: body)
            #expect(got == status, "\(method) \(path): HTTP \(got)")
            #expect(err?.error.code == code, "\(method) \(path): \(String(decoding: body.prefix(200), as: UTF8.self))")
        }
        #expect(try await snapshot(net, aliceAddress) == before)
        // The node is still healthy.
        let (healthStatus, _) = try await net.client.raw(method: "GET", path: "/health", body: nil)
        #expect(healthStatus == 200)
    }
}
