import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
import Testing
import WalletKit

/// `desci tx attest` and `desci query attestations` through the built binaries and a real node. No
/// record can be registered on this branch yet, so the path covered is: local file hashing,
/// signing, submission, the contract's refusal in the receipt, and the query endpoints.
@Suite("attestations through the wallet and RPC")
struct AttestationCLITests {
    @Test func attestCommandsAndQueries() async throws {
        let net = try TestNetwork(accounts: ["alice"], balance: 1_000_000)
        try await net.start()
        defer { Task { try? await net.stop() } }
        let wallet = net.root.appendingPathComponent("wallet").path
        let passFile = net.root.appendingPathComponent("pass.txt")
        try Data("correct horse\n".utf8).write(to: passFile)
        let seedFile = net.root.appendingPathComponent("alice.seed")
        try Data(Hex.encode(net.funded["alice"]!).utf8).write(to: seedFile)
        let env = ["DESCI_NODE": net.url, "DESCI_HOME": wallet]
        func desci(_ args: [String]) throws -> CommandResult { try runTool("desci", args, env: env) }
        #expect(try desci(["keys", "import", "alice", seedFile.path, "--passphrase-file", passFile.path]).status == 0)

        let subject = String(repeating: "ab", count: 32)
        // 3 MiB output file: hashed locally in chunks into a SHA-256 multihash.
        let content = [UInt8]((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let output = net.root.appendingPathComponent("output.bin")
        try Data(content).write(to: output)
        var r = try desci(["tx", "attest", "reproduce", subject, "--outcome", "success", "--output-file", output.path, "--from", "alice",
                           "--generate-only"])
        #expect(r.status == 0, "\(r.stderr)")
        let body = try JSONDecoder().decode(TransactionBodyJSON.self, from: Data(r.stdout.utf8))
        guard case let .attest(a)? = body.actions.first else {
            Issue.record("expected an attest action: \(r.stdout)")
            return
        }
        #expect(a.kind == .reproduction && a.verdict == Attest.Verdict.success)
        #expect(a.outputDigest == [0x12, 0x20] + SHA256.hash(content).bytes)
        #expect(a.subject.hex == subject)

        // Submitted and committed: the contract refuses an unknown subject, the CLI exits 2.
        r = try desci(["tx", "attest", "endorse", subject, "--from", "alice", "--passphrase-file", passFile.path, "--output", "json"])
        #expect(r.status == 2, "\(r.stderr)")
        let result = try JSONDecoder().decode(SubmitResultDTO.self, from: Data(r.stdout.utf8))
        #expect(result.receipt?.code == "UNKNOWN_RECORD")
        r = try desci(["tx", "attest", "review", subject, "--verdict", "accept", "--score", "11", "--from", "alice",
                       "--passphrase-file", passFile.path, "--output", "json"])
        #expect(try JSONDecoder().decode(SubmitResultDTO.self, from: Data(r.stdout.utf8)).receipt?.code == "INVALID_SCORE")
        r = try desci(["tx", "attest", "quality", subject, "--rating", "5", "--from", "alice", "--passphrase-file", passFile.path])
        #expect(r.status != 0 && r.stderr.contains("--rating"))
        r = try desci(["tx", "attest", "review", subject, "--verdict", "accept", "--report-digest", "1111", "--from", "alice",
                       "--passphrase-file", passFile.path])
        #expect(r.status != 0 && r.stderr.contains("multihash"))

        // Queries.
        r = try desci(["query", "attestations", subject])
        #expect(r.status != 0 && r.stderr.contains("NOT_FOUND"))
        r = try desci(["query", "attestations", "--attester", "alice", "--output", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let list = try JSONDecoder().decode(AttestationListDTO.self, from: Data(r.stdout.utf8))
        #expect(list.attestations.isEmpty && list.next == nil)
        for (path, code) in [("/attestations", "MISSING_PARAM"), ("/attestations?subject=\(subject)&limit=0", "BAD_PARAM"),
                             ("/attestations?subject=zz", "BAD_HASH"), ("/attestations?attester=nope", "BAD_ADDRESS"),
                             ("/attestation", "MISSING_PARAM"), ("/attestation?id=\(subject)", "NOT_FOUND")] {
            let (status, data) = try await net.client.raw(method: "GET", path: path, body: nil)
            #expect(status == (code == "NOT_FOUND" ? 404 : 400), "\(path)")
            #expect((try? JSONDecoder().decode(ErrorBody.self, from: data))?.error.code == code, "\(path)")
        }
    }
}
