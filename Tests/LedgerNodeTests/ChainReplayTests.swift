import Foundation
import LedgerCore
import LedgerCrypto
@testable import LedgerNode
import LedgerRules
import LedgerStorage
import LedgerStorageRocksDB
import Testing

/// A fixed workload: several senders, out-of-order nonces, a failing transfer, a rejected one, empty blocks.
private func workload() throws -> [[[UInt8]]] {
    [
        [try signedTransfer(alice, to: addr(bob), amount: 1_000, nonce: 0).wire,
         try signedTransfer(bob, to: addr(carol), amount: 50, nonce: 1).wire,
         try signedTransfer(bob, to: addr(carol), amount: 40, nonce: 0).wire,
         try signedTransfer(carol, to: addr(alice), amount: 10_000, nonce: 0, fee: 5).wire],
        [try signedTransfer(alice, to: plainAddress(0x77), amount: 3, nonce: 1).wire,
         try signedTransfer(alice, to: addr(carol), amount: 4, nonce: 2, expiry: 10).wire],
        [],
        [try signedTransfer(bob, to: addr(alice), amount: 1, nonce: 2).wire,
         try signedTransfer(carol, to: addr(bob), amount: 1, nonce: 1, fee: 1).wire,
         try signedTransfer(alice, to: addr(bob), amount: 1, nonce: 3, expiry: 2).wire], // expired by then
    ]
}

