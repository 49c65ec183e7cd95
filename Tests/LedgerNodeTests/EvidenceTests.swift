import Foundation
import LedgerCore
import LedgerCrypto
@testable import LedgerNode
import LedgerRules
import LedgerStorage
import LedgerStorageRocksDB
import Testing

@Suite("Evidence on chain")
struct EvidenceTests {
    /// Validator 0 (the producer's key) precommitted two blocks at `height`, round 0.
    static func evidence(height: UInt64, signer: SigningKey = key(validatorSeedByte)) -> EquivocationEvidence {
        var e = EquivocationEvidence(voteType: 2, height: height, round: 0, validatorIndex: 0, valueA: SHA256.hash([1]),
                                     signatureA: Signature(unchecked: [UInt8](repeating: 0, count: 64)), valueB: SHA256.hash([2]),
                                     signatureB: Signature(unchecked: [UInt8](repeating: 0, count: 64)))
        e.signatureA = signer.sign(e.signingMessage(chain: testIdentity, value: e.valueA))
        e.signatureB = signer.sign(e.signingMessage(chain: testIdentity, value: e.valueB))
        return e
    }

    /// Builds, signs and commits the next block carrying `evidence` (what a BFT proposer would do).
    static func commitNext(_ node: NodeCore, evidence: [EquivocationEvidence]) throws -> Block {
        let tip = try node.chain.tip
        let header = BlockExecutor.Header(chainID: testChainID, height: tip.height + 1, timeMillis: tip.timeMillis + 1000, previousHash: tip.hash,
                                          proposer: validatorAddress, lastCommit: try node.chain.commit(height: tip.height), evidence: evidence)
        let executed = try BlockExecutor.propose(candidates: [], header: header, store: node.chain)
        try node.chain.commit(executed, commit: LastCommitTests.commit(header.height, executed.block.header.hash))
        return executed.block
    }

    @Test func evidenceIsVerifiedRecordedOnceAndReplayed() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let node = try makeNode(kv: try RocksDBStore(path: dir.sub("a")))
        try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: true)
        let e = Self.evidence(height: 1)
        // Forged (signed by a key outside the set), future, and valid evidence: only the valid one is kept.
        let b2 = try Self.commitNext(node, evidence: [Self.evidence(height: 1, signer: key(66)), Self.evidence(height: 5), e])
        #expect(b2.evidence == [e])
        let key = ValidatorSetState.evidenceKey(key(validatorSeedByte).publicKey, e.sortKey)
        #expect(try node.chain.kv.get(.state, key) == e.canonicalBytes)
        let events = try await node.block(height: 2).endBlockEvents
        #expect(events.contains { $0.kind == "equivocation" && $0.attributes.contains { $0.key == "validator" && $0.value == validatorAddress.bech32 } })
        // The same evidence again is dropped by a proposer…
        let b3 = try Self.commitNext(node, evidence: [e])
        #expect(b3.evidence.isEmpty)
        // …and makes a block that carries it invalid.
        var bad = try #require(try node.chain.block(height: 3))
        bad.evidence = [e]
        let scratch = try makeNode(kv: try RocksDBStore(path: dir.sub("b")))
        for h: UInt64 in 1...2 {
            let block = try #require(try node.chain.block(height: h))
            try scratch.chain.commit(try BlockExecutor.replay(block, store: scratch.chain), commit: try #require(try node.chain.commit(height: h)))
        }
        #expect(throws: BlockValidationError.self) { try BlockExecutor.replay(bad, store: scratch.chain) }
        // Replay of the stored chain re-verifies the evidence against the set of height 1.
        let report = try ChainReplay.verify(source: node.chain, genesis: testGenesis(), scratchPath: dir.sub("replay"))
        #expect(report.blocks == 3)
    }

    @Test func evidenceOutsideTheWindowIsRefused() throws {
        let node = try makeNode()
        for i in 1...3 { try node.produceBlock(nowMillis: testGenesisMillis + UInt64(i) * 1000, allowEmpty: true) }
        var h = BlockExecutor.Header(chainID: testChainID, height: 1 + BlockExecutor.evidenceWindow + 1, timeMillis: 1, previousHash: .zero,
                                     proposer: validatorAddress, evidence: [Self.evidence(height: 1)])
        #expect(throws: BlockValidationError.self) {
            try BlockExecutor.recordEvidence(h, store: node.chain, state: StateOverlay(base: node.chain.stateReader), strict: true)
        }
        h.height = 1 + BlockExecutor.evidenceWindow
        #expect(try BlockExecutor.recordEvidence(h, store: node.chain, state: StateOverlay(base: node.chain.stateReader), strict: true).kept.count == 1)
    }
}
