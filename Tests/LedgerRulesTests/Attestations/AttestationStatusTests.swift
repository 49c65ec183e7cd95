import JsonLogic
import LedgerCore
import LedgerCrypto
@testable import LedgerRules
import Testing

@Suite("Attestations: the subject's status (dataset.status)")
struct AttestationStatusTests {
    func changes(_ r: Receipt) -> [[String]] {
        r.events.filter { $0.kind == "record.status_changed" }.map { $0.attributes.map(\.value) }
    }

    @Test("registered → reviewed → reproduced, and revocations move it back")
    func transitions() throws {
        let state = attestationState(), nonces = Nonces()
        #expect(try status(state) == "registered")
        try run(review(verdict: Attest.Verdict.major), by: People.carol, state, nonces: nonces)
        #expect(try status(state) == "registered", "a major-revisions review is not accepting")
        let minor = try run(review(verdict: Attest.Verdict.minor), by: People.dave, state, nonces: nonces)
        #expect(changes(minor) == [[subjectID.hex, "registered", "reviewed"]])
        let first = try createdID(try run(reproduction(), by: People.carol, state, nonces: nonces))
        #expect(try status(state) == "reviewed", "one successful reproduction is not enough")
        let second = try run(reproduction(), by: People.erin, state, nonces: nonces)
        #expect(changes(second) == [[subjectID.hex, "reviewed", "reproduced"]])
        #expect(try status(state) == "reproduced")
        #expect(try tally(state).successfulReproductions == 2)

        let back = try run(.revokeAttestation(RevokeAttestation(attestation: first)), by: People.carol, state, nonces: nonces)
        #expect(changes(back) == [[subjectID.hex, "reproduced", "reviewed"]])
        #expect(try tally(state).successfulReproductions == 1)
    }

    @Test("two reproductions by the same attester count once")
    func sameAttesterCountsOnce() throws {
        let state = attestationState(), nonces = Nonces()
        let id = try createdID(try run(reproduction(), by: People.carol, state, nonces: nonces))
        try runFailing(reproduction(), by: People.carol, state, nonces: nonces, code: "DUPLICATE_ATTESTATION")
        try run(.revokeAttestation(RevokeAttestation(attestation: id)), by: People.carol, state, nonces: nonces)
        try run(reproduction(), by: People.carol, state, nonces: nonces)
        #expect(try tally(state).successfulReproductions == 1)
        #expect(try status(state) == "registered")
        try run(reproduction(), by: People.dave, state, nonces: nonces)
        #expect(try status(state) == "reproduced")
    }

    @Test("contributors' attestations never count, even when a policy admits them")
    func contributorsDoNotCount() throws {
        let state = attestationState(), nonces = Nonces()
        Policies.store(PolicyName.attestationAdmit.rawValue, rule: true, in: state)
        try run(reproduction(), by: People.alice, state, nonces: nonces)
        try run(reproduction(), by: People.bob, state, nonces: nonces)
        try run(review(), by: People.alice, state, nonces: nonces)
        let t = try tally(state)
        #expect(t.successfulReproductions == 0 && t.acceptingReviews == 0 && t.active == 3)
        #expect(try status(state) == "registered")
        let id = try createdID(try run(reproduction(), by: People.carol, state, nonces: nonces))
        #expect(try #require(try AttestationStore.record(id, in: state)).independent)
    }

    @Test("more failed than successful reproductions: disputed")
    func disputed() throws {
        let state = attestationState(), nonces = Nonces()
        try run(review(), by: People.carol, state, nonces: nonces)
        try run(reproduction(success: false), by: People.dave, state, nonces: nonces)
        #expect(try status(state) == "disputed")
        #expect(try tally(state).failedReproductions == 1)
    }

