import Foundation
import LedgerCore
import LedgerCrypto
@testable import LedgerNode
import LedgerStorage
import LedgerStorageRocksDB
import Testing

@Suite("Last commit")
struct LastCommitTests {
    /// The single validator's commit for `hash` at `h` (index 0, round 0), signed by `signer`.
    static func commit(_ h: UInt64, _ hash: Hash, signer: SigningKey = key(validatorSeedByte)) -> Commit {
        var c = Commit(height: h, round: 0, blockHash: hash, signatures: [])
        c.signatures = [CommitSignature(validatorIndex: 0, signature: signer.sign(c.signingMessage(chain: testIdentity, validatorIndex: 0)))]
        return c
    }

    @Test func blocksCarryThePreviousCommitAndItsHash() async throws {
        let node = try makeNode()
        for i in 1...3 { try node.produceBlock(nowMillis: testGenesisMillis + UInt64(i) * 1000, allowEmpty: true) }
        let first = try #require(try node.chain.block(height: 1))
        #expect(first.lastCommit == nil && first.header.lastCommitHash == .zero)
        for h: UInt64 in 2...3 {
            let block = try #require(try node.chain.block(height: h))
            let previous = try #require(try node.chain.commit(height: h - 1))
            #expect(block.lastCommit == previous)
            #expect(block.header.lastCommitHash == SHA256.hash(previous.canonicalBytes))
            #expect(previous.blockHash == block.header.previousHash)
            let dto = try await node.block(height: h)
            #expect(dto.lastCommit == previous && dto.header.lastCommitHash == block.header.lastCommitHash)
        }
        // The producer's own commit is a precommit of index 0 in round 0 that verifies against the set.
        let tipCommit = try #require(try node.chain.commit(height: 3))
        #expect(tipCommit.round == 0 && tipCommit.signatures.map(\.validatorIndex) == [0])
        #expect(try CommitVerification.verify(tipCommit, validators: testGenesis().validatorSet, chain: testIdentity) == 10)
        try node.verifyStoredState()
        let json = String(decoding: try JSONEncoder().encode(try await node.block(height: 2)), as: UTF8.self)
        #expect(json.contains("\"last_commit\"") && json.contains("\"last_commit_hash\"") && json.contains("\"validator_index\""))
    }

    enum Tamper: CaseIterable { case forgedLastCommit, lastCommitHashMismatch, forgedTipCommit }

    @Test(arguments: Tamper.allCases)
    func replayRejectsABadLastCommit(_ tamper: Tamper) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try RocksDBStore(path: dir.sub("a"))
        defer { store.close() }
        let node = try makeNode(kv: store)
        for i in 1...3 { try node.produceBlock(nowMillis: testGenesisMillis + UInt64(i) * 1000, allowEmpty: true) }
        _ = try ChainReplay.verify(source: node.chain, genesis: testGenesis(), scratchPath: dir.sub("before"))

        var block = try #require(try node.chain.block(height: 3))
        var batch = WriteBatch()
        let expected: String
        switch tamper {
        case .forgedLastCommit:
            // A last commit for the right block, signed by a key outside the set; header and block re-signed to match.
            block.lastCommit = Self.commit(2, block.header.previousHash, signer: key(66))
            block.header.lastCommitHash = Block.lastCommitHash(block.lastCommit)
            expected = "COMMIT_BAD_SIGNATURE"
        case .lastCommitHashMismatch:
            block.header.lastCommitHash = SHA256.hash([1])
            expected = "last commit hash"
        case .forgedTipCommit:
            expected = "COMMIT_BAD_SIGNATURE"
        }
        if tamper == .forgedTipCommit {
            batch.put(.blocks, StorageKeys.commit(3), Self.commit(3, block.header.hash, signer: key(66)).canonicalBytes)
        } else {
            batch.put(.blocks, StorageKeys.block(3), block.canonicalBytes)
            batch.put(.blocks, StorageKeys.commit(3), Self.commit(3, block.header.hash).canonicalBytes)
        }
        try store.write(batch)
        let e = #expect(throws: (any Error).self) { try ChainReplay.verify(source: node.chain, genesis: testGenesis(), scratchPath: dir.sub("after")) }
        #expect("\(e.map { "\($0)" } ?? "")".contains(expected))
        if tamper == .forgedTipCommit {
            // The startup check refuses the forged tip commit too.
            let reopened = try makeNode(kv: store)
            #expect(throws: ChainStoreError.self) { try reopened.verifyStoredState() }
        }
    }
}
