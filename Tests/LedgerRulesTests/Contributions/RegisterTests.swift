import LedgerCore
import LedgerCrypto
import LedgerRules
import Testing

@Suite("contribution.register")
struct RegisterTests {
    @Test func happyPathWritesRecordIndexesAndEvents() throws {
        let w = ContributionWorld()
        let cited = try w.register(work("cited"))
        let input = try w.register(work("input", kind: .dataset))
        let events = try w.apply(.registerContribution(work("paper", references: [cited], derivedFrom: [input])), from: alice)
        #expect(events.map(\.kind) == ["contribution.registered"])
        let id = try Hash(hex: try #require(events[0].attributes.first { $0.key == "id" }?.value))
        #expect(events[0].attributes.contains { $0.key == "registrant" && $0.value == alice.bech32 })
        let r = try w.record(id)
        #expect(r.registrant == alice && r.version == 1 && r.height == 10 && r.status == .registered)
        #expect(r.confirmations == [.confirmed, .pending], "the registrant's own entry is confirmed by sending; others pend")
        #expect(r.licenseConflict == nil && r.retraction == nil)
        #expect(try w.state.read(ContributionKeys.byDigest(contentDigest("paper"))) == id.bytes)
        #expect(try w.exists(ContributionKeys.derived(parent: input, child: id)))
        #expect(try w.exists(ContributionKeys.citedBy(cited: cited, citer: id)))
        #expect(try w.exists(ContributionKeys.byContributor(alice, id)))
        #expect(try w.exists(ContributionKeys.byContributor(bob, id)))
        #expect(try !w.exists(ContributionKeys.byContributor(carol, id)))
    }

    @Test func idIsDerivedFromTransactionAndActionIndex() throws {
        let state = StateOverlay(base: EmptyState())
        for name in PolicyName.allCases { Policies.store(name.rawValue, rule: DefaultPolicies.rule(name), in: state) }
        let tx = SHA256.hash([1, 2, 3])
        var ctx = ExecutionContext(block: testBlock(), sender: alice, transactionID: tx, state: state, gasLimit: 10_000_000, gasUsed: 0)
        try ContributionContract.register(work("x"), ctx: &ctx)
        let expected = ctx.derivedID(kind: "contribution")
        #expect(try ContributionStore.record(expected, in: state) != nil)
        var w = CanonicalWriter()
        w.raw(Array("desci/id/v1".utf8)); w.fixed(tx); w.u16(0); w.string("contribution")
        #expect(expected == SHA256.hash(w.bytes))
    }

    @Test func fieldValidationCodes() throws {
        let w = ContributionWorld()
        let sha1 = [0x11, 0x14] + [UInt8](repeating: 7, count: 20)
        var cases: [(RegisterContribution, String)] = []
        var r = work("a"); r.title = "  "; cases.append((r, "EMPTY_TITLE"))
        cases.append((work("a", digest: sha1), "INVALID_DIGEST"))
        cases.append((work("a", digest: [0x12, 0x20, 1, 2]), "INVALID_DIGEST"))
        r = work("a"); r.uris = ["not a uri"]; cases.append((r, "INVALID_URI"))
        r = work("a"); r.doi = "11.1234/abc"; cases.append((r, "INVALID_DOI"))
        cases.append((work("a", license: "MyOwnLicence"), "INVALID_LICENSE"))
        cases.append((work("a", license: "MIT and Apache-2.0"), "INVALID_LICENSE"))
        cases.append((work("a", contributors: []), "NO_CONTRIBUTORS"))
        cases.append((work("a", contributors: [person("A", alice, orcid: "0000-0002-1825-0098")]), "INVALID_ORCID"))
        cases.append((work("a", contributors: [person("A", alice, roles: [RoleClaim(role: 15, degree: 1)])]), "INVALID_ROLE"))
        cases.append((work("a", contributors: [person("A", alice, roles: [RoleClaim(role: 1, degree: 0)])]), "INVALID_ROLE"))
        cases.append((work("a", contributors: [person("A", alice, roles: [])]), "INVALID_ROLE"))
        cases.append((work("a", contributors: [person("A", alice, roles: [RoleClaim(role: 2, degree: 1), RoleClaim(role: 2, degree: 3)])]), "INVALID_ROLE"))
        cases.append((work("a", contributors: [person("A", alice), person("A again", alice)]), "DUPLICATE_CONTRIBUTOR"))
        cases.append((work("a", contributors: [person("A", alice, orcid: "0000-0002-1825-0097"), person("B", bob, orcid: "https://orcid.org/0000-0002-1825-0097")]),
                      "DUPLICATE_CONTRIBUTOR"))
        cases.append((work("a", contributors: [person("A", alice), person("Nobody", nil)]), "INVALID_CONTRIBUTOR"))
        cases.append((work("a", activity: ProvenanceActivity(kind: .cleaning, codeDigest: [1, 2, 3])), "INVALID_DIGEST"))
        cases.append((work("a", activity: ProvenanceActivity(kind: .cleaning, startedAt: 10, endedAt: 5)), "INVALID_ACTIVITY"))
        for (reg, code) in cases {
            w.expectRejected(.registerContribution(reg), code: code)
        }
    }

    @Test func validRichRegistrationIsAccepted() throws {
        let w = ContributionWorld()
        var r = work("rich", license: "(MIT OR Apache-2.0) AND LicenseRef-Lab-Terms",
                     contributors: [person("Alice", alice, orcid: "https://orcid.org/0000-0002-1825-0097",
                                           roles: [RoleClaim(role: 1, degree: 1), RoleClaim(role: 13, degree: 2)]),
                                    person("Carol", nil, orcid: "0000-0001-5109-3700")])
        r.doi = "https://doi.org/10.1234/abc.5"
        r.uris = ["ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"]
        let id = try w.register(r)
        #expect(try w.record(id).registration == r)
    }

    @Test func stateChecksCodes() throws {
        let w = ContributionWorld()
        let paper = try w.register(work("paper"))
        let unknown = SHA256.hash([9, 9])
        var r = work("b"); r.contributors.append(ContributorEntry(name: "GPT", agent: unknown, roles: [RoleClaim(role: 13, degree: 3)]))
        w.expectRejected(.registerContribution(r), code: "INVALID_AGENT")
        r = work("b"); r.contributors.append(ContributorEntry(name: "Not a model", agent: paper, roles: [RoleClaim(role: 13, degree: 3)]))
        w.expectRejected(.registerContribution(r), code: "INVALID_AGENT")
        w.expectRejected(.registerContribution(work("b", references: [unknown])), code: "UNKNOWN_RECORD")
        w.expectRejected(.registerContribution(work("b", derivedFrom: [unknown])), code: "UNKNOWN_RECORD")
        w.expectRejected(.registerContribution(work("b", previousVersion: unknown)), code: "UNKNOWN_RECORD")
        w.expectRejected(.registerContribution(work("b", derivedFrom: [paper, paper])), code: "LINEAGE_CYCLE")
        w.expectRejected(.registerContribution(work("b", references: [paper, paper])), code: "DUPLICATE_REFERENCE")
        // The default contribution.admit: the sender must be a listed contributor.
        w.expectRejected(.registerContribution(work("b")), from: carol, code: "POLICY_DENIED")
        // Someone else's record cannot be versioned.
        w.expectRejected(.registerContribution(work("b", contributors: [person("Bob", bob)], previousVersion: paper)), from: bob, code: "NOT_REGISTRANT")
    }

    @Test func machineContributorMustBeSoftwareOrModel() throws {
        let w = ContributionWorld()
        let model = try w.register(work("llm", kind: .model, license: "Apache-2.0"))
        var r = work("drafted")
        r.contributors.append(ContributorEntry(name: "LLM v1", agent: model, roles: [RoleClaim(role: 13, degree: 3)]))
        let id = try w.register(r)
        #expect(try w.record(id).registration.contributors[2].agent == model)
    }

    @Test func duplicateContentNamesTheExistingRecord() throws {
        let w = ContributionWorld()
        let first = try w.register(work("same"))
        let error = w.expectRejected(.registerContribution(work("same", license: "MIT")), code: "DUPLICATE_CONTENT")
        #expect(error?.description.contains(first.hex) == true)
        // As a new version of that record, the same content is fine (e.g. corrected metadata).
        let v2 = try w.register(work("same", license: "MIT", previousVersion: first))
        #expect(try w.record(v2).version == 2)
        #expect(try w.state.read(ContributionKeys.byDigest(contentDigest("same"))) == v2.bytes)
        // Declared as a version of an unrelated record, it is still a duplicate.
        let other = try w.register(work("other"))
        w.expectRejected(.registerContribution(work("same", previousVersion: other)), code: "DUPLICATE_CONTENT")
    }

    @Test func policyIsConsultedWithDocumentedData() throws {
        let w = ContributionWorld()
        // A policy that only admits datasets.
        Policies.store("contribution.admit", rule: try JSONValueFixture.parse(#"{"==": [{"var": "kind"}, "dataset"]}"#), in: w.state)
        w.expectRejected(.registerContribution(work("p")), code: "POLICY_DENIED")
        _ = try w.register(work("d", kind: .dataset), from: carol)
    }
}
