import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
@testable import LedgerNode
import LedgerRules
import LedgerStorageRocksDB
import Testing

/// A research consortium's life on the chain, end to end through `NodeCore` on RocksDB: four DAO
/// members register a raw dataset, a cleaned derivative, a model trained on it and a paper citing all
/// three (with co-signed CRediT roles and a disclosed AI contributor); reviews and reproductions move
/// the dataset's status; the DAO changes a policy and grants treasury funds by vote with delegation in
/// play; a retraction shows up downstream; and a fresh replay reaches the same state.
@Suite("consortium scenario")
struct ConsortiumScenarioTests {
    static let alice: UInt8 = 41, bob: UInt8 = 42, carol: UInt8 = 43, dave: UInt8 = 44, eve: UInt8 = 45

    final class Consortium {
        let dir: TempDir
        let node: NodeCore
        let genesis: GenesisDocument
        var nonces: [UInt8: UInt64] = [:]
        var clock = testGenesisMillis

        init() throws {
            dir = try TempDir()
            var g = testGenesis(maxBlockGas: 1 << 40, accounts: [alice, bob, carol, dave, eve].map { (addr($0), 10_000_000_000) })
            g.dao = .init(members: [alice, bob, carol, dave].map(addr), votingStrategy: "one_member_one_vote", votingPeriodBlocks: 3,
                          timelockBlocks: 1, minDeposit: 1_000, treasury: 1_000_000)
            genesis = g
            node = try makeNode(g, kv: try RocksDBStore(path: dir.sub("db")))
        }

        deinit { dir.remove() }

        /// Sends one action from `who`, makes a block, and returns the receipt and the transaction id.
        @discardableResult
        func send(_ who: UInt8, _ action: Action) async throws -> (receipt: ReceiptDTO, txID: Hash) {
            let n = nonces[who, default: 0]
            nonces[who] = n + 1
            let body = TransactionBody(chainID: testChainID, sender: key(who).publicKey, nonce: n, gasLimit: 5_000_000, fee: 10, actions: [action])
            let tx = try signed(body, by: key(who), genesisHash: genesis.hash)
            let r = try await node.submit(tx.wire, mode: .sync, timeoutMillis: 0)
            #expect(r.accepted, "\(r.code): \(r.message)")
            try block()
            return (try await node.transaction(id: tx.id).receipt, tx.id)
        }

        /// Sends and expects success; returns the id of the record the action created.
        func create(_ who: UInt8, _ action: Action, kind: String) async throws -> Hash {
            let (receipt, txID) = try await send(who, action)
            #expect(receipt.status == "success", "\(action.name): \(receipt.code) \(receipt.message)")
            return RecordID.derive(transaction: txID, actionIndex: 0, kind: kind)
        }

        func block() throws {
            clock += 1000
            try node.produceBlock(nowMillis: clock, allowEmpty: true)
        }

        func blocks(_ n: Int) throws { for _ in 0..<n { try block() } }
    }

    static func digest(_ s: String) -> [UInt8] { [0x12, 0x20] + SHA256.hash(Array(s.utf8)).bytes }
    static func role(_ r: CRediTRole, _ d: ContributionDegree) -> RoleClaim { RoleClaim(role: r.code, degree: d.code) }