    @Test("the policy receives the documented data")
    func policyData() throws {
        // The rule renders its whole input as text and maps the two expected renderings to two
        // statuses (anything else: disputed), so the status shows whether the policy saw exactly this.
        let seen = #"{"cat": [{"var": "kind"}, "/", {"var": "reviews"}, "/", {"var": "accepting_reviews"}, "/", {"var": "rejecting_reviews"}, "/", {"var": "successful_reproductions"}, "/", {"var": "failed_reproductions"}, "/", {"var": "endorsements"}, "/", {"var": "quality_ratings"}, "/", {"var": "attestations"}, "/", {"var": "retracted"}]}"#
        let rule = try JSONValue(parsing: Array(#"{"if": [{"==": [\#(seen), "dataset/1/0/1/0/0/0/0/1/false"]}, "reviewed", {"==": [\#(seen), "dataset/1/0/1/1/0/1/1/4/false"]}, "reproduced", "disputed"]}"#.utf8))
        let state = attestationState(statusPolicy: rule), nonces = Nonces()
        try run(review(verdict: Attest.Verdict.reject), by: People.carol, state, nonces: nonces)
        #expect(try status(state) == "reviewed")
        try run(.attest(Attest(subject: subjectID, kind: .dataQuality, verdict: 3)), by: People.dave, state, nonces: nonces)
        #expect(try status(state) == "disputed")
        try run(.attest(Attest(subject: subjectID, kind: .endorsement, verdict: 0)), by: People.dave, state, nonces: nonces)
        try run(reproduction(), by: People.erin, state, nonces: nonces)
        #expect(try status(state) == "reproduced")
    }

    @Test("a status policy that returns no string, or no RecordStatus name, fails the action with POLICY_ERROR")
    func nonStringStatus() throws {
        let state = attestationState(statusPolicy: 42), nonces = Nonces()
        try runFailing(review(), by: People.carol, state, nonces: nonces, code: "POLICY_ERROR")
        let long = JSONValue.string(String(repeating: "x", count: SubjectStatus.maxLength + 1))
        let state2 = attestationState(statusPolicy: long)
        try runFailing(review(), by: People.carol, state2, nonces: Nonces(), code: "POLICY_ERROR")
        // Only the RecordStatus names are statuses; any other string, even a Unicode-equivalent
        // spelling of one, is a policy error.
        for other: JSONValue in ["verified", "Reviewed", "re\u{0301}viewed", "reviewed\u{0}"] {
            try runFailing(review(), by: People.carol, attestationState(statusPolicy: other), nonces: Nonces(), code: "POLICY_ERROR")
        }
    }

    @Test("a missing attestation.admit policy fails with POLICY_MISSING")
    func missingPolicy() throws {
        let state = attestationState(), nonces = Nonces()
        state.delete(Policies.key(PolicyName.attestationAdmit.rawValue))
        try runFailing(review(), by: People.carol, state, nonces: nonces, code: "POLICY_MISSING")
    }

    @Test("a hostile dataset.status policy runs out of gas: the attestation fails cleanly and the chain goes on")
    func hostilePolicy() throws {
        // map over 1,000 elements, nested three deep: 10^9 steps if it were allowed to run.
        let big = JSONValue.array((0..<1_000).map { .number(Double($0)) })
        let inner: JSONValue = ["+": [["var": ""], 1]]
        let hostile: JSONValue = ["map": [big, ["map": [big, ["map": [big, inner]]]]]]
        let state = attestationState(statusPolicy: hostile), nonces = Nonces()
        let receipt = try runFailing(review(), by: People.carol, state, nonces: nonces, code: "OUT_OF_GAS", gas: 500_000)
        #expect(receipt.gasUsed == 500_000)
        #expect(try AttestationStore.tally(subjectID, in: state) == AttestationTally())
        #expect(try status(state) == "registered")
        #expect(try BankContract.account(address(People.carol), in: state).nonce == 1, "the failed transaction still counts")

        // The chain goes on: once governance restores a sane rule, the same attestation succeeds.
        let tx = try signedTransfer(from: People.carol, to: address(People.dave), amount: 5, nonce: nonces.take(People.carol))
        #expect(try applyAdmitted(tx, state, verifySignature: false).status == .success)
        Policies.store(PolicyName.datasetStatus.rawValue, rule: DefaultPolicies.rule(.datasetStatus), in: state)
        try run(review(), by: People.carol, state, nonces: nonces)
        #expect(try status(state) == "reviewed")
    }

    @Test("an attestation with the default policies fits the wallet's default gas limit (300,000) with room to spare")
    func gasFitsWalletDefault() throws {
        let state = attestationState(), nonces = Nonces()
        let walletDefault: UInt64 = 300_000
        let first = try run(review(), by: People.carol, state, nonces: nonces, gas: walletDefault)
        let second = try run(reproduction(), by: People.dave, state, nonces: nonces, gas: walletDefault)
        let revoke = try run(.revokeAttestation(RevokeAttestation(attestation: try createdID(first))), by: People.carol, state, nonces: nonces,
                             gas: walletDefault)
        for r in [first, second, revoke] {
            #expect(r.gasUsed < walletDefault / 4, "gas used: \(r.gasUsed)")
        }
    }

    @Test("revoking an attestation of a record retracted since still works and keeps it retracted")
    func revokeAfterRetraction() throws {
        let state = attestationState(), nonces = Nonces()
        let id = try createdID(try run(review(), by: People.carol, state, nonces: nonces))
        var record = try #require(try ContributionStore.record(subjectID, in: state))
        record.retraction = .init(reason: "error found", height: 11, by: address(People.alice))
        state.write(ContributionKeys.record(subjectID), record.canonicalBytes)
        let r = try run(.revokeAttestation(RevokeAttestation(attestation: id)), by: People.carol, state, nonces: nonces)
        #expect(changes(r) == [[subjectID.hex, "reviewed", "retracted"]])
    }
}
