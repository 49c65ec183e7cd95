import Foundation
import LedgerCore
import LedgerCrypto
@testable import LedgerNode
import LedgerProofs
import LedgerRules
import LedgerStorageRocksDB
import Testing

private let bundleGenesis = testGenesis(maxBlockGas: 1 << 40)

private func content(_ s: String) -> [UInt8] { Array("file contents of \(s)".utf8) }
private func multihash(_ s: String) -> [UInt8] { [0x12, 0x20] + SHA256.hash(content(s)).bytes }

private func registration(_ label: String, derivedFrom: [Hash] = [], by author: UInt8) -> Action {
    .registerContribution(RegisterContribution(kind: .dataset, title: label, digest: multihash(label), size: 10, license: "CC-BY-4.0",
                                               contributors: [ContributorEntry(name: "Author \(author)", address: addr(author), roles: [RoleClaim(role: 2, degree: 1)])],
                                               references: [], previousVersion: nil, derivedFrom: derivedFrom, activity: nil))
}

/// A node on RocksDB producing real blocks; bundles are assembled from what the node stores and
/// serves (log entries and proofs at the header's size, state proofs at the header's height, the
/// stored commit) — the same material `desci audit --bundle` fetches over RPC.
final class BundleChain {
    let dir: TempDir
    let store: RocksDBStore
    let node: NodeCore
    var nonces: [UInt8: UInt64] = [:]
    var clock = testGenesisMillis

    init() throws {
        dir = try TempDir()
        store = try RocksDBStore(path: dir.sub("db"))
        node = try makeNode(bundleGenesis, kv: store)
    }

    deinit { dir.remove() }

    /// Submits one action and commits a block; returns the record id of a registration.
    @discardableResult
    func send(_ who: UInt8, _ action: Action, kind: String = "contribution") async throws -> Hash {
        let n = nonces[who, default: 0]
        nonces[who] = n + 1
        let body = TransactionBody(chainID: testChainID, sender: key(who).publicKey, nonce: n, gasLimit: 50_000_000, fee: 10_000,
                                   expiry: nil, actions: [action])
        let tx = try signed(body, by: key(who), genesisHash: bundleGenesis.hash)
        let r = try await node.submit(tx.wire, mode: .sync, timeoutMillis: 0)
        #expect(r.accepted, "\(r.code): \(r.message)")
        clock += 1000
        _ = try #require(try node.produceBlock(nowMillis: clock, allowEmpty: true))
        #expect(try await node.transaction(id: tx.id).receipt.status == "success")
        return RecordID.derive(transaction: tx.id, actionIndex: 0, kind: kind)
    }

    /// The bundle the node serves (`GET /audit/bundle`), with a PROV-JSON as the wallet adds it.
    func bundle(for id: Hash) async throws -> AuditBundle {
        var b = try AuditBundle(bytes: try await node.auditBundle(id: id))
        #expect(b.prov.isEmpty && b.provDigest == SHA256.hash([]))
        b.prov = Array("{\"entity\":{\"ledger:\(id.hex)\":{}}}".utf8)
        b.provDigest = SHA256.hash(b.prov)
        return b
    }
}

@Suite("Audit bundles from a node on RocksDB")
struct AuditBundleTests {
    static var trust: BundleTrust { BundleTrust(genesisHash: bundleGenesis.hash) }

    /// raw ← cleaned ← model, each registered by someone else in its own block.
    static func lineage(_ c: BundleChain) async throws -> (raw: Hash, cleaned: Hash, model: Hash, unrelated: Hash) {
        let raw = try await c.send(alice, registration("raw", by: alice))
        let cleaned = try await c.send(bob, registration("cleaned", derivedFrom: [raw], by: bob))
        let unrelated = try await c.send(alice, registration("unrelated", by: alice))
        let model = try await c.send(bob, registration("model", derivedFrom: [cleaned, raw], by: bob))
        return (raw, cleaned, model, unrelated)
    }

    /// alice reviews model (stays active); bob endorses raw, then revokes the endorsement.
    static func attest(_ c: BundleChain, _ l: (raw: Hash, cleaned: Hash, model: Hash, unrelated: Hash)) async throws -> (review: Hash, endorsement: Hash) {
        let review = try await c.send(alice, .attest(Attest(subject: l.model, kind: .review, verdict: Attest.Verdict.accept, comment: "sound")),
                                      kind: "attestation")
        let endorsement = try await c.send(bob, .attest(Attest(subject: l.raw, kind: .endorsement, verdict: 0)), kind: "attestation")
        try await c.send(bob, .revokeAttestation(RevokeAttestation(attestation: endorsement)))
        return (review, endorsement)
    }

