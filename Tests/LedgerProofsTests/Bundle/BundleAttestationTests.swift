import LedgerCore
import LedgerCrypto
import LedgerProofs
import Testing

/// A small chain built by hand, at height 2: key 9 registers a dataset; key 7 reviews it (accept,
/// active); key 8 endorses it and then revokes the endorsement. Log entries 0…3 in that order; state
/// holds the record, its attestation tally and both attestations. The PROOFS.md worked example.
enum AttestedFixture {
    typealias V = BundleValidatorChangeTests
    static let height: UInt64 = 2

    struct Built {
        var bundle: AuditBundle
        var recordID: Hash
        var reviewID: Hash
        var endorsementID: Hash
        /// The endorsement's stored value as it was before the revocation (what a cheat would show).
        var endorsementWhileActive: [UInt8]
    }

    static func tx(_ signer: SigningKey, _ action: Action) throws -> Transaction {
        let body = TransactionBody(chainID: V.chainID, sender: signer.publicKey, nonce: 0, gasLimit: 1_000_000, fee: 1, expiry: nil, actions: [action])
        return try Transaction.sign(body, with: signer, genesisHash: V.identity.genesisHash)
    }

    static func attestationValue(id: Hash, by key: SigningKey, _ a: Attest, revokedHeight: UInt64?) -> [UInt8] {
        var w = CanonicalWriter()
        w.fixed(id); w.address(Address(publicKey: key.publicKey)); w.u64(height); w.u64(1000 * height); w.value(a)
        w.bool(true); w.optionalU64(revokedHeight)
        return w.bytes
    }

    static func build() throws -> Built {
        let author = V.k(9), reviewer = V.k(7), endorser = V.k(8)
        let reg = RegisterContribution(kind: .dataset, title: "d", digest: [0x12, 0x20] + SHA256.hash([1]).bytes, size: 1, license: "CC0-1.0",
                                       contributors: [], references: [], previousVersion: nil, derivedFrom: [], activity: nil)
        let regTx = try tx(author, .registerContribution(reg))
        let rid = RecordID.derive(transaction: regTx.id, actionIndex: 0, kind: "contribution")
        let review = Attest(subject: rid, kind: .review, verdict: Attest.Verdict.accept, comment: "sound")
        let reviewTx = try tx(reviewer, .attest(review))
        let endorse = Attest(subject: rid, kind: .endorsement, verdict: 0)
        let endorseTx = try tx(endorser, .attest(endorse))
        let reviewID = RecordID.derive(transaction: reviewTx.id, actionIndex: 0, kind: "attestation")
        let endorseID = RecordID.derive(transaction: endorseTx.id, actionIndex: 0, kind: "attestation")
        let revokeTx = try tx(endorser, .revokeAttestation(RevokeAttestation(attestation: endorseID)))
        let entries = [regTx, reviewTx, endorseTx, revokeTx].enumerated().map { i, t in
            LogLeaf.action(t, height: height, txIndex: UInt32(i), actionIndex: 0).entry
        }

        // State at the anchor: the record (status reviewed), its tally, both attestations.
        var w = CanonicalWriter()
        w.fixed(rid); w.address(Address(publicKey: author.publicKey)); w.u64(height); w.u64(1000 * height); w.value(reg)
        w.list([UInt8]()) { $0.u8($1) }; w.u32(1); w.u8(0); w.u8(0); w.u8(RecordStatus.reviewed.rawValue)
        let recordValue = w.bytes
        var t = CanonicalWriter()
        // reviews, accepting, rejecting, reproductions ok/failed, endorsements, quality ratings, active, revoked
        for v: UInt64 in [1, 1, 0, 0, 0, 0, 0, 1, 1] { t.u64(v) }
        let tally = t.bytes
        let reviewValue = attestationValue(id: reviewID, by: reviewer, review, revokedHeight: nil)
        let endorseValue = attestationValue(id: endorseID, by: endorser, endorse, revokedHeight: height)
        let state: [([UInt8], [UInt8])] = [
            (ContributionStateView.stateKey(rid), recordValue), (AttestationTallyView.stateKey(rid), tally),
            (AttestationStateView.stateKey(reviewID), reviewValue), (AttestationStateView.stateKey(endorseID), endorseValue),
        ]
        let tree = MemoryTreeSource()
        let update = try StateTreeUpdater.apply(state.map { StateTreeChange(stateKey: $0.0, value: $0.1) }, to: nil, version: height, source: tree)
        tree.apply(update)
        func stateProof(_ key: [UInt8]) throws -> [UInt8] {
            try StateProofBuilder.prove(keyHash: StateTreeHashing.keyHash(key), version: height, source: tree).bytes
        }

        let log = MemoryLogNodes()
        let logRoot = try log.append(entries)
        func logged(_ i: Int) throws -> AuditBundle.LoggedEntry {
            .init(logIndex: UInt64(i), entry: entries[i], inclusionProof: try LogTree.inclusionProof(index: UInt64(i), size: 4, reader: log))
        }

        let record = AuditBundle.Record(logIndex: 0, entry: entries[0], inclusionProof: try logged(0).inclusionProof, stateValue: recordValue,
                                        stateProof: try stateProof(state[0].0), tallyValue: tally, tallyProof: try stateProof(state[1].0))
        let attestations = [
            AuditBundle.Attestation(attest: try logged(1), stateValue: reviewValue, stateProof: try stateProof(state[2].0), revocation: nil),
            AuditBundle.Attestation(attest: try logged(2), stateValue: endorseValue, stateProof: try stateProof(state[3].0), revocation: try logged(3)),
        ]
        let anchor = V.header(height, set: V.genesisSet, next: V.genesisSet, stateRoot: update.rootHash, logSize: 4, logRoot: logRoot)
        let bundle = AuditBundle(genesis: V.genesis, changes: [], header: anchor, commit: V.commit(anchor, by: [V.k(1)]), records: [record],
                                 attestations: attestations, prov: Array("{}".utf8))
        return Built(bundle: bundle, recordID: rid, reviewID: reviewID, endorsementID: endorseID,
                     endorsementWhileActive: attestationValue(id: endorseID, by: endorser, endorse, revokedHeight: nil))
    }
}

