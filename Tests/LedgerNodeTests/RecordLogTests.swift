import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
@testable import LedgerNode
import LedgerProofs
import LedgerStorage
import LedgerStorageRocksDB
import Testing

/// A genesis with a block gas limit big enough for these tests; signatures are bound to its hash.
private let recordLogGenesis = testGenesis(maxBlockGas: 1 << 40)

private func digest(_ s: String) -> [UInt8] { [0x12, 0x20] + SHA256.hash(Array(s.utf8)).bytes }

private func registration(_ label: String, by authors: [UInt8] = [alice]) -> Action {
    .registerContribution(RegisterContribution(kind: .dataset, title: label, digest: digest(label), size: 10, license: "CC-BY-4.0",
                                               contributors: authors.map { ContributorEntry(name: "Author \($0)", address: addr($0), roles: [RoleClaim(role: 2, degree: 1)]) },
                                               references: [], previousVersion: nil, derivedFrom: [], activity: nil))
}

/// Drives record transactions through a node on RocksDB and reads the record log back the way an
/// auditor would: checkpoint, proofs, entries and tiles, all verified with LedgerProofs only.
@Suite("NodeCore: record log on RocksDB")
struct RecordLogTests {
    final class Chain {
        let dir: TempDir
        let store: RocksDBStore
        let node: NodeCore
        var nonces: [UInt8: UInt64] = [:]
        var clock = testGenesisMillis

        init() throws {
            dir = try TempDir()
            store = try RocksDBStore(path: dir.sub("db"))
            node = try makeNode(recordLogGenesis, kv: store)
        }

        deinit { dir.remove() }

        @discardableResult
        func submit(_ who: UInt8, _ actions: [Action]) async throws -> Transaction {
            let n = nonces[who, default: 0]
            nonces[who] = n + 1
            let body = TransactionBody(chainID: testChainID, sender: key(who).publicKey, nonce: n, gasLimit: 50_000_000, fee: 10_000,
                                       expiry: nil, actions: actions)
            let tx = try signed(body, by: key(who), genesisHash: recordLogGenesis.hash)
            let r = try await node.submit(tx.wire, mode: .sync, timeoutMillis: 0)
            #expect(r.accepted, "\(r.code): \(r.message)")
            return tx
        }

        func commit() throws -> BlockHeader {
            clock += 1000
            let p = try #require(try node.produceBlock(nowMillis: clock, allowEmpty: true))
            return try #require(try node.chain.block(height: p.height)).header
        }
    }

    static var validatorKey: PublicKey { key(validatorSeedByte).publicKey }

