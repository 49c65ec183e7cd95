import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
import Testing

/// A researcher's path through the built `desci` binary: register a raw dataset from a file, a
/// cleaned derivative with its activity, confirm co-authorship, and query lineage and records.
@Suite("contributions and datasets, end to end")
struct ContributionFlowTests {
    private struct TxOut: Decodable {
        var hash: Hash?
        var id: Hash?
        var receipt: ReceiptDTO?
    }

    @Test func datasetFromFileAndItsLineage() async throws {
        let net = try TestNetwork(accounts: ["alice", "bob"], balance: 1_000_000)
        try await net.start()
        let wallet = net.root.appendingPathComponent("wallet").path
        let passFile = net.root.appendingPathComponent("pass.txt")
        try Data("correct horse\n".utf8).write(to: passFile)
        let env = ["DESCI_NODE": net.url, "DESCI_HOME": wallet]
        func desci(_ args: [String]) throws -> CommandResult {
            let r = try runTool("desci", args, env: env)
            if r.status != 0 { print("desci \(args.joined(separator: " ")) -> \(r.status): \(r.stderr)") }
            return r
        }
        for name in ["alice", "bob"] {
            let seedFile = net.root.appendingPathComponent("\(name).seed")
            try Data(Hex.encode(net.funded[name]!).utf8).write(to: seedFile)
            #expect(try desci(["keys", "import", name, seedFile.path, "--passphrase-file", passFile.path]).status == 0)
        }
        let pass = ["--passphrase-file", passFile.path, "--output", "json"]

        // A raw dataset from a file (a little over 2 MiB, so hashing streams several chunks).
        let rawFile = net.root.appendingPathComponent("raw.csv")
        var content = Data()
        for i in 0..<100_000 { content.append(Data("row-\(i),\(i * 7 % 1000)\n".utf8)) }
        try content.write(to: rawFile)
        var r = try desci(["tx", "dataset", "register", rawFile.path, "--from", "alice", "--title", "Raw field measurements",
                           "--license", "CC-BY-4.0", "--contributor", "name=Alice,key=alice,roles=investigation:lead+data-curation:lead",
                           "--contributor", "name=Bob,key=bob,orcid=0000-0002-1825-0097,roles=investigation:supporting",
                           "--activity", "collection", "--started", "2026-01-02T10:00:00Z", "--ended", "2026-01-03T10:00:00Z"] + pass)
        #expect(r.status == 0, "\(r.stderr)")
        let raw = try JSONDecoder().decode(TxOut.self, from: Data(r.stdout.utf8))
        #expect(raw.receipt?.status == "success")
        let rawID = try #require(raw.id)

        // The digest the wallet computed is the file's SHA-256.
        let expected = [0x12, 0x20] + SHA256.hash(Array(content)).bytes
        r = try desci(["query", "contribution", "--digest", Hex.encode(expected), "--output", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let byDigest = try JSONDecoder().decode(ContributionDTO.self, from: Data(r.stdout.utf8))
        #expect(byDigest.id == rawID && byDigest.size == UInt64(content.count) && byDigest.kind == "dataset")
        #expect(byDigest.unconfirmedRoles.map(\.name) == ["Bob"] && byDigest.confirmedRoles.map(\.name) == ["Alice"])

        // Registering the same file again is refused with the existing id.
        r = try desci(["tx", "dataset", "register", rawFile.path, "--from", "alice", "--title", "Again", "--license", "MIT"] + pass)
        #expect(r.status != 0 && r.stdout.contains("DUPLICATE_CONTENT") && r.stdout.contains(rawID.hex), "\(r.stdout) \(r.stderr)")

        // Bob confirms; a cleaned derivative with its code and parameters.
        r = try desci(["tx", "contribution", "confirm", rawID.hex, "--from", "bob"] + pass)
        #expect(r.status == 0, "\(r.stderr)")
        let cleanFile = net.root.appendingPathComponent("clean.csv"), codeFile = net.root.appendingPathComponent("clean.py"),
            paramsFile = net.root.appendingPathComponent("params.json")
        try Data("row,value\n1,2\n".utf8).write(to: cleanFile)
        try Data("print('clean')\n".utf8).write(to: codeFile)
        try Data(#"{"threshold": 3}"#.utf8).write(to: paramsFile)
        r = try desci(["tx", "dataset", "register", cleanFile.path, "--from", "alice", "--title", "Cleaned measurements", "--license", "CC-BY-4.0",
                       "--derived-from", rawID.hex, "--activity", "cleaning", "--code-file", codeFile.path, "--params-file", paramsFile.path] + pass)
        #expect(r.status == 0, "\(r.stderr)")
        let cleanID = try #require(try JSONDecoder().decode(TxOut.self, from: Data(r.stdout.utf8)).id)

        r = try desci(["query", "lineage", cleanID.hex, "--depth", "5", "--output", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let lineage = try JSONDecoder().decode(LineageDTO.self, from: Data(r.stdout.utf8))
        #expect(lineage.nodes.map(\.id) == [cleanID, rawID])
        #expect(lineage.edges == [LineageEdgeDTO(child: cleanID, parent: rawID)])
        r = try desci(["query", "descendants", rawID.hex])
        #expect(r.status == 0 && r.stdout.contains(cleanID.hex) && r.stdout.contains("Cleaned measurements"))
        r = try desci(["query", "contribution", rawID.hex])
        #expect(r.stdout.contains("confirmed roles:") && r.stdout.contains("Bob <"))

        // Retraction of the raw data shows downstream.
        r = try desci(["tx", "contribution", "retract", rawID.hex, "--reason", "sensor fault", "--from", "alice"] + pass)
        #expect(r.status == 0, "\(r.stderr)")
        r = try desci(["query", "contribution", cleanID.hex, "--output", "json"])
        let clean = try JSONDecoder().decode(ContributionDTO.self, from: Data(r.stdout.utf8))
        #expect(clean.dependsOnRetraction && clean.retractedAncestors == [rawID])
        #expect(clean.activity?.kind == "cleaning" && clean.activity?.codeDigest == Hex.encode([0x12, 0x20] + SHA256.hash(Array("print('clean')\n".utf8)).bytes))
        r = try desci(["query", "versions", cleanID.hex, "--output", "json"])
        #expect(try JSONDecoder().decode(ContributionPageDTO.self, from: Data(r.stdout.utf8)).items.map(\.id) == [cleanID])
        _ = try await net.stop()
    }
}
