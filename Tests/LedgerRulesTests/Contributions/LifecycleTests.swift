import LedgerCore
import LedgerCrypto
import LedgerRules
import Testing
import JsonLogic

enum JSONValueFixture {
    static func parse(_ s: String) throws -> JSONValue { try JSONValue(parsing: Array(s.utf8)) }
}

@Suite("contribution.confirm and contribution.retract")
struct LifecycleTests {
    @Test func contributorsConfirmAndDeclineTheirOwnEntries() throws {
        let w = ContributionWorld()
        let id = try w.register(work("p"))
        let events = try w.apply(.confirmContribution(ConfirmContribution(contribution: id, accept: true)), from: bob)
        #expect(events.map(\.kind) == ["contribution.confirmed"])
        #expect(try w.record(id).confirmations == [.confirmed, .confirmed])
        // Changing one's answer is allowed.
        let again = try w.apply(.confirmContribution(ConfirmContribution(contribution: id, accept: false)), from: bob)
        #expect(again.map(\.kind) == ["contribution.declined"])
        #expect(try w.record(id).confirmations == [.confirmed, .declined])
    }

    @Test func confirmRejections() throws {
        let w = ContributionWorld()
        let id = try w.register(work("p"))
        w.expectRejected(.confirmContribution(ConfirmContribution(contribution: id, accept: true)), from: carol, code: "NOT_A_CONTRIBUTOR")
        w.expectRejected(.confirmContribution(ConfirmContribution(contribution: SHA256.hash([0]), accept: true)), from: bob, code: "UNKNOWN_RECORD")
        try w.apply(.retractContribution(RetractContribution(contribution: id, reason: "error in figure 2")), from: alice)
        w.expectRejected(.confirmContribution(ConfirmContribution(contribution: id, accept: true)), from: bob, code: "ALREADY_RETRACTED")
    }

    @Test func registrantRetracts() throws {
        let w = ContributionWorld()
        let id = try w.register(work("p"))
        w.expectRejected(.retractContribution(RetractContribution(contribution: id, reason: "mine")), from: bob, code: "NOT_REGISTRANT")
        w.expectRejected(.retractContribution(RetractContribution(contribution: id, reason: " ")), from: alice, code: "EMPTY_REASON")
        w.expectRejected(.retractContribution(RetractContribution(contribution: SHA256.hash([1]), reason: "x")), code: "UNKNOWN_RECORD")
        w.height = 12
        let events = try w.apply(.retractContribution(RetractContribution(contribution: id, reason: "fabricated data")), from: alice)
        #expect(events.map(\.kind) == ["contribution.retracted"])
        let r = try w.record(id)
        #expect(r.retraction?.reason == "fabricated data" && r.retraction?.height == 12 && r.retraction?.by == alice)
        #expect(r.status == .retracted)
        w.expectRejected(.retractContribution(RetractContribution(contribution: id, reason: "again")), code: "ALREADY_RETRACTED")
    }

    @Test func governanceRetracts() throws {
        let w = ContributionWorld()
        let id = try w.register(work("p"))
        var ctx = ExecutionContext(block: testBlock(), sender: carol, transactionID: .zero, state: w.state, gasLimit: 10_000_000, gasUsed: 0)
        try ContributionContract.retractByGovernance(id: id, reason: "misconduct finding", ctx: &ctx)
        #expect(try w.record(id).retraction?.by == nil)
        #expect(throws: RuleError.rejected(code: "ALREADY_RETRACTED", message: "contribution \(id) was already retracted at height 10")) {
            try ContributionContract.retractByGovernance(id: id, reason: "again", ctx: &ctx)
        }
    }

    @Test func versionsFormALinearHistory() throws {
        let w = ContributionWorld()
        let v1 = try w.register(work("v1"))
        let v2 = try w.register(work("v2", previousVersion: v1))
        let v3 = try w.register(work("v3", previousVersion: v2))
        #expect(try w.record(v3).version == 3)
        #expect(try w.exists(ContributionKeys.nextVersion(previous: v1, next: v2)))
        w.expectRejected(.registerContribution(work("fork", previousVersion: v1)), code: "VERSION_EXISTS")
        for start in [v1, v2, v3] {
            #expect(try ContributionLineage.versions(of: start, after: nil, limit: 100, in: w.state)?.records.map(\.id) == [v1, v2, v3])
        }
        // Pages: from any version, continued after the last one listed; a cursor from another history is refused.
        let first = try #require(try ContributionLineage.versions(of: v3, after: nil, limit: 2, in: w.state))
        #expect(first.records.map(\.id) == [v1, v2] && first.more)
        let second = try #require(try ContributionLineage.versions(of: v1, after: v2, limit: 2, in: w.state))
        #expect(second.records.map(\.id) == [v3] && !second.more)
        let stranger = try w.register(work("unrelated"))
        #expect(throws: ContributionLineage.NotInHistory.self) { try ContributionLineage.versions(of: v1, after: stranger, limit: 2, in: w.state) }
    }
}

@Suite("licences and lineage")
struct LicenceLineageTests {
    @Test func licenceConflictIsFlaggedByDefault() throws {
        let w = ContributionWorld()
        let nc = try w.register(work("nc", kind: .dataset, license: "CC-BY-NC-4.0"))
        let ok = try w.register(work("ok", kind: .dataset, license: "CC-BY-NC-4.0", derivedFrom: [nc]))
        #expect(try w.record(ok).licenseConflict == nil)
        let events = try w.apply(.registerContribution(work("bad", kind: .dataset, license: "CC-BY-4.0", derivedFrom: [nc])), from: alice)
        #expect(events.map(\.kind) == ["contribution.registered", "licence_conflict"])
        #expect(events[1].attributes.contains { $0.key == "input" && $0.value == nc.hex })
        let id = try Hash(hex: events[0].attributes[0].value)
        let conflict = try #require(try w.record(id).licenseConflict)
        #expect(conflict.contains(nc.hex) && conflict.contains("CC-BY-NC-4.0"))
    }