    @Test func attestationsOfTheLineageAreBundledAndProved() async throws {
        let c = try BundleChain()
        let l = try await Self.lineage(c)
        let a = try await Self.attest(c, l)
        let bundle = try await c.bundle(for: l.model)
        #expect(bundle.attestations.count == 2)
        let report = try BundleVerifier.verify(bundle.bytes, trust: Self.trust)
        #expect(report.attestations.map(\.id) == [a.review, a.endorsement])
        #expect(report.attestations.map(\.subject) == [l.model, l.raw])
        #expect(report.attestations.map(\.revoked) == [false, true])
        #expect(report.attestations.map(\.attester) == [addr(alice), addr(bob)])
        #expect(report.attestations[0].kind == "review" && report.attestations[0].verdict == "accept")
        let revokedAt = try #require(report.attestations[1].revokedHeight)
        #expect(revokedAt > report.attestations[1].height && report.attestations[1].revocationLogIndex != nil)
        #expect(report.records.map(\.activeAttestations) == [0, 0, 1] && report.records.map(\.revokedAttestations) == [1, 0, 0])
        // What the attestation queries say agrees with what the bundle proves.
        let queried = try await c.node.attestations(subject: l.raw, after: nil, limit: 10)
        #expect(queried.attestations.map(\.id) == [a.endorsement] && queried.attestations[0].revoked)
        // A bundle for a record with no attestations carries none, and proves the absence of a tally.
        let cleaned = try await c.bundle(for: l.cleaned)
        #expect(try BundleVerifier.verify(cleaned.bytes, trust: Self.trust).attestations.count == 1)
        #expect(cleaned.records.map(\.tallyValue.isEmpty) == [false, true])
    }

