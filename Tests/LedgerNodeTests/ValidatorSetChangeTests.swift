import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
@testable import LedgerNode
import LedgerProofs
import LedgerRules
import LedgerStorageRocksDB
import Testing

@Suite("Validator-set changes through governance (RocksDB)")
struct ValidatorSetChangeTests {
    /// Passes a proposal of `updates` (alice proposes at the next block, alice and bob vote); returns
    /// the height of the block that executed it. Voting period 3, timelock 1 (`daoGenesis`).
    static func pass(_ node: NodeCore, _ updates: [ValidatorUpdate], genesis g: GenesisDocument, nonces: inout [UInt8: UInt64],
                     block: () throws -> Void) async throws -> UInt64 {
        func next(_ who: UInt8) -> UInt64 { defer { nonces[who, default: 0] += 1 }; return nonces[who, default: 0] }
        let propose = Action.propose(Propose(title: "validators", summary: "", actions: [.updateValidators(updates)], deposit: 10))
        _ = try await node.submit(try signedActions(alice, [propose], nonce: next(alice), genesisHash: g.hash).wire, mode: .sync, timeoutMillis: 0)
        try block()
        let id = try await node.proposals(status: "voting", after: 0, limit: 10).proposals.last!.id
        for who in [alice, bob] {
            _ = try await node.submit(try signedActions(who, [.vote(CastVote(proposal: id, option: .yes))], nonce: next(who), genesisHash: g.hash).wire,
                                      mode: .sync, timeoutMillis: 0)
        }
        while try await node.proposal(id: id).status != "executed" {
            try block()
            #expect(try await node.proposal(id: id).status != "execution_failed")
            guard try node.chain.tip.height < 50 else { Issue.record("proposal \(id) never executed"); break }
        }
        return try node.chain.tip.height
    }

    @Test("a change executed at H is announced by header H+1 and signs from H+2; queries and replay follow it")
    func appliedAtHPlusTwo() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let g = daoGenesis()
        let node = try makeNode(g, kv: try RocksDBStore(path: dir.sub("a")))
        var time = testGenesisMillis
        func block() throws {
            time += 1000
            _ = try node.produceBlock(nowMillis: time, allowEmpty: true)
        }
        var nonces: [UInt8: UInt64] = [:]
        let newcomer = ValidatorUpdate(publicKey: key(77).publicKey, power: 3)  // 3 of 10: at most a third moves
        let h = try await Self.pass(node, [newcomer], genesis: g, nonces: &nonces, block: block)
        let old = g.validatorSetEntries, new = old + [newcomer]
        let oldHash = ValidatorSetState.hash(old), newHash = ValidatorSetState.hash(new)
        try block(); try block(); try block()
        for height in 1...h {
            let hd = try #require(try node.chain.block(height: height)).header
            #expect(hd.validatorsHash == oldHash && hd.nextValidatorsHash == oldHash)
        }
        let announcing = try #require(try node.chain.block(height: h + 1)).header
        #expect(announcing.validatorsHash == oldHash && announcing.nextValidatorsHash == newHash)
        for height in (h + 2)...(h + 3) {
            let hd = try #require(try node.chain.block(height: height)).header
            #expect(hd.validatorsHash == newHash && hd.nextValidatorsHash == newHash)
        }
        // The producer (10 of 13 power) still commits alone; its commit at H+2 verifies against the new set.
        let commit = try #require(try node.chain.commit(height: h + 2))
        #expect(try CommitVerification.verify(commit, validators: new.map { (publicKey: $0.publicKey, power: $0.power) }, chain: g.identity) == 10)
        let executed = try await node.block(height: h)
        #expect(executed.endBlockEvents.contains { $0.kind == "validator_set_scheduled" && $0.attributes.contains { $0.key == "height" && $0.value == "\(h + 2)" } })

