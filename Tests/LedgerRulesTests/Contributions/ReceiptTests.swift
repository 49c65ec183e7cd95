import LedgerCore
import LedgerCrypto
import LedgerRules
import Testing

@Suite("contribution receipts through the transaction executor")
struct ContributionReceiptTests {
    @Test func licenceConflictInReceiptAndRefusalChangesOnlyFeeAndNonce() throws {
        let key = testKey(7)
        let me = address(key)
        let state = stateWith([(me, Account(balance: 1_000_000, nonce: 0))])
        for name in PolicyName.allCases { Policies.store(name.rawValue, rule: DefaultPolicies.rule(name), in: state) }
        let mine = [person("Me", me)]
        let nc = try signedTransaction(from: key, actions: [.registerContribution(work("nc", kind: .dataset, license: "CC-BY-NC-4.0", contributors: mine))],
                                       nonce: 0, gasLimit: 2_000_000)
        let r1 = try applyAdmitted(nc, state)
        #expect(r1.status == .success, "\(r1.code): \(r1.message)")
        let ncID = try Hash(hex: try #require(r1.events.first?.attributes.first { $0.key == "id" }?.value))

        let derived = try signedTransaction(from: key, actions: [.registerContribution(work("derived", kind: .dataset, license: "MIT",
                                                                                             contributors: mine, derivedFrom: [ncID]))],
                                            nonce: 1, gasLimit: 2_000_000)
        let r2 = try applyAdmitted(derived, state)
        #expect(r2.status == .success)
        #expect(r2.events.map(\.kind) == ["contribution.registered", "licence_conflict"])

        // The same content again: a failed receipt; only the sender's and proposer's accounts change.
        let before = state.writes
        let dup = try signedTransaction(from: key, actions: [.registerContribution(work("nc", kind: .dataset, contributors: mine))],
                                        nonce: 2, gasLimit: 2_000_000)
        let r3 = try applyAdmitted(dup, state)
        #expect(r3.status == .failed && r3.code == "DUPLICATE_CONTENT" && r3.message.contains(ncID.hex) && r3.events.isEmpty)
        let changed = state.writes.keys.filter { state.writes[$0]! != before[$0] ?? nil }
        #expect(Set(changed) == [StateKey.account(me), StateKey.account(testBlock().proposer)])
    }
}
