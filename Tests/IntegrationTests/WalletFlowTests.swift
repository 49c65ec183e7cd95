import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
import Testing

/// A user's path: keys, a transfer, queries, a restart, queries again — all through the built binaries.
@Suite("wallet and node, end to end")
struct WalletFlowTests {
    @Test func keysTransferQueryRestart() async throws {
        let net = try TestNetwork(accounts: ["alice"], balance: 1_000_000)
        try await net.start()
        let wallet = net.root.appendingPathComponent("wallet").path
        let passFile = net.root.appendingPathComponent("pass.txt")
        try Data("correct horse\n".utf8).write(to: passFile)
        let seedFile = net.root.appendingPathComponent("alice.seed")
        try Data(Hex.encode(net.funded["alice"]!).utf8).write(to: seedFile)
        var env: [String: String] { ["DESCI_NODE": net.url, "DESCI_HOME": wallet] }
        func desci(_ args: [String]) throws -> CommandResult {
            let started = Date()
            let r = try runTool("desci", args, env: env)
            if r.status != 0 { print("desci \(args.joined(separator: " ")) -> \(r.status): \(r.stderr)") }
            if Date().timeIntervalSince(started) > 5 { print("slow: desci \(args.joined(separator: " ")) took \(Date().timeIntervalSince(started)) s") }
            return r
        }

        // Keys: import the funded key from its seed, create a fresh one, list them.
        var r = try desci(["keys", "import", "alice", seedFile.path, "--passphrase-file", passFile.path])
        #expect(r.status == 0, "\(r.stderr)")
        r = try desci(["keys", "add", "carol", "--passphrase-file", passFile.path, "--output", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let carol = try JSONDecoder().decode([String: AnyCodableValue].self, from: Data(r.stdout.utf8))
        let carolAddress = carol["address"]?.string ?? ""
        #expect(carolAddress.hasPrefix("desci1"))
        let keyPath = URL(fileURLWithPath: wallet).appendingPathComponent("keys/carol.json").path
        let mode = try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        r = try desci(["keys", "list"])
        #expect(r.stdout.contains("alice") && r.stdout.contains("carol"))
        r = try desci(["keys", "add", "carol", "--passphrase-file", passFile.path])
        #expect(r.status != 0 && r.stderr.contains("already exists"))

        // A transfer committed in a block.
        r = try desci(["tx", "transfer", "--from", "alice", "--to", "carol", "--amount", "250", "--fee", "2",
                       "--mode", "commit", "--passphrase-file", passFile.path, "--output", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let result = try JSONDecoder().decode(SubmitResultDTO.self, from: Data(r.stdout.utf8))
        let height = try #require(result.height)
        #expect(result.receipt?.status == "success")
        let hash = try #require(result.hash)

        // Wrong passphrase: clear error, nothing sent.
        r = try runTool("desci", ["tx", "transfer", "--from", "alice", "--to", "carol", "--amount", "1"], env: env.merging(["DESCI_PASSPHRASE": "nope"]) { $1 })
        #expect(r.status != 0 && r.stderr.contains("wrong passphrase"))

        func balances() throws -> (UInt64, UInt64, UInt64) {
            let a = try JSONDecoder().decode(AccountDTO.self, from: Data(try desci(["query", "account", "alice", "--output", "json"]).stdout.utf8))
            let c = try JSONDecoder().decode(AccountDTO.self, from: Data(try desci(["query", "account", carolAddress, "--output", "json"]).stdout.utf8))
            return (a.balance, c.balance, a.nonce)
        }
        var (aliceBalance, carolBalance, aliceNonce) = try balances()
        #expect(aliceBalance == 1_000_000 - 250 - 2)
        #expect(carolBalance == 250)
        #expect(aliceNonce == 1)
        r = try desci(["query", "tx", hash.hex, "--output", "json"])
        let tx = try JSONDecoder().decode(TransactionDTO.self, from: Data(r.stdout.utf8))
        #expect(tx.height == height && tx.receipt.status == "success" && tx.receipt.feePaid == 2)
        r = try desci(["query", "block", String(height), "--output", "json"])
        let block = try JSONDecoder().decode(BlockDTO.self, from: Data(r.stdout.utf8))
        #expect(block.transactions.contains(hash))
        #expect(block.commit?.signatures.count == 1)

        // Offline signing: generate-only, sign with an explicit nonce, broadcast.
        r = try desci(["tx", "transfer", "--from", "alice", "--to", carolAddress, "--amount", "5", "--generate-only"])
        #expect(r.status == 0, "\(r.stderr)")
        let unsigned = net.root.appendingPathComponent("unsigned.json")
        try Data(r.stdout.utf8).write(to: unsigned)
        let signedFile = net.root.appendingPathComponent("signed.json")
        // Offline signing needs the network's genesis hash: signatures are bound to it.
        r = try desci(["tx", "sign", unsigned.path, "--from", "alice", "--offline", "--nonce", "1", "--out", signedFile.path, "--passphrase-file", passFile.path])
        #expect(r.status != 0 && r.stderr.contains("MISSING_GENESIS_HASH") && r.stderr.contains("--genesis-hash"), "\(r.stderr)")
        let genesisHash = try await net.genesisHash()
        r = try desci(["tx", "sign", unsigned.path, "--from", "alice", "--offline", "--nonce", "1", "--genesis-hash", genesisHash.hex,
                       "--out", signedFile.path, "--passphrase-file", passFile.path])
        #expect(r.status == 0, "\(r.stderr)")
        r = try desci(["tx", "broadcast", signedFile.path, "--mode", "commit"])
        #expect(r.status == 0, "\(r.stderr)")
        // The same signed bytes again are a replay.
        r = try desci(["tx", "broadcast", signedFile.path])
        #expect(r.status != 0 && r.stderr.contains("ALREADY_COMMITTED"), "\(r.stderr)")

        (aliceBalance, carolBalance, aliceNonce) = try balances()
        #expect(carolBalance == 255 && aliceNonce == 2)

        // Restart: everything committed is still there.
        let status = try await net.stop()
        #expect(status == 0)
        #expect(net.lastLog().contains("database closed cleanly"))
        try await net.start()
        let after = try balances()
        #expect(after.0 == aliceBalance && after.1 == carolBalance && after.2 == aliceNonce)
        r = try desci(["query", "tx", hash.hex, "--output", "json"])
        #expect(try JSONDecoder().decode(TransactionDTO.self, from: Data(r.stdout.utf8)).height == height)

        // --gas auto: the limit comes from POST /simulate (gas used × 1.3), below the fixed default,
        // and the fee the wallet will pay is printed before sending.
        r = try desci(["tx", "transfer", "--from", "alice", "--to", "carol", "--amount", "1", "--gas", "auto",
                       "--mode", "commit", "--passphrase-file", passFile.path, "--output", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let auto = try JSONDecoder().decode(SubmitResultDTO.self, from: Data(r.stdout.utf8))
        let autoReceipt = try #require(auto.receipt)
        #expect(autoReceipt.status == "success")
        let feeLine = try #require(r.stderr.split(separator: "\n").first { $0.hasPrefix("fee: ") }, "\(r.stderr)")
        let limit = try #require(UInt64(feeLine.split(separator: " ").last?.dropLast() ?? ""), "\(feeLine)")
        #expect(limit >= autoReceipt.gasUsed && limit <= autoReceipt.gasUsed * 13 / 10 + 1, "\(feeLine) for \(autoReceipt.gasUsed) gas used")
        try await net.stop()

        // The stored chain replays from genesis to the same state.
        r = try runTool("desci-node", ["verify", "--home", net.home.path])
        #expect(r.status == 0 && r.stdout.hasPrefix("ok:"), "\(r.stderr)")
    }

    @Test func nodeRefusesAnotherChainsDataFolder() async throws {
        let net = try TestNetwork(chainID: "itest-a")
        try await net.start()
        try await net.stop()
        let other = try TestNetwork(chainID: "itest-b")
        // Put chain A's data under chain B's home.
        let fm = FileManager.default
        try fm.removeItem(at: other.home.appendingPathComponent("data"))
        try fm.copyItem(at: net.home.appendingPathComponent("data"), to: other.home.appendingPathComponent("data"))
        do {
            try await other.start()
            Issue.record("a node started on another chain's data")
        } catch {
            #expect("\(error)".contains("belongs to chain 'itest-a'"))
        }
    }
}

/// Minimal JSON value for reading CLI output without a dedicated type.
enum AnyCodableValue: Decodable {
    case string(String), number(Double), bool(Bool), other

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) { self = .string(s) } else if let n = try? c.decode(Double.self) { self = .number(n) } else if let b = try? c.decode(Bool.self) { self = .bool(b) } else { self = .other }
    }

    var string: String? { if case let .string(s) = self { s } else { nil } }
}