    @Test func aConsortiumLivesOnTheChain() async throws {
        let c = try Consortium()
        let (alice, bob, carol, dave, eve) = (Self.alice, Self.bob, Self.carol, Self.dave, Self.eve)

        // 1. A raw dataset by alice with bob as a supporting investigator; bob co-signs his role.
        let raw = try await c.create(alice, .registerContribution(RegisterContribution(
            kind: .dataset, title: "Coral reef survey 2026, raw", digest: Self.digest("raw"), size: 52_000_000, license: "CC-BY-4.0",
            contributors: [ContributorEntry(name: "Alice", address: addr(alice), orcid: "0000-0002-1825-0097", roles: [Self.role(.dataCuration, .lead)]),
                           ContributorEntry(name: "Bob", address: addr(bob), roles: [Self.role(.investigation, .supporting)])],
            activity: ProvenanceActivity(kind: .collection, agent: addr(alice)))), kind: "contribution")
        var record = try await c.node.contribution(id: raw)
        #expect(record.unconfirmedRoles.contains { $0.address == addr(bob) })
        try await c.send(bob, .confirmContribution(ConfirmContribution(contribution: raw, accept: true)))
        record = try await c.node.contribution(id: raw)
        #expect(record.unconfirmedRoles.isEmpty)
        #expect(record.confirmedRoles.count == 2)

        // 2. A cleaned derivative by bob, derived from the raw data by a cleaning activity.
        let cleaned = try await c.create(bob, .registerContribution(RegisterContribution(
            kind: .dataset, title: "Coral reef survey 2026, cleaned", digest: Self.digest("cleaned"), size: 31_000_000, license: "CC-BY-4.0",
            contributors: [ContributorEntry(name: "Bob", address: addr(bob), roles: [Self.role(.dataCuration, .lead)])],
            derivedFrom: [raw], activity: ProvenanceActivity(kind: .cleaning, codeDigest: Self.digest("clean.py"), agent: addr(bob)))),
            kind: "contribution")

        // 3. A model trained on it by carol; a language model used for drafting, registered as software.
        let model = try await c.create(carol, .registerContribution(RegisterContribution(
            kind: .model, title: "Reef health classifier v1", digest: Self.digest("model"), size: 90_000_000, license: "Apache-2.0",
            contributors: [ContributorEntry(name: "Carol", address: addr(carol), roles: [Self.role(.software, .lead), Self.role(.formalAnalysis, .lead)])],
            derivedFrom: [cleaned], activity: ProvenanceActivity(kind: .training, codeDigest: Self.digest("train.py"),
                                                                  parametersDigest: Self.digest("params"), agent: addr(carol)))),
            kind: "contribution")
        let llm = try await c.create(dave, .registerContribution(RegisterContribution(
            kind: .software, title: "Drafting language model 7B, 2026-10", digest: Self.digest("llm"), size: 14_000_000_000, license: "Apache-2.0",
            contributors: [ContributorEntry(name: "Dave", address: addr(dave), roles: [Self.role(.software, .lead)])])), kind: "contribution")

        // 4. The paper cites all three; carol co-signs; the language model is disclosed as a machine contributor.
        let paper = try await c.create(alice, .registerContribution(RegisterContribution(
            kind: .paper, title: "Reef decline measured and modelled", digest: Self.digest("paper"), size: 2_000_000, license: "CC-BY-4.0",
            contributors: [ContributorEntry(name: "Alice", address: addr(alice), roles: [Self.role(.writingOriginalDraft, .lead), Self.role(.conceptualization, .lead)]),
                           ContributorEntry(name: "Carol", address: addr(carol), roles: [Self.role(.formalAnalysis, .equal)]),
                           ContributorEntry(name: "LLM-7B", agent: llm, roles: [Self.role(.writingOriginalDraft, .supporting)])],
            references: [raw, cleaned, model])), kind: "contribution")
        try await c.send(carol, .confirmContribution(ConfirmContribution(contribution: paper, accept: true)))
        let paperView = try await c.node.contribution(id: paper)
        #expect(paperView.machineContributors.count == 1)
        #expect(paperView.machineContributors.first?.agent?.id == llm)
        // Every person has co-signed; only the machine contributor's roles stand on the registrant's word.
        #expect(paperView.unconfirmedRoles.allSatisfy { $0.address == nil && $0.agent != nil })
        #expect(paperView.confirmedRoles.count == 2)
        #expect(try await c.node.citations(id: model, limit: 10, after: nil).items.map(\.id) == [paper])

        // 5. Two reviews and two reproductions by non-contributors move the cleaned dataset's status.
        #expect(try await c.node.contribution(id: cleaned).status == "registered")
        // bob is its contributor: reviewing his own work is refused by attestation.admit.
        let own = try await c.send(bob, .attest(Attest(subject: cleaned, kind: .review, verdict: Attest.Verdict.accept)))
        #expect(own.receipt.code == "POLICY_DENIED")
        _ = try await c.create(carol, .attest(Attest(subject: cleaned, kind: .review, verdict: Attest.Verdict.accept, scores: [9, 8])), kind: "attestation")
        _ = try await c.create(dave, .attest(Attest(subject: cleaned, kind: .review, verdict: Attest.Verdict.minor, scores: [7, 7])), kind: "attestation")
        #expect(try await c.node.contribution(id: cleaned).status == "reviewed")
        _ = try await c.create(dave, .attest(Attest(subject: cleaned, kind: .reproduction, verdict: Attest.Verdict.success,
                                                    outputDigest: Self.digest("out-dave"), environmentDigest: Self.digest("env"))), kind: "attestation")
        #expect(try await c.node.contribution(id: cleaned).status == "reviewed")
        _ = try await c.create(alice, .attest(Attest(subject: cleaned, kind: .reproduction, verdict: Attest.Verdict.success,
                                                     outputDigest: Self.digest("out-alice"))), kind: "attestation")
        #expect(try await c.node.contribution(id: cleaned).status == "reproduced")

        // 6. The DAO changes contribution.admit by vote, with delegation in play: carol delegates to dave.
        try await c.send(carol, .delegate(Delegate(to: addr(dave))))
        let membersOnly = #"{"in": [{"var": "sender"}, ["\#(addr(alice))", "\#(addr(bob))", "\#(addr(carol))", "\#(addr(dave))"]]}"#
        let policyRule = try Policies.validate(rule: Array(membersOnly.utf8)).canonicalBytes
        let (proposeReceipt, _) = try await c.send(alice, .propose(Propose(title: "Members only", summary: "Only members register records",
                                                                          actions: [.setPolicy(name: "contribution.admit", rule: policyRule)], deposit: 5_000)))
        #expect(proposeReceipt.status == "success", "\(proposeReceipt.code) \(proposeReceipt.message)")
        let policyProposal = try #require(try await c.node.proposals(status: nil, after: 0, limit: 10).proposals.last).id
        try await c.send(alice, .vote(CastVote(proposal: policyProposal, option: .yes)))
        try await c.send(bob, .vote(CastVote(proposal: policyProposal, option: .no)))
        try await c.send(dave, .vote(CastVote(proposal: policyProposal, option: .yes)))
        try c.blocks(6)
        let decided = try await c.node.proposal(id: policyProposal)
        #expect(decided.status == "executed", "\(decided.status) \(decided.failure ?? "")")
        let tally = try #require(decided.tally)
        #expect(tally.yes == 3 * tally.no, "dave's yes carries carol's delegated vote: \(tally)")
        #expect(try await c.node.policy(name: "contribution.admit").rule == String(decoding: policyRule, as: UTF8.self))
        // eve, not a member, may no longer register.
        let refused = try await c.send(eve, .registerContribution(RegisterContribution(
            kind: .preprint, title: "Outsider", digest: Self.digest("eve"), size: 1, license: "CC0-1.0",
            contributors: [ContributorEntry(name: "Eve", address: addr(eve), roles: [Self.role(.writingOriginalDraft, .lead)])])))
        #expect(refused.receipt.code == "POLICY_DENIED")

        // 7. A treasury grant in two milestones; the first is paid when the proposal executes.
        let bobBefore = try await c.node.account(address: addr(bob)).balance
        let treasuryBefore = try await c.node.treasury().balance
        try await c.send(bob, .propose(Propose(title: "Field season 2027", summary: "Two milestones",
                                               actions: [.grant(recipient: addr(bob), milestones: [Milestone(amount: 40_000, description: "boat"),
                                                                                                   Milestone(amount: 60_000, description: "analysis")])],
                                               deposit: 1_000)))
        let grantProposal = try #require(try await c.node.proposals(status: nil, after: policyProposal, limit: 10).proposals.first).id
        for member in [alice, bob, dave] { try await c.send(member, .vote(CastVote(proposal: grantProposal, option: .yes))) }
        try c.blocks(6)
        #expect(try await c.node.proposal(id: grantProposal).status == "executed")
        #expect(try await c.node.treasury().balance == treasuryBefore - 40_000)
        // bob paid a fee for each of his transactions (propose, vote) and got his deposit back.
        #expect(try await c.node.account(address: addr(bob)).balance == bobBefore - 20 + 40_000)

        // 8. alice retracts the raw dataset; everything built on it shows the dependency.
        try await c.send(alice, .retractContribution(RetractContribution(contribution: raw, reason: "sensor calibration error")))
        let modelView = try await c.node.contribution(id: model)
        #expect(modelView.dependsOnRetraction)
        #expect(modelView.retractedAncestors == [raw])
        let lineage = try await c.node.lineage(id: model, depth: 10)
        #expect(lineage.nodes.contains { $0.id == raw && $0.retracted })
        #expect(try await c.node.descendants(id: raw, depth: 10).nodes.map(\.id).contains(model))

        // 9. A fresh node replaying the same blocks reaches the same state root.
        let scratch = c.dir.sub("replay")
        let report = try ChainReplay.verify(source: c.node.chain, genesis: c.genesis, scratchPath: scratch)
        #expect(report.finalStateRoot == (try c.node.chain.tip.stateRoot))
        #expect(report.blocks == (try c.node.chain.tip.height))
    }
}
