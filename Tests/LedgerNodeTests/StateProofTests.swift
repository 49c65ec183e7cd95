import Foundation
import LedgerAPI
import LedgerCore
@testable import LedgerNode
import LedgerProofs
import LedgerRules
import LedgerStorage
import LedgerStorageRocksDB
import Testing

@Suite("State proofs from the node")
struct StateProofTests {
    @Test("present and absent keys prove against the block's state root, at the tip and at older heights")
    func proofsVerify() async throws {
        let node = try makeNode()
        let genesisRoot = try node.chain.tip.stateRoot
        _ = try await node.submit(try signedTransfer(alice, to: addr(bob), amount: 3, nonce: 0).wire, mode: .sync, timeoutMillis: 0)
        try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: false)
        let tip = try node.chain.tip
        let aliceKey = StateKey.account(addr(alice))

        let dto = try await node.stateProof(key: aliceKey, height: nil)
        #expect(dto.height == 1 && dto.present && dto.stateRoot == tip.stateRoot)
        let value = try #require(dto.value.flatMap(Hex.decode))
        try StateProof(bytes: try #require(Hex.decode(dto.proof))).verify(root: tip.stateRoot, stateKey: aliceKey, value: value)

        let absentKey = StateKey.account(addr(99))
        let absent = try await node.stateProof(key: absentKey, height: nil)
        #expect(!absent.present && absent.value == nil)
        try StateProof(bytes: try #require(Hex.decode(absent.proof))).verify(root: tip.stateRoot, stateKey: absentKey, value: nil)

        // Height 0 still proves alice's genesis balance; the tip's value does not verify there.
        let old = try await node.stateProof(key: aliceKey, height: 0)
        #expect(old.stateRoot == genesisRoot)
        let oldProof = try StateProof(bytes: try #require(Hex.decode(old.proof)))
        try oldProof.verify(root: genesisRoot, stateKey: aliceKey, value: Account(balance: aliceBalance, nonce: 0).canonicalBytes)
        #expect(throws: StateProofError.self) { try oldProof.verify(root: genesisRoot, stateKey: aliceKey, value: value) }

        await #expect(throws: APIError.self) { try await node.stateProof(key: aliceKey, height: 2) }
    }

    @Test("versions older than the configured window are pruned; the window stays provable; replay still matches")
    func pruning() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try RocksDBStore(path: dir.sub("db"))
        defer { store.close() }
        let genesis = testGenesis()
        let chain = try ChainStore(kv: store, stateTreeKeepVersions: 2)
        let node = try NodeCore(genesis: genesis, genesisData: Array(try JSONEncoder().encode(genesis)), chain: chain,
                                mempoolConfig: MempoolConfig(), validator: ValidatorSigner(key(validatorSeedByte)), logger: testLogger)
        for n in 0..<5 {
            _ = try await node.submit(try signedTransfer(alice, to: addr(bob), amount: 1, nonce: UInt64(n)).wire, mode: .sync, timeoutMillis: 0)
            try node.produceBlock(nowMillis: testGenesisMillis + 1000 * UInt64(n + 1), allowEmpty: false)
        }
        let key = StateKey.account(addr(alice))
        for h in UInt64(0)...3 {
            await #expect(throws: APIError.self, "height \(h) is pruned") { try await node.stateProof(key: key, height: h) }
        }
        for h in UInt64(4)...5 {
            let dto = try await node.stateProof(key: key, height: h)
            let b = try #require(try node.chain.block(height: h))
            #expect(dto.stateRoot == b.header.stateRoot)
            let proof = try StateProof(bytes: try #require(Hex.decode(dto.proof)))
            #expect(proof.root(for: StateTreeHashing.keyHash(key)) == b.header.stateRoot)
        }
        // No node of a pruned version lingers beyond what the kept versions use: the tree column
        // holds no stale mark at or below the oldest kept version.
        var oldMarks = 0
        try store.scan(.stateTree, from: [StateTreeKeys.stalePrefix], prefix: [StateTreeKeys.stalePrefix]) { k, _ in
            if StateTreeKeys.readBE64(k.dropFirst()) <= 4 { oldMarks += 1 }
            return true
        }
        #expect(oldMarks == 0)
        try node.verifyStoredState(fullRecompute: true)
        let report = try ChainReplay.verify(source: chain, genesis: genesis, scratchPath: dir.sub("replay"))
        #expect(report.finalStateRoot == (try chain.tip.stateRoot))
    }
}
