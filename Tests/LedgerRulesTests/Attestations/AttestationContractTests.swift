import JsonLogic
import LedgerCore
import LedgerCrypto
import LedgerRules
import Testing

@Suite("Attestations: happy paths")
struct AttestationHappyPathTests {
    @Test("a review is stored with its attester, indexes, tally and events; its id is derived from the transaction")
    func reviewStored() throws {
        let state = attestationState(), nonces = Nonces()
        let tx = try signedTransaction(from: People.carol, actions: [review()], nonce: nonces.take(People.carol), gasLimit: attestGas)
        let receipt = try applyAdmitted(tx, state, verifySignature: false)
        #expect(receipt.status == .success, "\(receipt.code): \(receipt.message)")
        let id = try createdID(receipt)

        var w = CanonicalWriter()
        w.raw(Array("desci/id/v1".utf8))
        w.fixed(tx.id)
        w.u16(0)
        w.string("attestation")
        #expect(id == SHA256.hash(w.bytes))

        let record = try #require(try AttestationStore.record(id, in: state))
        #expect(record.attester == address(People.carol))
        #expect(record.height == 10)
        #expect(record.independent)
        #expect(!record.revoked)
        #expect(record.attestation.kind == .review)
        #expect(record.attestation.scores == [8, 7, 9])
        #expect(try state.read(AttestationKeys.bySubject(subjectID, id)) == [])
        #expect(try state.read(AttestationKeys.byAttester(address(People.carol), id)) == [])
        #expect(try state.read(AttestationKeys.active(subjectID, address(People.carol), .review)) == id.bytes)
        var expected = AttestationTally()
        expected.reviews = 1
        expected.acceptingReviews = 1
        expected.active = 1
        #expect(try tally(state) == expected)
        #expect(try status(state) == "reviewed")
        #expect(receipt.events == [
            Event(kind: "attestation.created", attributes: [("id", id.hex), ("subject", subjectID.hex), ("attester", address(People.carol).bech32),
                                                             ("kind", "review"), ("verdict", "accept")]),
            Event(kind: "record.status_changed", attributes: [("id", subjectID.hex), ("from", "registered"), ("to", "reviewed")]),
        ])
    }

    @Test("every kind with every allowed verdict is admitted", arguments: [
        (Attest.Kind.review, [UInt8(1), 2, 3, 4]), (.reproduction, [1, 2]), (.endorsement, [0]), (.dataQuality, [1, 2, 3, 4]),
    ])
    func allKinds(kind: Attest.Kind, verdicts: [UInt8]) throws {
        for v in verdicts {
            let state = attestationState(), nonces = Nonces()
            let a = Attest(subject: subjectID, kind: kind, verdict: v, scores: [0, 10],
                           outputDigest: kind == .reproduction ? multihash("out") : nil)
            let r = try run(.attest(a), by: People.dave, state, nonces: nonces)
            let record = try #require(try AttestationStore.record(try createdID(r), in: state))
            #expect(record.attestation == a)
        }
    }

    @Test("an endorsement and a quality rating count in the tally but leave the status registered")
    func endorsementAndQuality() throws {
        let state = attestationState(), nonces = Nonces()
        try run(.attest(Attest(subject: subjectID, kind: .endorsement, verdict: 0)), by: People.carol, state, nonces: nonces)
        let r = try run(.attest(Attest(subject: subjectID, kind: .dataQuality, verdict: 2)), by: People.carol, state, nonces: nonces)
        #expect(!r.events.contains { $0.kind == "record.status_changed" })
        let t = try tally(state)
        #expect(t.endorsements == 1 && t.qualityRatings == 1 && t.active == 2)
        #expect(try status(state) == "registered")
    }

    @Test("one attester may hold one active attestation of each kind on a subject")
    func oneOfEachKind() throws {
        let state = attestationState(), nonces = Nonces()
        try run(review(), by: People.carol, state, nonces: nonces)
        try run(reproduction(), by: People.carol, state, nonces: nonces)
        try run(.attest(Attest(subject: subjectID, kind: .endorsement, verdict: 0)), by: People.carol, state, nonces: nonces)
        #expect(try tally(state).active == 3)
    }

    @Test("revoking marks the record, frees the slot for a new attestation of that kind and emits attestation.revoked")
    func revokeThenAttestAgain() throws {
        let state = attestationState(), nonces = Nonces()
        let id = try createdID(try run(review(verdict: Attest.Verdict.major), by: People.carol, state, nonces: nonces))
        let r = try run(.revokeAttestation(RevokeAttestation(attestation: id)), by: People.carol, state, nonces: nonces)
        #expect(r.events == [Event(kind: "attestation.revoked", attributes: [
            ("id", id.hex), ("subject", subjectID.hex), ("attester", address(People.carol).bech32), ("kind", "review"),
        ])])
        let record = try #require(try AttestationStore.record(id, in: state))
        #expect(record.revokedHeight == 10)
        #expect(try state.read(AttestationKeys.active(subjectID, address(People.carol), .review)) == nil)
        #expect(try state.read(AttestationKeys.bySubject(subjectID, id)) == [], "the subject index keeps revoked attestations")
        let t = try tally(state)
        #expect(t.reviews == 0 && t.active == 0 && t.revoked == 1)
        try run(review(), by: People.carol, state, nonces: nonces)
        #expect(try status(state) == "reviewed")
    }
}