    @Test func aBundleFromARealNodeVerifies() async throws {
        let c = try BundleChain()
        let l = try await Self.lineage(c)
        let bundle = try await c.bundle(for: l.model)
        let bytes = bundle.bytes
        #expect(try AuditBundle(bytes: bytes) == bundle)
        let report = try BundleVerifier.verify(bytes, trust: Self.trust, fileDigest: SHA256.hash(content("model")))
        #expect(report.records.map(\.id) == [l.raw, l.cleaned, l.model])
        #expect(report.fileVerified && report.retracted.isEmpty)
        #expect(report.audited.title == "model" && report.audited.registrant == addr(bob))
        #expect(report.height == bundle.header.height && report.signedPower == 10 && report.totalPower == 10)
        // The genesis file's chain id and validators are an anchor too.
        let fileTrust = BundleTrust(chainID: testChainID, validators: bundleGenesis.validators.map { BundleValidator(publicKey: $0.publicKey, power: $0.power) })
        #expect(try BundleVerifier.verify(bytes, trust: fileTrust).records.count == 3)
        // The wrong file is named as such.
        #expect(throws: BundleError.fileDigest("SHA-256 \(SHA256.hash(content("raw")).hex) is not the audited record's digest")) {
            try BundleVerifier.verify(bytes, trust: Self.trust, fileDigest: SHA256.hash(content("raw")))
        }
    }

    /// Every single-byte change of a valid bundle is refused: no byte is irrelevant.
    @Test func everyByteFlipFails() async throws {
        let c = try BundleChain()
        let l = try await Self.lineage(c)
        _ = try await Self.attest(c, l)
        let bytes = try await c.bundle(for: l.model).bytes
        #expect(try BundleVerifier.verify(bytes, trust: Self.trust).attestations.count == 2)
        var accepted: [Int] = []
        for i in bytes.indices {
            var m = bytes
            m[i] ^= 0x01
            if (try? BundleVerifier.verify(m, trust: Self.trust)) != nil { accepted.append(i) }
        }
        #expect(accepted.isEmpty, "flipped bytes still verifying: \(accepted.prefix(20)) of \(bytes.count)")
    }

    @Test func truncationAndTrailingBytesFail() async throws {
        let c = try BundleChain()
        let l = try await Self.lineage(c)
        let bytes = try await c.bundle(for: l.cleaned).bytes
        for n in [0, 1, 8, 10, bytes.count / 2, bytes.count - 33, bytes.count - 1] {
            #expect(throws: BundleError.self) { try BundleVerifier.verify(Array(bytes.prefix(n)), trust: Self.trust) }
        }
        #expect(throws: BundleError.self) { try BundleVerifier.verify(bytes + [0], trust: Self.trust) }
    }

    @Test func aBundleForAnotherGenesisFails() async throws {
        let c = try BundleChain()
        let l = try await Self.lineage(c)
        let bytes = try await c.bundle(for: l.raw).bytes
        let other = testGenesis(chainID: "other-chain", maxBlockGas: 1 << 40)
        #expect { try BundleVerifier.verify(bytes, trust: BundleTrust(genesisHash: other.hash)) } throws: { ($0 as? BundleError)?.code == "BUNDLE_GENESIS_MISMATCH" }
        let otherTrust = BundleTrust(chainID: other.chainID, validators: other.validators.map { BundleValidator(publicKey: $0.publicKey, power: $0.power) })
        #expect { try BundleVerifier.verify(bytes, trust: otherTrust) } throws: { ($0 as? BundleError)?.code == "BUNDLE_GENESIS_MISMATCH" }
        // Same chain id and validators but another genesis (other balances): the signatures are bound
        // to the genesis hash, so the bundle's genesis cannot be swapped for it.
        var swapped = try await c.bundle(for: l.raw)
        swapped.genesis = testGenesis(maxBlockGas: 1 << 40, accounts: [(addr(alice), 5)]).canonicalBytes
        #expect { try BundleVerifier.verify(swapped.bytes, trust: otherTrust) } throws: { ($0 as? BundleError)?.code == "BUNDLE_GENESIS_MISMATCH" }
        let sameFile = BundleTrust(chainID: testChainID, validators: otherTrust.validators)
        #expect { try BundleVerifier.verify(swapped.bytes, trust: sameFile) } throws: { ($0 as? BundleError)?.code == "BUNDLE_COMMIT_INVALID" }
    }

    @Test func aRetractedAncestorIsReported() async throws {
        let c = try BundleChain()
        let l = try await Self.lineage(c)
        try await c.send(alice, .retractContribution(RetractContribution(contribution: l.raw, reason: "sensor calibration error")))
        let report = try BundleVerifier.verify(try await c.bundle(for: l.model).bytes, trust: Self.trust)
        #expect(report.retracted.map(\.id) == [l.raw])
        #expect(report.records[0].status == "retracted")
    }

    @Test func aMissingAncestorOrAStrayRecordFails() async throws {
        let c = try BundleChain()
        let l = try await Self.lineage(c)
        var b = try await c.bundle(for: l.model)
        b.records.remove(at: 0)
        #expect(throws: BundleError.record(index: 0, reason: "derived from \(l.raw.hex), which is not an earlier record of the bundle")) {
            try BundleVerifier.verify(b, trust: Self.trust)
        }
        // A record that is no ancestor (log index 2, between cleaned and model) may not ride along.
        var stray = try await c.bundle(for: l.model)
        stray.records.insert(try await c.bundle(for: l.unrelated).records[0], at: 2)
        #expect(throws: BundleError.record(index: 2, reason: "not an ancestor of the audited record")) { try BundleVerifier.verify(stray, trust: Self.trust) }
    }

    /// The verifier's own reader of stored records agrees with the rule engine's codec.
    @Test func stateViewMatchesTheContractCodec() async throws {
        let c = try BundleChain()
        let l = try await Self.lineage(c)
        try await c.send(alice, .retractContribution(RetractContribution(contribution: l.raw, reason: "bad")))
        let rec = try ContributionRecord(canonical: try #require(try c.node.chain.kv.get(.state, ContributionKeys.record(l.raw))))
        let view = try ContributionStateView(canonical: rec.canonicalBytes)
        #expect(view.id == rec.id && view.registrant == rec.registrant && view.height == rec.height && view.timeMillis == rec.timeMillis)
        #expect(view.registration == rec.registration && view.version == rec.version && view.status == rec.status)
        #expect(view.confirmations.map(\.rawValue) == rec.confirmations.map(\.rawValue))
        #expect(view.retractionReason == rec.retraction?.reason && view.retractionHeight == rec.retraction?.height)
        #expect(ContributionStateView.stateKey(l.raw) == ContributionKeys.record(l.raw))
    }

    /// The verifier's readers of stored attestations and tallies agree with the rule engine's codecs.
    @Test func attestationViewsMatchTheContractCodec() async throws {
        let c = try BundleChain()
        let l = try await Self.lineage(c)
        let a = try await Self.attest(c, l)
        for id in [a.review, a.endorsement] {
            let rec = try #require(try AttestationStore.record(id, in: c.node.chain.stateReader))
            let view = try AttestationStateView(canonical: rec.canonicalBytes)
            #expect(view.id == rec.id && view.attester == rec.attester && view.height == rec.height && view.timeMillis == rec.timeMillis)
            #expect(view.attestation == rec.attestation && view.independent == rec.independent && view.revokedHeight == rec.revokedHeight)
            #expect(AttestationStateView.stateKey(id) == AttestationKeys.record(id))
        }
        for subject in [l.raw, l.model] {
            let t = try AttestationStore.tally(subject, in: c.node.chain.stateReader)
            let view = try AttestationTallyView(canonical: t.canonicalBytes)
            #expect(view.active == t.active && view.revoked == t.revoked)
            #expect(view.independent == [t.reviews, t.acceptingReviews, t.rejectingReviews, t.successfulReproductions, t.failedReproductions,
                                         t.endorsements, t.qualityRatings])
            #expect(AttestationTallyView.stateKey(subject) == AttestationKeys.tally(subject))
        }
    }
}
