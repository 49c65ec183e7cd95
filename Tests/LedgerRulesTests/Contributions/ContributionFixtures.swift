import LedgerCore
import LedgerCrypto
import LedgerRules
import Testing

let alice = plainAddress(0xA1)
let bob = plainAddress(0xB2)
let carol = plainAddress(0xC3)

/// A SHA-256 multihash of some made-up content.
func contentDigest(_ label: String) -> [UInt8] { [0x12, 0x20] + SHA256.hash(Array(label.utf8)).bytes }

func person(_ name: String, _ a: Address?, orcid: String? = nil, roles: [RoleClaim] = [RoleClaim(role: 1, degree: 1)]) -> ContributorEntry {
    ContributorEntry(name: name, address: a, orcid: orcid, roles: roles)
}

func work(_ label: String, kind: ContributionKind = .paper, license: String = "CC-BY-4.0", contributors: [ContributorEntry]? = nil,
          references: [Hash] = [], previousVersion: Hash? = nil, derivedFrom: [Hash] = [], digest: [UInt8]? = nil,
          activity: ProvenanceActivity? = nil) -> RegisterContribution {
    RegisterContribution(kind: kind, title: "Work \(label)", digest: digest ?? contentDigest(label), size: 1234,
                         uris: ["https://example.org/\(label)"], doi: nil, license: license,
                         contributors: contributors ?? [person("Alice", alice), person("Bob", bob, roles: [RoleClaim(role: 9, degree: 3)])],
                         references: references, previousVersion: previousVersion, derivedFrom: derivedFrom, activity: activity)
}

/// Block state with the default policies, and a way to run actions as a transaction would:
/// a child overlay absorbed only on success.
final class ContributionWorld {
    let state = StateOverlay(base: EmptyState())
    private var counter: UInt64 = 0
    var height: UInt64 = 10

    init() {
        for name in PolicyName.allCases { Policies.store(name.rawValue, rule: DefaultPolicies.rule(name), in: state) }
    }

    private func nextTxID() -> Hash {
        counter += 1
        return SHA256.hash(Array("tx-\(counter)".utf8))
    }

    @discardableResult
    func apply(_ action: Action, from sender: Address) throws -> [Event] {
        let child = StateOverlay(base: state)
        var ctx = ExecutionContext(block: testBlock(height: height), sender: sender, transactionID: nextTxID(), state: child,
                                   gasLimit: 100_000_000, gasUsed: 0)
        try Contracts.apply(action, ctx: &ctx)
        state.absorb(child)
        return ctx.events
    }

    func register(_ r: RegisterContribution, from sender: Address = alice) throws -> Hash {
        let events = try apply(.registerContribution(r), from: sender)
        let value = try #require(events.first { $0.kind == "contribution.registered" }?.attributes.first { $0.key == "id" }?.value)
        return try Hash(hex: value)
    }

    func record(_ id: Hash) throws -> ContributionRecord {
        try #require(try ContributionStore.record(id, in: state))
    }

    /// The action must be refused with `code`, writing nothing (not even to its own overlay).
    @discardableResult
    func expectRejected(_ action: Action, from sender: Address = alice, code: String,
                        sourceLocation: SourceLocation = #_sourceLocation) -> RuleError? {
        let before = state.writes
        let child = StateOverlay(base: state)
        var ctx = ExecutionContext(block: testBlock(height: height), sender: sender, transactionID: nextTxID(), state: child,
                                   gasLimit: 100_000_000, gasUsed: 0)
        defer {
            #expect(child.writes.isEmpty, "a refused action must write nothing", sourceLocation: sourceLocation)
            #expect(state.writes == before, sourceLocation: sourceLocation)
            #expect(ctx.events.isEmpty, "a refused action emits no events", sourceLocation: sourceLocation)
        }
        do {
            try Contracts.apply(action, ctx: &ctx)
            Issue.record("expected \(code), but the action succeeded", sourceLocation: sourceLocation)
            return nil
        } catch let e as RuleError {
            #expect(e.code == code, "\(e)", sourceLocation: sourceLocation)
            return e
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    func exists(_ key: [UInt8]) throws -> Bool { try state.read(key) != nil }
}