@Suite("Attestations: rejections change no record")
struct AttestationRejectionTests {
    @Test("UNKNOWN_RECORD: the subject must be registered")
    func unknownRecord() throws {
        let state = attestationState()
        try runFailing(review(SHA256.hash([1, 2, 3])), by: People.carol, state, nonces: Nonces(), code: "UNKNOWN_RECORD")
    }

    @Test("RECORD_RETRACTED: a retracted record cannot be attested")
    func retracted() throws {
        try runFailing(review(retractedID), by: People.carol, attestationState(), nonces: Nonces(), code: "RECORD_RETRACTED")
    }

    @Test("INVALID_VERDICT: the verdict must fit the kind", arguments: [
        (Attest.Kind.review, UInt8(0)), (.review, 5), (.reproduction, 0), (.reproduction, 3), (.endorsement, 1), (.dataQuality, 0), (.dataQuality, 5),
    ])
    func invalidVerdict(kind: Attest.Kind, verdict: UInt8) throws {
        let a = Attest(subject: subjectID, kind: kind, verdict: verdict, outputDigest: multihash("o"))
        try runFailing(.attest(a), by: People.carol, attestationState(), nonces: Nonces(), code: "INVALID_VERDICT")
    }

    @Test("INVALID_SCORE: scores run from 0 to 10")
    func invalidScore() throws {
        try runFailing(review(scores: [10, 11]), by: People.carol, attestationState(), nonces: Nonces(), code: "INVALID_SCORE")
    }

    @Test("INVALID_DIGEST: report, output and environment digests must be SHA-256 multihashes")
    func invalidDigest() throws {
        let sha1 = [0x11, 0x14] + [UInt8](repeating: 7, count: 20)
        let short = [0x12, 0x20] + [UInt8](repeating: 7, count: 31)
        let state = attestationState(), nonces = Nonces()
        for bad in [sha1, short, []] {
            try runFailing(.attest(Attest(subject: subjectID, kind: .review, verdict: 1, reportDigest: bad)), by: People.carol, state, nonces: nonces,
                           code: "INVALID_DIGEST")
            try runFailing(.attest(Attest(subject: subjectID, kind: .reproduction, verdict: 1, outputDigest: bad)), by: People.carol, state,
                           nonces: nonces, code: "INVALID_DIGEST")
            try runFailing(.attest(Attest(subject: subjectID, kind: .reproduction, verdict: 1, outputDigest: multihash("o"), environmentDigest: bad)),
                           by: People.carol, state, nonces: nonces, code: "INVALID_DIGEST")
        }
    }

    @Test("MISSING_OUTPUT: a reproduction carries its output digest")
    func missingOutput() throws {
        let a = Attest(subject: subjectID, kind: .reproduction, verdict: 1, environmentDigest: multihash("env"))
        try runFailing(.attest(a), by: People.carol, attestationState(), nonces: Nonces(), code: "MISSING_OUTPUT")
    }

    @Test("DUPLICATE_ATTESTATION: a second active attestation of the same kind is refused, whatever its verdict")
    func duplicate() throws {
        let state = attestationState(), nonces = Nonces()
        try run(review(), by: People.carol, state, nonces: nonces)
        try runFailing(review(verdict: Attest.Verdict.reject), by: People.carol, state, nonces: nonces, code: "DUPLICATE_ATTESTATION")
    }

    @Test("POLICY_DENIED: contributors cannot review or reproduce their own work (default attestation.admit)")
    func selfReview() throws {
        let state = attestationState(), nonces = Nonces()
        try runFailing(review(), by: People.alice, state, nonces: nonces, code: "POLICY_DENIED")
        try runFailing(reproduction(), by: People.bob, state, nonces: nonces, code: "POLICY_DENIED")
        try runFailing(.attest(Attest(subject: subjectID, kind: .endorsement, verdict: 0)), by: People.bob, state, nonces: nonces, code: "POLICY_DENIED")
        #expect(try status(state) == "registered")
    }

    @Test("UNKNOWN_ATTESTATION, NOT_ATTESTER and ALREADY_REVOKED on revoke")
    func revokeRejections() throws {
        let state = attestationState(), nonces = Nonces()
        try runFailing(.revokeAttestation(RevokeAttestation(attestation: SHA256.hash([9]))), by: People.carol, state, nonces: nonces,
                       code: "UNKNOWN_ATTESTATION")
        let id = try createdID(try run(review(), by: People.carol, state, nonces: nonces))
        try runFailing(.revokeAttestation(RevokeAttestation(attestation: id)), by: People.dave, state, nonces: nonces, code: "NOT_ATTESTER")
        try runFailing(.revokeAttestation(RevokeAttestation(attestation: id)), by: People.alice, state, nonces: nonces, code: "NOT_ATTESTER")
        try run(.revokeAttestation(RevokeAttestation(attestation: id)), by: People.carol, state, nonces: nonces)
        try runFailing(.revokeAttestation(RevokeAttestation(attestation: id)), by: People.carol, state, nonces: nonces, code: "ALREADY_REVOKED")
    }

    @Test("a failing later action undoes an earlier attestation in the same transaction")
    func atomicTransaction() throws {
        let state = attestationState()
        let before = recordState(state)
        let endorse = Action.attest(Attest(subject: subjectID, kind: .endorsement, verdict: 0))
        let tx = try signedTransaction(from: People.carol, actions: [endorse, endorse], nonce: 0, gasLimit: attestGas)
        let receipt = try applyAdmitted(tx, state, verifySignature: false)
        #expect(receipt.status == .failed)
        #expect(receipt.code == "DUPLICATE_ATTESTATION", "the second action sees the first")
        #expect(recordState(state) == before)
    }
}
