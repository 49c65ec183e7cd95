import JsonLogic
import LedgerCore
import LedgerCrypto
@testable import LedgerRules
import Testing

/// People of the attestation tests: alice and bob are the contributors of the subject; carol, dave
/// and erin are independent.
enum People {
    static var alice: SigningKey { testKey(1) }
    static var bob: SigningKey { testKey(2) }
    static var carol: SigningKey { testKey(3) }
    static var dave: SigningKey { testKey(4) }
    static var erin: SigningKey { testKey(5) }
    static var all: [SigningKey] { [alice, bob, carol, dave, erin] }
}

/// A SHA-256 multihash of some text.
func multihash(_ text: String) -> [UInt8] { [0x12, 0x20] + SHA256.hash(Array(text.utf8)).bytes }

let subjectID = SHA256.hash(Array("subject dataset".utf8))
let retractedID = SHA256.hash(Array("retracted dataset".utf8))

func subjectRecord(_ id: Hash = subjectID, retracted: Bool = false) -> ContributionRecord {
    let registration = RegisterContribution(
        kind: .dataset, title: "Ocean temperatures 2020", digest: multihash("data \(id)"), size: 1024, license: "CC-BY-4.0",
        contributors: [
            ContributorEntry(name: "Alice", address: address(People.alice), roles: [RoleClaim(role: 2, degree: 1)]),
            ContributorEntry(name: "Bob", address: address(People.bob), roles: [RoleClaim(role: 5, degree: 2)]),
            ContributorEntry(name: "An ORCID-only person", orcid: "0000-0002-1825-0097", roles: [RoleClaim(role: 1, degree: 3)]),
        ])
    return ContributionRecord(id: id, registrant: address(People.alice), height: 1, timeMillis: 1_700_000_000_000, registration: registration,
                              confirmations: [.confirmed, .pending, .pending], version: 1,
                              retraction: retracted ? .init(reason: "fabricated", height: 2, by: address(People.alice)) : nil)
}

/// A block overlay with funded accounts, the default policies and two records (one retracted).
func attestationState(statusPolicy: JSONValue? = nil) -> StateOverlay {
    let state = stateWith(People.all.map { (address($0), Account(balance: 1_000_000, nonce: 0)) })
    for name in PolicyName.allCases { Policies.store(name.rawValue, rule: DefaultPolicies.rule(name), in: state) }
    if let statusPolicy { Policies.store(PolicyName.datasetStatus.rawValue, rule: statusPolicy, in: state) }
    state.write(ContributionKeys.record(subjectID), subjectRecord().canonicalBytes)
    state.write(ContributionKeys.record(retractedID), subjectRecord(retractedID, retracted: true).canonicalBytes)
    return state
}

/// Sequential nonces per key within one test.
final class Nonces {
    private var next: [Address: UInt64] = [:]
    func take(_ k: SigningKey) -> UInt64 {
        let a = address(k)
        let n = next[a, default: 0]
        next[a] = n + 1
        return n
    }
}

let attestGas: UInt64 = 2_000_000

func review(_ subject: Hash = subjectID, verdict: UInt8 = Attest.Verdict.accept, scores: [UInt8] = [8, 7, 9]) -> Action {
    .attest(Attest(subject: subject, kind: .review, verdict: verdict, scores: scores, reportDigest: multihash("report"), comment: "solid"))
}

func reproduction(_ subject: Hash = subjectID, success: Bool = true) -> Action {
    .attest(Attest(subject: subject, kind: .reproduction, verdict: success ? Attest.Verdict.success : Attest.Verdict.failure,
                   outputDigest: multihash("output"), environmentDigest: multihash("env")))
}

/// Everything outside the bank prefix (fees and nonces always change).
func recordState(_ state: StateOverlay) -> [[UInt8]: [UInt8]?] {
    state.writes.filter { $0.key.first != StateKey.Contract.bank.rawValue }
}

/// Runs one action in a transaction that must succeed; returns its receipt.
@discardableResult
func run(_ action: Action, by key: SigningKey, _ state: StateOverlay, nonces: Nonces, gas: UInt64 = attestGas,
         sourceLocation: SourceLocation = #_sourceLocation) throws -> Receipt {
    let tx = try signedTransaction(from: key, actions: [action], nonce: nonces.take(key), gasLimit: gas)
    let receipt = try applyAdmitted(tx, state, verifySignature: false, sourceLocation: sourceLocation)
    #expect(receipt.status == .success, "\(receipt.code): \(receipt.message)", sourceLocation: sourceLocation)
    return receipt
}

/// Runs one action in a transaction that must fail with `code`, leaving every record untouched.
@discardableResult
func runFailing(_ action: Action, by key: SigningKey, _ state: StateOverlay, nonces: Nonces, code: String, gas: UInt64 = attestGas,
                sourceLocation: SourceLocation = #_sourceLocation) throws -> Receipt {
    let before = recordState(state)
    let tx = try signedTransaction(from: key, actions: [action], nonce: nonces.take(key), gasLimit: gas)
    let receipt = try applyAdmitted(tx, state, verifySignature: false, sourceLocation: sourceLocation)
    #expect(receipt.status == .failed, sourceLocation: sourceLocation)
    #expect(receipt.code == code, "\(receipt.message)", sourceLocation: sourceLocation)
    #expect(receipt.events.isEmpty, sourceLocation: sourceLocation)
    #expect(recordState(state) == before, "a failed attestation must change no record", sourceLocation: sourceLocation)
    return receipt
}

/// The id of the attestation created by a receipt.
func createdID(_ r: Receipt, sourceLocation: SourceLocation = #_sourceLocation) throws -> Hash {
    let e = try #require(r.events.first { $0.kind == "attestation.created" }, sourceLocation: sourceLocation)
    return try Hash(hex: try #require(e.attributes.first { $0.key == "id" }?.value, sourceLocation: sourceLocation))
}

func status(_ state: StateOverlay, _ id: Hash = subjectID) throws -> String {
    try #require(try ContributionStore.record(id, in: state)).status.name
}

func tally(_ state: StateOverlay, _ id: Hash = subjectID) throws -> AttestationTally {
    try AttestationStore.tally(id, in: state)
}