    @Test func licenceConflictIsRefusedWhenTheFlagIsSet() throws {
        let w = ContributionWorld()
        let nd = try w.register(work("nd", kind: .dataset, license: "CC-BY-ND-4.0"))
        w.state.write(ContributionContract.refuseLicenceConflictsKey, [1])
        w.expectRejected(.registerContribution(work("bad", kind: .dataset, license: "CC-BY-4.0", derivedFrom: [nd])), code: "LICENSE_CONFLICT")
        w.state.write(ContributionContract.refuseLicenceConflictsKey, [0])
        _ = try w.register(work("bad", kind: .dataset, license: "CC-BY-4.0", derivedFrom: [nd]))
    }

    /// Retracted records reachable through `derived_from`, nearest first (as `GET /contribution` computes them).
    private func retractedAncestors(of id: Hash, in state: any StateReader) throws -> [Hash] {
        let graph = try ContributionLineage.walk(.ancestors, from: id, depth: 1000, maxNodes: 1000, in: state)
        return (graph?.nodes.dropFirst() ?? []).filter { $0.record.retraction != nil }.map(\.record.id)
    }

    @Test func retractionPropagatesToEveryDescendant() throws {
        let w = ContributionWorld()
        let raw = try w.register(work("raw", kind: .dataset))
        let clean = try w.register(work("clean", kind: .dataset, derivedFrom: [raw],
                                        activity: ProvenanceActivity(kind: .cleaning, codeDigest: contentDigest("code"), startedAt: 1, endedAt: 2)))
        let other = try w.register(work("other", kind: .dataset))
        let model = try w.register(work("model", kind: .model, derivedFrom: [clean, other]))
        #expect(try retractedAncestors(of: model, in: w.state).isEmpty)
        try w.apply(.retractContribution(RetractContribution(contribution: raw, reason: "consent withdrawn")), from: alice)
        #expect(try retractedAncestors(of: model, in: w.state) == [raw])
        #expect(try retractedAncestors(of: clean, in: w.state) == [raw])
        #expect(try retractedAncestors(of: other, in: w.state).isEmpty)
        #expect(try retractedAncestors(of: raw, in: w.state).isEmpty, "a record does not depend on itself")
    }

    @Test func selfReferenceIsACycle() throws {
        // An id is fresh per transaction, so a registration can only name itself by predicting its id.
        let state = StateOverlay(base: EmptyState())
        for name in PolicyName.allCases { Policies.store(name.rawValue, rule: DefaultPolicies.rule(name), in: state) }
        let tx = SHA256.hash([42])
        var ctx = ExecutionContext(block: testBlock(), sender: alice, transactionID: tx, state: state, gasLimit: 10_000_000, gasUsed: 0)
        let own = ctx.derivedID(kind: "contribution")
        #expect(throws: RuleError.self) { try ContributionContract.register(work("x", derivedFrom: [own]), ctx: &ctx) }
        do { try ContributionContract.register(work("x", derivedFrom: [own]), ctx: &ctx) } catch let e as RuleError { #expect(e.code == "LINEAGE_CYCLE") }
        #expect(state.writes.count == PolicyName.allCases.count)
    }

    @Test func deepLineageIsWalkedWithinLimits() throws {
        let w = ContributionWorld()
        var ids = [try w.register(work("d0", kind: .dataset))]
        for i in 1...1000 { ids.append(try w.register(work("d\(i)", kind: .dataset, derivedFrom: [ids[i - 1]]))) }
        let full = try #require(try ContributionLineage.walk(.ancestors, from: ids[1000], depth: 1000, in: w.state))
        #expect(full.nodes.count == 1001 && full.edges.count == 1000 && !full.truncated)
        #expect(full.nodes.last?.record.id == ids[0] && full.nodes.last?.depth == 1000)
        let short = try #require(try ContributionLineage.walk(.ancestors, from: ids[1000], depth: 10, in: w.state))
        #expect(short.nodes.count == 11 && short.truncated)
        let down = try #require(try ContributionLineage.walk(.descendants, from: ids[0], depth: 5, in: w.state))
        #expect(down.nodes.map(\.record.id) == Array(ids[0...5]) && down.truncated)
        #expect(down.edges.first == ContributionLineage.Edge(child: ids[1], parent: ids[0]))
    }

    @Test func diamondLineageListsEachNodeOnce() throws {
        let w = ContributionWorld()
        let a = try w.register(work("a", kind: .dataset))
        let b = try w.register(work("b", kind: .dataset, derivedFrom: [a]))
        let c = try w.register(work("c", kind: .dataset, derivedFrom: [a]))
        let d = try w.register(work("d", kind: .dataset, derivedFrom: [b, c]))
        let g = try #require(try ContributionLineage.walk(.ancestors, from: d, depth: 10, in: w.state))
        #expect(g.nodes.map(\.record.id) == [d, b, c, a])
        #expect(g.edges.count == 4)
        let down = try #require(try ContributionLineage.walk(.descendants, from: a, depth: 10, in: w.state))
        #expect(Set(down.nodes.map(\.record.id)) == [a, b, c, d] && down.nodes.count == 4)
    }
}
