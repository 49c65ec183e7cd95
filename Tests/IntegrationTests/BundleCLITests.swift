import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
import Testing

/// `desci audit FILE --bundle OUT` against a real node, then `desci verify` with no node at all:
/// exit 0 for the bundle as written, 7 for a tampered one or another genesis, 4 after a retraction.
@Suite("offline bundles, end to end")
struct BundleCLITests {
    private struct TxOut: Decodable { var id: Hash? }
    private struct Submitted: Decodable { var hash: Hash? }
    private struct Verdict: Decodable {
        struct Record: Decodable { var id: String; var retracted: Bool }
        var verified: Bool
        var exit_code: Int32
        var error: [String: String]?
        var file_verified: Bool?
        var records: [Record]
        struct Attestation: Decodable { var id: String; var subject: String; var kind: String; var revoked: Bool }
        var attestations: [Attestation]
    }

    @Test func auditBundleThenVerifyOffline() async throws {
        let net = try TestNetwork(accounts: ["alice", "bob"], balance: 1_000_000)
        try await net.start()
        let wallet = net.root.appendingPathComponent("wallet").path
        let passFile = net.root.appendingPathComponent("pass.txt")
        try Data("correct horse\n".utf8).write(to: passFile)
        let env = ["DESCI_NODE": net.url, "DESCI_HOME": wallet]
        let seedFile = net.root.appendingPathComponent("alice.seed")
        try Data(Hex.encode(net.funded["alice"]!).utf8).write(to: seedFile)
        #expect(try runTool("desci", ["keys", "import", "alice", seedFile.path, "--passphrase-file", passFile.path], env: env).status == 0)
        let bobSeed = net.root.appendingPathComponent("bob.seed")
        try Data(Hex.encode(net.funded["bob"]!).utf8).write(to: bobSeed)
        #expect(try runTool("desci", ["keys", "import", "bob", bobSeed.path, "--passphrase-file", passFile.path], env: env).status == 0)
        let pass = ["--passphrase-file", passFile.path, "--output", "json"]
        func file(_ name: String, _ text: String) throws -> URL {
            let u = net.root.appendingPathComponent(name)
            try Data(text.utf8).write(to: u)
            return u
        }
        func register(_ f: URL, _ extra: [String]) throws -> Hash {
            let r = try runTool("desci", ["tx", "dataset", "register", f.path, "--from", "alice", "--title", f.lastPathComponent, "--license", "CC-BY-4.0",
                                          "--contributor", "name=Alice,key=alice,roles=investigation:lead"] + extra + pass, env: env)
            #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
            return try #require(try JSONDecoder().decode(TxOut.self, from: Data(r.stdout.utf8)).id)
        }
        let rawFile = try file("raw.csv", "a,b\n1,2\n")
        let raw = try register(rawFile, [])
        let cleanFile = try file("clean.csv", "a\n1\n")
        let clean = try register(cleanFile, ["--derived-from", raw.hex])

        let bundle = net.root.appendingPathComponent("clean.bundle")
        var r = try runTool("desci", ["audit", cleanFile.path, "--bundle", bundle.path], env: env)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        let genesis = net.root.appendingPathComponent("genesis.json").path
        // No node: DESCI_NODE points nowhere.
        let offline = ["DESCI_NODE": "http://127.0.0.1:1", "DESCI_HOME": wallet]
        func verify(_ path: String, _ extra: [String] = []) throws -> (Int32, Verdict) {
            let r = try runTool("desci", ["verify", path, "--genesis", genesis, "--output", "json"] + extra, env: offline)
            return (r.status, try JSONDecoder().decode(Verdict.self, from: Data(r.stdout.utf8)))
        }
        var (status, v) = try verify(bundle.path, ["--file", cleanFile.path])
        #expect(status == 0 && v.verified && v.file_verified == true, "\(v)")
        #expect(v.records.map(\.id) == [raw.hex, clean.hex])
        r = try runTool("desci", ["verify", bundle.path, "--genesis", genesis], env: offline)
        #expect(r.status == 0 && r.stdout.contains("verified (exit 0)"), "\(r.stdout)")

        #expect(v.attestations.isEmpty)

        // bob (no contributor) reviews clean and endorses raw, then revokes the endorsement: the next
        // bundle carries both, proved offline, the revoked one marked.
        func bobTx(_ args: [String]) throws -> Hash {
            let r = try runTool("desci", ["tx", "attest"] + args + ["--from", "bob"] + pass, env: env)
            #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
            return try #require(try JSONDecoder().decode(Submitted.self, from: Data(r.stdout.utf8)).hash)
        }
        let review = RecordID.derive(transaction: try bobTx(["review", clean.hex, "--verdict", "accept"]), actionIndex: 0, kind: "attestation")
        let endorsement = RecordID.derive(transaction: try bobTx(["endorse", raw.hex]), actionIndex: 0, kind: "attestation")
        _ = try bobTx(["revoke", endorsement.hex])
        let attested = net.root.appendingPathComponent("attested.bundle")
        r = try runTool("desci", ["audit", cleanFile.path, "--bundle", attested.path], env: env)
        #expect(r.status == 0 && r.stderr.contains("2 attestations (1 revoked)") && r.stderr.contains("REVOKED"), "\(r.stdout) \(r.stderr)")
        (status, v) = try verify(attested.path, ["--file", cleanFile.path])
        #expect(status == 0 && v.verified, "\(v)")
        #expect(v.attestations.map(\.id) == [review.hex, endorsement.hex] && v.attestations.map(\.revoked) == [false, true])
        #expect(v.attestations.map(\.subject) == [clean.hex, raw.hex] && v.attestations.map(\.kind) == ["review", "endorsement"])
        r = try runTool("desci", ["verify", attested.path, "--genesis", genesis], env: offline)
        #expect(r.status == 0 && r.stdout.contains("2 attestation(s), 1 revoked") && r.stdout.contains("REVOKED at height"), "\(r.stdout)")

        // The wrong file, a tampered byte, another genesis hash: 7, naming what failed.
        (status, v) = try verify(bundle.path, ["--file", rawFile.path])
        #expect(status == 7 && v.error?["code"] == "BUNDLE_FILE_MISMATCH", "\(v)")
        var bytes = try Data(contentsOf: bundle)
        bytes[bytes.count / 2] ^= 0x04
        let tampered = net.root.appendingPathComponent("tampered.bundle")
        try bytes.write(to: tampered)
        (status, v) = try verify(tampered.path)
        #expect(status == 7 && !v.verified && v.error?["code"] != nil, "\(v)")
        r = try runTool("desci", ["verify", bundle.path, "--genesis-hash", String(repeating: "00", count: 32), "--output", "json"], env: offline)
        #expect(r.status == 7 && r.stdout.contains("BUNDLE_GENESIS_MISMATCH"), "\(r.stdout)")

        // A retracted ancestor: the new bundle still verifies, with exit 4 and the ancestor marked.
        r = try runTool("desci", ["tx", "contribution", "retract", raw.hex, "--from", "alice", "--reason", "sensor fault"] + pass, env: env)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        let later = net.root.appendingPathComponent("later.bundle")
        r = try runTool("desci", ["audit", cleanFile.path, "--bundle", later.path], env: env)
        #expect(r.status == 4, "\(r.stdout) \(r.stderr)")
        (status, v) = try verify(later.path)
        #expect(status == 4 && v.verified && v.records.first?.retracted == true, "\(v)")
        #expect(try await net.stop() == 0)
    }
}