    @Test func recordsBecomeProvableEntries() async throws {
        let c = try Chain()
        let origin = Checkpoint.origin(chainID: testChainID)
        let empty = try await c.node.logCheckpoint()
        #expect(try Checkpoint.verify(note: empty, origin: origin, publicKey: Self.validatorKey).size == 0)

        // Block 1: two registrations in one transaction, one transfer (not a record), one more registration.
        let t1 = try await c.submit(alice, [registration("a"), .transfer(TransferAction(to: plainAddress(9), amount: 1)), registration("b")])
        try await c.submit(bob, [.transfer(TransferAction(to: plainAddress(9), amount: 1))])
        let t3 = try await c.submit(bob, [registration("c", by: [bob, alice])])
        let h1 = try c.commit()
        for tx in [t1, t3] { #expect(try await c.node.transaction(id: tx.id).receipt.status == "success") }
        #expect(h1.logSize == 3)
        let note1 = try await c.node.logCheckpoint()
        let cp1 = try Checkpoint.verify(note: note1, origin: origin, publicKey: Self.validatorKey)
        #expect(cp1.size == 3 && cp1.root == h1.logRoot)

        // Each entry carries its whole signed transaction, so the signature checks from the entry alone.
        var entries: [[UInt8]] = []
        for i in 0..<UInt64(3) {
            let e = try await c.node.logEntry(index: i)
            let leaf = try LogLeaf(entry: e.entry)
            let signed = try #require(try leaf.signedTransaction(genesisHash: recordLogGenesis.hash))
            #expect(signed.signatureValid)
            #expect(LogLeaf.isRecord(signed.action))
            #expect(leaf.height == 1)
            let proof = try TlogProof(text: try #require(e.tlogProof))
            try proof.verify(entry: e.entry, origin: origin, publicKey: Self.validatorKey)
            let inc = try await c.node.logInclusionProof(index: i, size: nil)
            try LogVerifier.verifyInclusion(leafHash: MerkleTree.leafHash(e.entry), index: i, size: 3, proof: inc.proof, root: h1.logRoot)
            entries.append(e.entry)
        }
        #expect(try LogLeaf(entry: entries[0]).actionIndex == 0)
        #expect(try LogLeaf(entry: entries[1]).actionIndex == 2)
        #expect(try LogLeaf(entry: entries[2]).signedTransaction(genesisHash: recordLogGenesis.hash)?.transaction.id == t3.id)
        #expect(try LogLeaf(entry: entries[0]).signedTransaction(genesisHash: recordLogGenesis.hash)?.transaction.id == t1.id)
        #expect(h1.logRoot == MerkleTree.root(leaves: entries))

        // Block 2: a confirmation; the new log is consistent with the old one.
        let record = RecordID.derive(transaction: t3.id, actionIndex: 0, kind: "contribution")
        let confirm = try await c.submit(alice, [.confirmContribution(ConfirmContribution(contribution: record, accept: true))])
        let h2 = try c.commit()
        #expect(try await c.node.transaction(id: confirm.id).receipt.status == "success")
        #expect(h2.logSize == 4)
        let cons = try await c.node.logConsistencyProof(from: 3, to: nil)
        #expect(cons.fromRoot == h1.logRoot && cons.toRoot == h2.logRoot)
        try LogVerifier.verifyConsistency(from: 3, to: 4, fromRoot: h1.logRoot, toRoot: h2.logRoot, proof: cons.proof)
        let old = try await c.node.logInclusionProof(index: 1, size: 3)
        #expect(old.root == h1.logRoot)

        // Tiles: level-0 partial tile holds the leaf hashes; the entry bundle frames the entries.
        entries.append(try await c.node.logEntry(index: 3).entry)
        let tile = try await c.node.logTile(path: "0/000.p/4")
        let leafBytes: [UInt8] = entries.flatMap { MerkleTree.leafHash($0).bytes }
        #expect(!tile.full)
        #expect(tile.bytes == leafBytes)
        let bundle = try await c.node.logTile(path: "entries/000.p/4")
        var framed: [UInt8] = []
        for e in entries {
            framed.append(UInt8(e.count >> 8))
            framed.append(UInt8(e.count & 0xFF))
            framed += e
        }
        #expect(bundle.bytes == framed)

        // Bounds: sizes above the log, indexes at or above the size, tiles beyond it.
        await #expect(throws: APIError.self) { try await c.node.logInclusionProof(index: 4, size: nil) }
        await #expect(throws: APIError.self) { try await c.node.logInclusionProof(index: 0, size: 5) }
        await #expect(throws: APIError.self) { try await c.node.logConsistencyProof(from: 5, to: nil) }
        await #expect(throws: APIError.self) { try await c.node.logEntry(index: 4) }
        await #expect(throws: APIError.self) { try await c.node.logTile(path: "0/000.p/5") }
        await #expect(throws: APIError.self) { try await c.node.logTile(path: "0/000") }
        await #expect(throws: APIError.self) { try await c.node.logTile(path: "0/0") }
    }

    /// 17 transactions of 16 registrations fill one full tile (256 hashes) and start the next; the
    /// log survives reopening the database and the replayed chain agrees.
    @Test func fullTilesAndPersistence() async throws {
        let c = try Chain()
        for t in 0..<17 { try await c.submit(alice, (0..<16).map { registration("r\(t)-\($0)") }) }
        let h = try c.commit()
        #expect(h.logSize == 272)
        var hashes: [Hash] = []
        for i in 0..<UInt64(272) { hashes.append(try await c.node.logInclusionProof(index: i, size: nil).leafHash) }
        #expect(h.logRoot == MerkleTree.root(leafHashes: hashes))
        let full = try await c.node.logTile(path: "0/000")
        let first256: [UInt8] = hashes.prefix(256).flatMap(\.bytes)
        #expect(full.full)
        #expect(full.bytes == first256)
        let level1 = try await c.node.logTile(path: "1/000.p/1")
        #expect(level1.bytes == MerkleTree.root(leafHashes: Array(hashes.prefix(256))).bytes)
        let bundle = try await c.node.logTile(path: "entries/000")
        #expect(bundle.full)
        var r = bundle.bytes[...]
        var count = 0
        while !r.isEmpty {
            let n = Int(r[r.startIndex]) << 8 | Int(r[r.startIndex + 1])
            let entry = Array(r.dropFirst(2).prefix(n))
            #expect(MerkleTree.leafHash(entry) == hashes[count])
            r = r.dropFirst(2 + n)
            count += 1
        }
        #expect(count == 256)

        // Reopen the database: the log, its root and its proofs are what the header says.
        c.store.close()
        let store = try RocksDBStore(path: c.dir.sub("db"))
        defer { store.close() }
        let reopened = try makeNode(testGenesis(maxBlockGas: 1 << 40), kv: store)
        let cp = try Checkpoint.verify(note: try await reopened.logCheckpoint(), origin: Checkpoint.origin(chainID: testChainID), publicKey: Self.validatorKey)
        #expect(cp.size == 272 && cp.root == h.logRoot)
    }

    @Test func headerCarriesLogFieldsCanonically() throws {
        var header = BlockHeader(chainID: "c", height: 1, timeMillis: 2, previousHash: .zero, transactionsRoot: .zero, resultsRoot: .zero,
                                 stateRoot: .zero, validatorsHash: .zero, proposer: plainAddress(1), transactionCount: 0)
        #expect(header.logRoot == MerkleTree.emptyRoot)
        header.logSize = 0x0102030405060708
        header.logRoot = SHA256.hash([1])
        let bytes = header.canonicalBytes
        #expect(Array(bytes.suffix(40)) == [1, 2, 3, 4, 5, 6, 7, 8] + SHA256.hash([1]).bytes)
        #expect(try BlockHeader(canonical: bytes) == header)
        #expect(throws: (any Error).self) { try BlockHeader(canonical: Array(bytes.dropLast())) }
    }
}