@Suite("Audit bundle: attestations")
struct BundleAttestationTests {
    static let trust = BundleValidatorChangeTests.trust

    @Test func anActiveAndARevokedAttestationVerify() throws {
        let f = try AttestedFixture.build()
        let report = try BundleVerifier.verify(f.bundle.bytes, trust: Self.trust)
        #expect(report.attestations.map(\.id) == [f.reviewID, f.endorsementID])
        let (review, endorsement) = (report.attestations[0], report.attestations[1])
        #expect(!review.revoked && review.kind == "review" && review.verdict == "accept" && review.subject == f.recordID)
        #expect(review.attester == Address(publicKey: BundleValidatorChangeTests.k(7).publicKey) && review.logIndex == 1 && review.independent)
        #expect(endorsement.revoked && endorsement.revokedHeight == 2 && endorsement.revocationLogIndex == 3 && endorsement.kind == "endorsement")
        #expect(report.audited.activeAttestations == 1 && report.audited.revokedAttestations == 1 && report.audited.status == "reviewed")
    }

    @Test func aRevokedAttestationCannotBePassedOffAsActive() throws {
        let f = try AttestedFixture.build()
        // The value it held while active, without the revocation: the state proof is of the revoked value.
        var b = f.bundle
        b.attestations[1].stateValue = f.endorsementWhileActive
        b.attestations[1].revocation = nil
        #expect { try BundleVerifier.verify(b, trust: Self.trust) } throws: {
            guard let e = $0 as? BundleError, case let .attestation(1, why) = e else { return false }
            return why.hasPrefix("state proof: PROOF_WRONG_VALUE")
        }
        // Keeping the revoked value but dropping the revocation is named as such.
        var dropped = f.bundle
        dropped.attestations[1].revocation = nil
        #expect(throws: BundleError.attestation(index: 1, reason: "state says revoked at height 2 but the bundle carries no revocation")) {
            try BundleVerifier.verify(dropped, trust: Self.trust)
        }
        // A revocation must revoke this attestation: the attestation's own entry is not one.
        var wrong = f.bundle
        wrong.attestations[1].revocation = wrong.attestations[1].attest
        wrong.attestations[1].revocation?.logIndex = 2
        #expect { try BundleVerifier.verify(wrong, trust: Self.trust) } throws: { ($0 as? BundleError)?.code == "BUNDLE_ATTESTATION_INVALID" }
        // An active attestation may not carry a revocation.
        var extra = f.bundle
        extra.attestations[0].revocation = f.bundle.attestations[1].revocation
        #expect(throws: BundleError.attestation(index: 0, reason: "a revocation is given but state says the attestation is active")) {
            try BundleVerifier.verify(extra, trust: Self.trust)
        }
    }

    @Test func leavingOutAnAttestationFails() throws {
        let f = try AttestedFixture.build()
        for drop in [0, 1] {
            var b = f.bundle
            b.attestations.remove(at: drop)
            #expect { try BundleVerifier.verify(b, trust: Self.trust) } throws: {
                guard let e = $0 as? BundleError, case let .attestation(0, why) = e else { return false }
                return why.hasPrefix("record 0 has 1 active and 1 revoked attestation(s) in state")
            }
        }
        // Claiming no tally at all needs a proof that none is stored: the tally's membership proof is not one.
        var noTally = f.bundle
        noTally.records[0].tallyValue = []
        noTally.attestations = []
        #expect { try BundleVerifier.verify(noTally, trust: Self.trust) } throws: { ($0 as? BundleError)?.code == "BUNDLE_STATE_PROOF_INVALID" }
    }

    @Test func missingOrWrongProofsFail() throws {
        let f = try AttestedFixture.build()
        var noInclusion = f.bundle
        noInclusion.attestations[0].attest.inclusionProof = []
        #expect { try BundleVerifier.verify(noInclusion, trust: Self.trust) } throws: {
            guard let e = $0 as? BundleError, case let .attestation(0, why) = e else { return false }
            return why.hasPrefix("inclusion proof: LOG_PROOF_LENGTH")
        }
        var noRevocationInclusion = f.bundle
        noRevocationInclusion.attestations[1].revocation?.inclusionProof.removeLast()
        #expect { try BundleVerifier.verify(noRevocationInclusion, trust: Self.trust) } throws: {
            guard let e = $0 as? BundleError, case let .attestation(1, why) = e else { return false }
            return why.hasPrefix("revocation: inclusion proof: LOG_PROOF_LENGTH")
        }
        var noState = f.bundle
        noState.attestations[0].stateProof = []
        #expect { try BundleVerifier.verify(noState, trust: Self.trust) } throws: {
            guard let e = $0 as? BundleError, case let .attestation(0, why) = e else { return false }
            return why.hasPrefix("state proof: PROOF_MALFORMED")
        }
        // Another attestation's state proof does not prove this one.
        var swapped = f.bundle
        swapped.attestations[0].stateProof = f.bundle.attestations[1].stateProof
        #expect { try BundleVerifier.verify(swapped, trust: Self.trust) } throws: { ($0 as? BundleError)?.code == "BUNDLE_ATTESTATION_INVALID" }
        var noTallyProof = f.bundle
        noTallyProof.records[0].tallyProof = []
        #expect { try BundleVerifier.verify(noTallyProof, trust: Self.trust) } throws: { ($0 as? BundleError)?.code == "BUNDLE_STATE_PROOF_INVALID" }
        // Out of log order.
        var reordered = f.bundle
        reordered.attestations.swapAt(0, 1)
        #expect { try BundleVerifier.verify(reordered, trust: Self.trust) } throws: { ($0 as? BundleError)?.code == "BUNDLE_ATTESTATION_INVALID" }
    }

    @Test func anAttestationOfARecordOutsideTheBundleFails() throws {
        let f = try AttestedFixture.build()
        // The registration's own entry is not an attestation; an attestation entry must make an attestation.
        var b = f.bundle
        b.attestations[0].attest = .init(logIndex: 0, entry: f.bundle.records[0].entry, inclusionProof: f.bundle.records[0].inclusionProof)
        #expect(throws: BundleError.attestation(index: 0, reason: "action 0 is not an attestation")) { try BundleVerifier.verify(b, trust: Self.trust) }
        // With the record left out, the attestations name a subject the bundle does not hold (the bundle
        // is refused earlier, as it holds no record at all).
        var none = f.bundle
        none.records = []
        #expect(throws: BundleError.self) { try BundleVerifier.verify(none, trust: Self.trust) }
    }

    @Test func everyByteFlipFails() throws {
        let bytes = try AttestedFixture.build().bundle.bytes
        let accepted = bytes.indices.filter { i in
            var m = bytes
            m[i] ^= 0x80
            return (try? BundleVerifier.verify(m, trust: Self.trust)) != nil
        }
        #expect(accepted.isEmpty, "\(accepted.count) of \(bytes.count) flips still verify: \(accepted.prefix(10))")
    }
}
