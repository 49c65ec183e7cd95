import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
@testable import LedgerNode
import LedgerRules
import LedgerStorage
import LedgerStorageRocksDB
import Testing

@Suite("Attestation queries through NodeCore over RocksDB")
struct AttestationQueryTests {
    static let subject = SHA256.hash(Array("query subject".utf8))

    static func mh(_ s: String) -> [UInt8] { [0x12, 0x20] + SHA256.hash(Array(s.utf8)).bytes }

    /// A dataset by alice, written straight into committed state (registration is another contract's job).
    static func seedRecord(_ chain: ChainStore) throws {
        let reg = RegisterContribution(kind: .dataset, title: "Soil samples", digest: mh("soil"), size: 10, license: "CC0-1.0",
                                       contributors: [ContributorEntry(name: "Alice", address: addr(alice), roles: [RoleClaim(role: 2, degree: 1)])])
        let record = ContributionRecord(id: subject, registrant: addr(alice), height: 0, timeMillis: testGenesisMillis, registration: reg,
                                        confirmations: [.confirmed], version: 1)
        var b = WriteBatch()
        b.put(.state, ContributionKeys.record(subject), record.canonicalBytes)
        try chain.kv.write(b)
    }

    static let people: [UInt8] = [alice, bob, carol, 4, 5]
    static let genesis = testGenesis(accounts: people.map { (addr($0), 1_000_000) })

    static func tx(_ from: UInt8, _ action: Action, nonce: UInt64) throws -> Transaction {
        let k = key(from)
        return try signed(TransactionBody(chainID: testChainID, sender: k.publicKey, nonce: nonce, gasLimit: 1_000_000, fee: 10,
                                          expiry: nil, actions: [action]), by: k, genesisHash: Self.genesis.hash)
    }

    /// Submits and commits one block; returns the receipts' events.
    static func commit(_ node: NodeCore, _ txs: [Transaction], at millis: UInt64) async throws {
        for t in txs {
            let r = try await node.submit(t.wire, mode: .sync, timeoutMillis: 0)
            #expect(r.accepted, "\(r.code): \(r.message)")
        }
        let produced = try #require(try node.produceBlock(nowMillis: millis, allowEmpty: false))
        #expect(produced.transactions == txs.count)
    }

    @Test("by subject (status, summary, pages), by attester, by id, revoked flag, errors")
    func queries() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let node = try makeNode(Self.genesis, kv: try RocksDBStore(path: dir.sub("db")))
        try Self.seedRecord(node.chain)

        let review = Action.attest(Attest(subject: Self.subject, kind: .review, verdict: Attest.Verdict.accept, scores: [9], reportDigest: Self.mh("r")))
        let repro = Action.attest(Attest(subject: Self.subject, kind: .reproduction, verdict: Attest.Verdict.success, outputDigest: Self.mh("o")))
        try await Self.commit(node, [try Self.tx(bob, review, nonce: 0), try Self.tx(carol, repro, nonce: 0), try Self.tx(4, repro, nonce: 0),
                                     try Self.tx(bob, .attest(Attest(subject: Self.subject, kind: .endorsement, verdict: 0)), nonce: 1)],
                              at: testGenesisMillis + 1_000)

        let all = try await node.attestations(subject: Self.subject, after: nil, limit: 100)
        #expect(all.status == "reproduced")
        #expect(all.attestations.count == 4)
        #expect(all.next == nil)
        #expect(all.attestations.map(\.id) == all.attestations.map(\.id).sorted(), "id order")
        #expect(all.summary == AttestationSummaryDTO(reviews: 1, acceptingReviews: 1, rejectingReviews: 0, successfulReproductions: 2,
                                                     failedReproductions: 0, endorsements: 1, qualityRatings: 0, active: 4, revoked: 0))
        let bobReview = try #require(all.attestations.first { $0.kind == "review" })
        #expect(bobReview.attester == addr(bob))
        #expect(bobReview.verdictName == "accept")
        #expect(bobReview.reportDigest == Hex.encode(Self.mh("r")))
        #expect(bobReview.height == 1)
        #expect(!bobReview.revoked)

        // Pages of two, following the cursor, give the same list.
        let p1 = try await node.attestations(subject: Self.subject, after: nil, limit: 2)
        let cursor: Hash = try #require(p1.next)
        let p2 = try await node.attestations(subject: Self.subject, after: cursor, limit: 2)
        #expect(p1.attestations.count == 2 && p2.attestations.count == 2)
        #expect(p2.next == nil)
        #expect((p1.attestations + p2.attestations).map(\.id) == all.attestations.map(\.id))

        // By attester: bob made two.
        let byBob = try await node.attestations(attester: addr(bob), after: nil, limit: 10)
        #expect(byBob.attester == addr(bob))
        #expect(Set(byBob.attestations.map(\.kind)) == ["review", "endorsement"])
        #expect(try await node.attestations(attester: addr(5), after: nil, limit: 10).attestations.isEmpty)

        // Revoke carol's reproduction: listed as revoked, status back to reviewed.
        let carols = try #require(all.attestations.first { $0.attester == addr(carol) })
        try await Self.commit(node, [try Self.tx(carol, .revokeAttestation(RevokeAttestation(attestation: carols.id)), nonce: 1)],
                              at: testGenesisMillis + 2_000)
        let one = try await node.attestation(id: carols.id)
        #expect(one.revoked && one.revokedHeight == 2)
        let after = try await node.attestations(subject: Self.subject, after: nil, limit: 100)
        #expect(after.status == "reviewed")
        #expect(after.attestations.count == 4)
        #expect(after.summary?.successfulReproductions == 1 && after.summary?.revoked == 1 && after.summary?.active == 3)

        // A contributor's review is refused by policy; the receipt says so.
        try await Self.commit(node, [try Self.tx(alice, review, nonce: 0)], at: testGenesisMillis + 3_000)
        let block = try await node.block(height: 3)
        let refused = try await node.transaction(id: try #require(block.transactions.first))
        #expect(refused.receipt.code == "POLICY_DENIED")

        await #expect(throws: APIError.self) { try await node.attestation(id: Self.subject) }
        await #expect(throws: APIError.self) { try await node.attestations(subject: SHA256.hash([1]), after: nil, limit: 10) }
    }
}