        let before = try await node.validators(height: h + 1)
        #expect(before.hash == oldHash && before.validators.count == 1 && before.totalPower == 10)
        let after = try await node.validators(height: h + 2)
        #expect(after.hash == newHash && after.totalPower == 13 && after.validators.map(\.index) == [0, 1] && after.validators[1].pubKey == newcomer.publicKey)
        #expect(try await node.validators(height: nil).hash == newHash)
        await #expect(throws: APIError.self) { try await node.validators(height: h + 100) }
        await #expect(throws: APIError.self) { try await node.validators(height: 0) }
        let changes = try await node.validatorChanges()
        #expect(changes.genesis.count == 1)
        #expect(changes.changes.count == 1)
        let change = try #require(changes.changes.first)
        #expect(change.height == h + 1 && change.effectiveHeight == h + 2 && change.validatorsHash == oldHash && change.nextValidatorsHash == newHash)
        #expect(change.validators.map(\.power) == [10, 3])

        // An audit bundle made after the change carries it, and trust passes from the genesis set.
        let reg = Action.registerContribution(RegisterContribution(
            kind: .dataset, title: "after the change", digest: [0x12, 0x20] + SHA256.hash(Array("data".utf8)).bytes, size: 4, license: "CC0-1.0",
            contributors: [ContributorEntry(name: "Alice", address: addr(alice), roles: [RoleClaim(role: 2, degree: 1)])], references: [], previousVersion: nil, derivedFrom: [], activity: nil))
        let body = TransactionBody(chainID: g.chainID, sender: key(alice).publicKey, nonce: nonces[alice, default: 0], gasLimit: 5_000_000,
                                   fee: 10_000, expiry: nil, actions: [reg])
        nonces[alice, default: 0] += 1
        let tx = try signed(body, by: key(alice), genesisHash: g.hash)
        let submitted = try await node.submit(tx.wire, mode: .sync, timeoutMillis: 0)
        #expect(submitted.accepted, "\(submitted.code): \(submitted.message)")
        try block()
        let receipt = try await node.transaction(id: tx.id).receipt
        #expect(receipt.status == "success", "\(receipt.code): \(receipt.message)")
        let recordID = RecordID.derive(transaction: tx.id, actionIndex: 0, kind: "contribution")
        let bundleBytes = try await node.auditBundle(id: recordID)
        #expect(try AuditBundle(bytes: bundleBytes).changes.count == 1)
        let verified = try BundleVerifier.verify(bundleBytes, trust: BundleTrust(genesisHash: g.hash))
        #expect(verified.validatorChanges == 1 && verified.signedPower == 10 && verified.totalPower == 13)
        try block(); try block()

        // A fresh replay follows the change: it verifies H+2's commit and last commits against the new set.
        let report = try ChainReplay.verify(source: node.chain, genesis: g, scratchPath: dir.sub("scratch"))
        #expect(report.blocks == h + 6)
        try node.verifyStoredState(fullRecompute: true)
    }

    @Test("a single-validator producer that no longer holds more than two thirds stops making blocks")
    func producerLosesItsMajority() async throws {
        var g = daoGenesis()
        g.validators.append(.init(name: "validator-1", publicKey: key(78).publicKey, power: 4))  // producer: 10 of 14
        try g.validate()
        let node = try makeNode(g)
        var time = testGenesisMillis
        func block() throws {
            time += 1000
            _ = try node.produceBlock(nowMillis: time, allowEmpty: true)
        }
        var nonces: [UInt8: UInt64] = [:]
        // 4 → 7 moves 3 of 14 (allowed); then the producer holds 10 of 17, less than two thirds.
        let h = try await Self.pass(node, [ValidatorUpdate(publicKey: key(78).publicKey, power: 7)], genesis: g, nonces: &nonces, block: block)
        try block()  // h + 1 announces the set; still signed by the old set
        #expect(try node.chain.tip.height == h + 1)
        #expect(try node.produceBlock(nowMillis: time + 1000, allowEmpty: true) == nil)
        #expect(try node.chain.tip.height == h + 1)
    }
}
