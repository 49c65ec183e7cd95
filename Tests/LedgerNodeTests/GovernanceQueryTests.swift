import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
@testable import LedgerNode
import LedgerRules
import LedgerStorageRocksDB
import Testing

/// A genesis with a DAO of alice, bob and carol and a funded treasury.
func daoGenesis() -> GenesisDocument {
    var g = testGenesis()
    g.dao = .init(members: [addr(alice), addr(bob), addr(carol)], votingStrategy: "one_member_one_vote", votingPeriodBlocks: 3,
                  timelockBlocks: 1, minDeposit: 10, treasury: 5_000)
    return g
}

func signedActions(_ from: UInt8, _ actions: [Action], nonce: UInt64, genesisHash: Hash = daoGenesis().hash) throws -> Transaction {
    let k = key(from)
    let body = TransactionBody(chainID: testChainID, sender: k.publicKey, nonce: nonce, gasLimit: 2_000_000, fee: 1, expiry: nil, actions: actions)
    return try signed(body, by: k, genesisHash: genesisHash)
}

@Suite("Governance through the node (RocksDB)")
struct GovernanceQueryTests {
    @Test("a grant proposal is submitted, voted, tallied and executed in end-block; queries and replay agree")
    func lifecycle() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let node = try makeNode(daoGenesis(), kv: try RocksDBStore(path: dir.sub("a")))
        var time = testGenesisMillis
        func block() throws {
            time += 1000
            _ = try node.produceBlock(nowMillis: time, allowEmpty: true)
        }
        let recipient = plainAddress(0x55)
        // Three members, paged two at a time in address order; `next` continues, nil at the end.
        let firstMembers = try await node.members(after: nil, limit: 2)
        let nextMember = try #require(firstMembers.next)
        let lastMembers = try await node.members(after: nextMember, limit: 2)
        #expect(firstMembers.count == 2 && lastMembers.count == 1 && lastMembers.next == nil)
        #expect((firstMembers.members + lastMembers.members).map(\.address) == [addr(alice), addr(bob), addr(carol)].sorted())
        #expect(try await node.members(after: nil, limit: 3).next == nil)
        await #expect(throws: APIError.self) { try await node.members(after: nil, limit: 101) }
        #expect(try await node.treasury().balance == 5_000)
        let params = try await node.params()
        #expect(params.votingPeriodBlocks == 3 && params.timelockBlocks == 1 && params.minDeposit == 10 && params.votingStrategy == "one_member_one_vote")
        #expect(try await node.policy(name: "proposal.passes").rule.contains("334"))
        #expect(try await node.policies().count == PolicyName.allCases.count)

        let propose = Action.propose(Propose(title: "Fund the survey", summary: "field work",
                                             actions: [.grant(recipient: recipient, milestones: [Milestone(amount: 700, description: "all")])], deposit: 20))
        _ = try await node.submit(try signedActions(alice, [propose], nonce: 0).wire, mode: .sync, timeoutMillis: 0)
        try block()  // height 1: proposal 1, voting until height 4
        var p = try await node.proposal(id: 1)
        #expect(p.status == "voting" && p.startHeight == 1 && p.endHeight == 4 && p.deposit == 20 && p.electorate == 3)
        #expect(try await node.treasury().depositsHeld == 20)