/// Runs the workload on `node`: submits each batch, then produces one block at a fixed time.
private func run(_ node: NodeCore) async throws -> [NodeCore.ProducedBlock] {
    var out: [NodeCore.ProducedBlock] = []
    for (i, batch) in try workload().enumerated() {
        _ = try await node.submitBatch(batch, mode: .sync, timeoutMillis: 0)
        out.append(try #require(try node.produceBlock(nowMillis: testGenesisMillis + UInt64(i + 1) * 1000, allowEmpty: true)))
    }
    return out
}

@Suite("Determinism and ChainReplay (RocksDB)")
struct ChainReplayTests {
    @Test("two independent nodes fed the same transactions make identical blocks, and replay verifies the chain")
    func determinism() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let storeA = try RocksDBStore(path: dir.sub("a")), storeB = try RocksDBStore(path: dir.sub("b"))
        defer { storeA.close(); storeB.close() }
        let a = try makeNode(kv: storeA), b = try makeNode(kv: storeB)
        let pa = try await run(a), pb = try await run(b)

        #expect(pa.map(\.hash) == pb.map(\.hash))
        #expect(pa.map(\.height) == [1, 2, 3, 4])
        #expect(pa.map(\.transactions) == [4, 2, 0, 2])
        #expect(pa.map(\.transactions) == pb.map(\.transactions))
        for h in UInt64(1)...4 {
            let ba = try #require(try a.chain.block(height: h)), bb = try #require(try b.chain.block(height: h))
            #expect(ba == bb)
            #expect(ba.canonicalBytes == bb.canonicalBytes)
            #expect(try a.chain.commit(height: h) == b.chain.commit(height: h))
        }
        #expect(try a.chain.tip == b.chain.tip)
        #expect(try dump(storeA, .state) == dump(storeB, .state))
        #expect(try dump(storeA, .receipts) == dump(storeB, .receipts))
        // The failed transfer is in block 1 with status failed.
        let failedID = try Transaction.decode(try workload()[0][3]).id
        let loc = try #require(try a.chain.location(ofTransaction: failedID))
        #expect(try a.chain.receipt(height: loc.height, index: loc.index)?.status == .failed)

        let report = try ChainReplay.verify(source: a.chain, genesis: testGenesis(), scratchPath: dir.sub("scratch"))
        #expect(report.blocks == 4)
        #expect(report.transactions == 8)
        #expect(report.finalStateRoot == (try a.chain.tip.stateRoot))
        #expect(report.finalStateRoot == referenceStateRoot(try dump(storeA, .state)))
    }

    @Test("replay reports progress and verifies a chain of height 0")
    func progressAndEmpty() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try RocksDBStore(path: dir.sub("a"))
        defer { store.close() }
        let node = try makeNode(kv: store)
        let r0 = try ChainReplay.verify(source: node.chain, genesis: testGenesis(), scratchPath: dir.sub("s0"))
        #expect(r0.blocks == 0)
        #expect(r0.finalStateRoot == (try node.chain.tip.stateRoot))
        try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: true)
        try node.produceBlock(nowMillis: testGenesisMillis + 2000, allowEmpty: true)
        var seen: [(UInt64, UInt64)] = []
        _ = try ChainReplay.verify(source: node.chain, genesis: testGenesis(), scratchPath: dir.sub("s1")) { seen.append(($0, $1)) }
        #expect(seen.map(\.0) == [1, 2])
        #expect(seen.map(\.1) == [2, 2])
    }

    @Test("replay against another genesis fails")
    func wrongGenesis() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try RocksDBStore(path: dir.sub("a"))
        defer { store.close() }
        let node = try makeNode(kv: store)
        _ = try await run(node)
        var other = testGenesis()
        other.accounts[0].balance -= 1
        #expect(throws: (any Error).self) {
            try ChainReplay.verify(source: node.chain, genesis: other, scratchPath: dir.sub("scratch"))
        }
    }

    enum Tampering: String, CaseIterable, Sendable {
        /// Replace a transaction by another validly signed one; header and commit untouched.
        case replacedTransaction
        /// Drop a transaction (header count adjusted), commit untouched.
        case droppedTransaction
        /// Change a header field without re-signing: the commit is for another block.
        case headerUnsigned
        /// Change the state root and re-sign the commit with the validator key: only re-execution can tell.
        case stateRootResigned
        /// Change the block time and re-sign: the next block's previous hash no longer matches.
        case timeResignedMidChain
    }

    @Test("tampering with a stored block makes replay fail", arguments: Tampering.allCases)
    func tampering(_ kind: Tampering) async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try RocksDBStore(path: dir.sub("a"))
        defer { store.close() }
        let node = try makeNode(kv: store)
        _ = try await run(node)
        // Untampered, it verifies.
        _ = try ChainReplay.verify(source: node.chain, genesis: testGenesis(), scratchPath: dir.sub("before"))

        func rewrite(_ h: UInt64, _ change: (inout Block) throws -> Void, resign: Bool) throws {
            var block = try #require(try node.chain.block(height: h))
            try change(&block)
            var batch = WriteBatch()
            batch.put(.blocks, StorageKeys.block(h), block.canonicalBytes)
            if resign {
                let hash = block.header.hash
                var commit = Commit(height: h, round: 0, blockHash: hash, signatures: [])
                let sig = key(validatorSeedByte).sign(commit.signingMessage(chain: testIdentity, validatorIndex: 0))
                commit.signatures = [CommitSignature(validatorIndex: 0, signature: sig)]
                batch.put(.blocks, StorageKeys.commit(h), commit.canonicalBytes)
            }
            try store.write(batch)
        }

        switch kind {
        case .replacedTransaction:
            // Block 2 holds alice's nonce-1 transfer of 3; replace it with a transfer of 4.
            try rewrite(2, { b in
                let original = try Transaction.decode(b.transactions[0])
                #expect(original.body.nonce == 1)
                b.transactions[0] = try signedTransfer(alice, to: plainAddress(0x77), amount: 4, nonce: 1).wire
            }, resign: false)
        case .droppedTransaction:
            try rewrite(1, { b in
                b.transactions.removeLast()
                b.header.transactionCount -= 1
            }, resign: true)
        case .headerUnsigned:
            try rewrite(4, { $0.header.timeMillis += 1 }, resign: false)
        case .stateRootResigned:
            try rewrite(4, { $0.header.stateRoot = SHA256.hash([1, 2, 3]) }, resign: true)
        case .timeResignedMidChain:
            try rewrite(2, { $0.header.timeMillis += 1 }, resign: true)
        }

        let error = #expect(throws: (any Error).self) {
            try ChainReplay.verify(source: node.chain, genesis: testGenesis(), scratchPath: dir.sub("after"))
        }
        switch kind {
        case .replacedTransaction:
            guard case let .mismatch(field, _, _) = error as? BlockValidationError else { Issue.record("got \(String(describing: error))"); return }
            #expect(field == "transactions root")
        case .droppedTransaction:
            #expect(error is BlockValidationError)
        case .headerUnsigned:
            #expect(error as? ChainStoreError == .corrupt("commit 4 is for another block"))
        case .stateRootResigned:
            guard case let .mismatch(field, _, _) = error as? BlockValidationError else { Issue.record("got \(String(describing: error))"); return }
            #expect(field == "state root")
        case .timeResignedMidChain:
            guard case .wrongPrevious = error as? BlockValidationError else { Issue.record("got \(String(describing: error))"); return }
        }
    }

    @Test("replay refuses a commit signed by a key outside the validator set")
    func foreignSigner() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try RocksDBStore(path: dir.sub("a"))
        defer { store.close() }
        let node = try makeNode(kv: store)
        _ = try await run(node)
        let block = try #require(try node.chain.block(height: 3))
        let hash = block.header.hash
        let intruder = key(66)
        var forged = Commit(height: 3, round: 0, blockHash: hash, signatures: [])
        forged.signatures = [CommitSignature(validatorIndex: 0, signature: intruder.sign(forged.signingMessage(chain: testIdentity, validatorIndex: 0)))]
        var batch = WriteBatch()
        batch.put(.blocks, StorageKeys.commit(3), forged.canonicalBytes)
        try store.write(batch)
        let e = #expect(throws: ChainStoreError.self) {
            try ChainReplay.verify(source: node.chain, genesis: testGenesis(), scratchPath: dir.sub("after"))
        }
        #expect(e?.description.contains("COMMIT_BAD_SIGNATURE") == true)
    }

    @Test("replay handles the largest total validator power genesis allows without overflow")
    func largePower() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        var g = testGenesis()
        g.validators[0].power = 1 << 60
        try g.validate()
        let store = try RocksDBStore(path: dir.sub("a"))
        defer { store.close() }
        let node = try makeNode(g, kv: store)
        try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: true)
        let report = try ChainReplay.verify(source: node.chain, genesis: g, scratchPath: dir.sub("scratch"))
        #expect(report.blocks == 1)
    }

    /// `desci-node verify` used to trap on `total * 2` for a validator with power u64.max; now the
    /// checked sum reports the genesis as out of range (the document is built without `validate()`).
    @Test("replay with an out-of-range power (unvalidated genesis) fails cleanly instead of trapping")
    func hugePower() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        var g = testGenesis()
        g.validators[0].power = UInt64.max
        let store = try RocksDBStore(path: dir.sub("a"))
        defer { store.close() }
        let node = try makeNode(g, kv: store)
        // The producer checks its own commit (CommitVerification refuses the set) and makes no block.
        #expect(try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: true) == nil)
        #expect(try node.chain.tip.height == 0)
        // The same check, as replay and startup run it, reports the power as out of range.
        var commit = Commit(height: 1, round: 0, blockHash: .zero, signatures: [])
        commit.signatures = [CommitSignature(validatorIndex: 0, signature: key(validatorSeedByte).sign(commit.signingMessage(chain: g.identity, validatorIndex: 0)))]
        let e = #expect(throws: CommitVerificationError.self) { try CommitVerification.verify(commit, validators: g.validatorSet, chain: g.identity) }
        #expect("\(e.map { "\($0)" } ?? "")".contains("voting power"))
    }
}
