import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
import Testing

/// The DAO through the built binaries: propose a grant, vote, see it tallied and executed, query it.
@Suite("governance through the wallet, end to end")
struct GovernanceFlowTests {
    @Test func proposeVoteExecuteQuery() async throws {
        let net = try TestNetwork(accounts: ["alice", "bob"], balance: 1_000_000, daoMembers: ["alice", "bob"],
                                  extraDAO: #", "voting_period_blocks": 3, "timelock_blocks": 0, "min_deposit": 10, "treasury": 1000"#)
        try await net.start()
        defer { Task { try? await net.stop() } }
        let wallet = net.root.appendingPathComponent("wallet").path
        let passFile = net.root.appendingPathComponent("pass.txt")
        try Data("pw\n".utf8).write(to: passFile)
        let env = ["DESCI_NODE": net.url, "DESCI_HOME": wallet]
        func desci(_ args: [String]) throws -> CommandResult {
            let r = try runTool("desci", args, env: env)
            if r.status != 0 { print("desci \(args.joined(separator: " ")) -> \(r.status): \(r.stderr)") }
            return r
        }
        for name in ["alice", "bob"] {
            let seed = net.root.appendingPathComponent("\(name).seed")
            try Data(Hex.encode(net.funded[name]!).utf8).write(to: seed)
            #expect(try desci(["keys", "import", name, seed.path, "--passphrase-file", passFile.path]).status == 0)
        }
        let bob = Address(publicKey: try net.key("bob").publicKey)
        let bobBefore = try JSONDecoder().decode(AccountDTO.self, from: Data(try desci(["query", "account", "bob", "--output", "json"]).stdout.utf8)).balance

        var r = try desci(["tx", "gov", "propose", "--title", "Pilot grant", "--summary", "two tranches", "--deposit", "10",
                           "--grant", "bob", "--milestone", "100:pilot", "--milestone", "200:full",
                           "--from", "alice", "--mode", "commit", "--passphrase-file", passFile.path, "--output", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let submitted = try JSONDecoder().decode(SubmitResultDTO.self, from: Data(r.stdout.utf8))
        #expect(submitted.receipt?.events.contains { $0.kind == "proposal_submitted" } == true)

        for name in ["alice", "bob"] {
            r = try desci(["tx", "gov", "vote", "1", "yes", "--from", name, "--mode", "commit", "--passphrase-file", passFile.path])
            #expect(r.status == 0, "\(r.stderr)")
        }
        // Votes landed at heights h+1 and h+2; the end height h+3 is due next, so the producer makes
        // that block even with an empty mempool (empty blocks are off).
        // The tally (and, with no timelock, the execution) happens at the end height; wait for it.
        var proposal: ProposalDTO?
        for _ in 0..<100 {
            r = try desci(["query", "proposal", "1", "--output", "json"])
            proposal = try? JSONDecoder().decode(ProposalDTO.self, from: Data(r.stdout.utf8))
            if proposal?.status == "executed" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(proposal?.status == "executed", "\(String(describing: proposal))")
        let bobAfter = try JSONDecoder().decode(AccountDTO.self, from: Data(try desci(["query", "account", bob.bech32, "--output", "json"]).stdout.utf8)).balance
        #expect(bobAfter == bobBefore + 100 - 1)  // the first tranche, minus bob's vote fee

        // A rejected action comes back with its code.
        r = try desci(["tx", "gov", "propose", "--title", "x", "--deposit", "1", "--text", "--from", "alice", "--mode", "commit",
                       "--passphrase-file", passFile.path])
        #expect(r.status != 0 && r.stdout.contains("INSUFFICIENT_DEPOSIT"), "\(r.stdout) \(r.stderr)")

        r = try desci(["query", "members", "--output", "json"])
        #expect(try JSONDecoder().decode(MembersDTO.self, from: Data(r.stdout.utf8)).count == 2)
        r = try desci(["query", "params", "--output", "json"])
        #expect(try JSONDecoder().decode(ParamsDTO.self, from: Data(r.stdout.utf8)).votingPeriodBlocks == 3)
        r = try desci(["query", "policy", "proposal.passes"])
        #expect(r.status == 0 && r.stdout.contains("\"vetoed\""), "\(r.stderr)")
        r = try desci(["query", "proposals", "--status", "executed", "--output", "json"])
        #expect(try JSONDecoder().decode(ProposalListDTO.self, from: Data(r.stdout.utf8)).proposals.map(\.id) == [1])
        r = try runTool("desci", ["rules", "eval", "--rule", #"{"+": [{"var": "a"}, 2]}"#, "--data", #"{"a": 3}"#])
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "5")
        try await net.stop()
    }
}