        _ = try await node.submit(try signedActions(alice, [.vote(CastVote(proposal: 1, option: .yes))], nonce: 1).wire, mode: .sync, timeoutMillis: 0)
        _ = try await node.submit(try signedActions(bob, [.vote(CastVote(proposal: 1, option: .yes))], nonce: 0).wire, mode: .sync, timeoutMillis: 0)
        try block()  // 2
        p = try await node.proposal(id: 1)
        #expect(p.votes.map(\.option) == ["yes", "yes"])
        try block()  // 3
        try block()  // 4: tallied
        p = try await node.proposal(id: 1)
        #expect(p.status == "passed" && p.executeHeight == 5)
        #expect(p.tally == .init(yes: 2, no: 0, abstain: 0, veto: 0, totalPower: 3))
        let b4 = try await node.block(height: 4)
        #expect(b4.endBlockEvents.contains { $0.kind == "proposal_tallied" })
        try block()  // 5: executed
        p = try await node.proposal(id: 1)
        #expect(p.status == "executed")
        #expect(try node.chain.account(recipient).balance == 700)
        #expect(try await node.treasury().balance == 4_300)
        #expect(try await node.treasury().depositsHeld == 0)
        let b5 = try await node.block(height: 5)
        #expect(b5.endBlockEvents.map(\.kind).contains("grant_created"))
        #expect(try await node.block(height: 3).endBlockEvents.isEmpty)

        let list = try await node.proposals(status: "executed", after: 0, limit: 10)
        #expect(list.proposals.map(\.id) == [1])
        #expect(try await node.proposals(status: "voting", after: 0, limit: 10).proposals.isEmpty)
        await #expect(throws: APIError.self) { try await node.proposal(id: 2) }
        await #expect(throws: APIError.self) { try await node.proposals(status: "bogus", after: 0, limit: 10) }

        // A fresh node replaying the chain (end-block included) reaches the same roots.
        let report = try ChainReplay.verify(source: node.chain, genesis: daoGenesis(), scratchPath: dir.sub("scratch"))
        #expect(report.blocks == 5)
    }

    @Test("the DAO section changes the genesis hash and seeds members, parameters and the treasury")
    func genesisDAO() throws {
        let plain = testGenesis(), dao = daoGenesis()
        #expect(plain.hash != dao.hash)
        let chain = try makeChain(dao)
        #expect(try GovernanceStore.members(in: chain.stateReader).count == 3)
        #expect(try GovernanceStore.params(in: chain.stateReader).timelockBlocks == 1)
        #expect(try chain.account(ModuleAccounts.treasury).balance == 5_000)
        var bad = dao
        bad.dao?.votingStrategy = "plutocracy"
        #expect(throws: GenesisError.self) { try bad.validate() }
        bad = dao
        bad.dao?.members.append(addr(alice))
        #expect(throws: GenesisError.self) { try bad.validate() }
    }
}

@Suite("Governance: blocks for due work")
struct GovernanceDueWorkTests {
    @Test("with empty blocks off, the producer still makes a block when a tally is due, and only then")
    func dueTallyMakesABlock() async throws {
        var g = daoGenesis()
        g.dao?.votingPeriodBlocks = 1
        let node = try makeNode(g)
        let propose = Action.propose(Propose(title: "t", summary: "", actions: [.text], deposit: 10))
        _ = try await node.submit(try signedActions(alice, [propose], nonce: 0, genesisHash: g.hash).wire, mode: .sync, timeoutMillis: 0)
        #expect(try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: false)?.height == 1)
        // Nothing in the mempool, but proposal 1 ends at height 2.
        let b2 = try #require(try node.produceBlock(nowMillis: testGenesisMillis + 2000, allowEmpty: false))
        #expect(b2.height == 2 && b2.transactions == 0)
        #expect(try await node.proposal(id: 1).status == "rejected")
        #expect(try await node.block(height: 2).endBlockEvents.contains { $0.kind == "proposal_tallied" })
        // The results root commits to the end-block events as one final leaf (here the only leaf).
        let events = try node.chain.endBlockEvents(height: 2)
        let header = try #require(try node.chain.block(height: 2)).header
        #expect(header.resultsRoot == MerkleTree.root(leaves: [SHA256.hash(BlockExecutor.endBlockEventsBytes(events)).bytes]))
        #expect(header.resultsRoot != MerkleTree.root(leaves: []))
        #expect(try node.produceBlock(nowMillis: testGenesisMillis + 3000, allowEmpty: false) == nil)
    }
}
