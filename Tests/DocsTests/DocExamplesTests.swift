import Foundation
import LedgerCore
import LedgerCrypto
import Testing

/// The inputs documented next to each example in Docs/PROTOCOL.md, rebuilt with the real codec.
enum DocumentedExamples {
    static func h(_ n: UInt8) -> Hash { try! Hash(bytes: [UInt8](repeating: n, count: 32)) }
    static func mh(_ n: UInt8) -> [UInt8] { [0x12, 0x20] + [UInt8](repeating: n, count: 32) }
    /// §2: the address of the RFC 8032 TEST 1 key.
    static let a = try! Address(bytes: Hex.decode("21fe31dfa154a261626bf854046fd2271b7bed4b")!)
    /// §4.4: the recipient, the address of the RFC 8032 TEST 2 key.
    static let r = try! Address(bytes: Hex.decode("39f713d0a644253f04529421b9f51b9b08979d08")!)
    /// §4.4: 32 bytes of 0xab.
    static let genesis = h(0xAB)
    static let senderSeed = Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")!

    static func transferTransaction() throws -> Transaction {
        let key = try SigningKey(seed: senderSeed)
        let body = TransactionBody(chainID: "desci-testnet", sender: key.publicKey, nonce: 0, gasLimit: 5000, fee: 100, expiry: 1000,
                                   actions: [.transfer(TransferAction(to: r, amount: 250_000))])
        return try Transaction.sign(body, with: key, genesisHash: genesis)
    }

    static func all() throws -> [String: [UInt8]] {
        let tx = try transferTransaction()
        let register = RegisterContribution(
            kind: .dataset, title: "Soil", digest: mh(0x11), size: 1024, uris: ["ipfs://soil"], doi: nil, license: "CC0-1.0",
            contributors: [ContributorEntry(name: "Alice", address: a, roles: [RoleClaim(role: 2, degree: 1)])],
            references: [], previousVersion: nil, derivedFrom: [h(0x22)],
            activity: ProvenanceActivity(kind: .analysis, codeDigest: mh(0x33), startedAt: 1000))
        let actions: [String: Action] = [
            "action.transfer": .transfer(TransferAction(to: r, amount: 250_000)),
            "action.contribution.register": .registerContribution(register),
            "action.contribution.confirm": .confirmContribution(ConfirmContribution(contribution: h(0x44), accept: true)),
            "action.contribution.retract": .retractContribution(RetractContribution(contribution: h(0x44), reason: "duplicate")),
            "action.attest": .attest(Attest(subject: h(0x44), kind: .review, verdict: Attest.Verdict.minor, scores: [4, 5], reportDigest: mh(0x55),
                                            comment: "ok")),
            "action.attest.revoke": .revokeAttestation(RevokeAttestation(attestation: h(0x66))),
            "action.gov.propose": .propose(Propose(title: "Raise fee", summary: "", actions: [.setParameter(name: "min_fee", value: 2), .text],
                                                   deposit: 10)),
            "action.gov.vote": .vote(CastVote(proposal: 1, option: .yes)),
            "action.gov.delegate": .delegate(Delegate(to: a)),
            "action.gov.deposit": .deposit(AddDeposit(proposal: 1, amount: 500)),
        ]
        var out = actions.mapValues { $0.canonicalBytes }
        out["tx.transfer.wire"] = tx.wire
        out["tx.transfer.id"] = tx.id.bytes
        out["commit.message"] = Commit(height: 1, round: 0, blockHash: .zero, signatures: [])
            .signingMessage(chain: ChainIdentity(chainID: "desci-testnet", genesisHash: genesis), validatorIndex: 0)
        out["record.id"] = RecordID.derive(transaction: tx.id, actionIndex: 0, kind: "contribution").bytes
        return out
    }
}

@Suite("Docs: hex examples")
struct DocExamplesTests {
    @Test("every hex example in the docs is rebuilt from its inputs with the real codec, byte for byte")
    func examplesMatch() throws {
        let expected = try DocumentedExamples.all()
        var seen: Set<String> = []
        for file in try markdownFiles() {
            for ex in examples(in: try readDoc(file), file: file) {
                guard let bytes = expected[ex.name] else {
                    Issue.record("\(file): example '\(ex.name)' has no builder in DocExamplesTests")
                    continue
                }
                #expect(!seen.contains(ex.name), "example '\(ex.name)' appears twice")
                seen.insert(ex.name)
                #expect(ex.hex.lowercased() == Hex.encode(bytes), "\(file): example '\(ex.name)' is stale; the codec gives \(Hex.encode(bytes))")
            }
        }
        #expect(seen == Set(expected.keys), "examples built but not found in the docs: \(Set(expected.keys).subtracting(seen).sorted())")
    }

    @Test("every action tag has a documented example")
    func everyActionDocumented() throws {
        let documented = try DocumentedExamples.all()
        for tag in Action.Tag.allCases {
            #expect(documented["action.\(tag.name)"] != nil, "no example for action \(tag.name)")
        }
    }

    @Test("the example parser reads markers, skips blank lines and joins wrapped hex")
    func parser() {
        let text = "x\n<!-- example: a.b -->\n\n```hex\n00 01\n0203\n```\n<!-- example: c -->\n```\nff\n```\n"
        let found = examples(in: text, file: "t.md")
        #expect(found.map(\.name) == ["a.b", "c"])
        #expect(found.map(\.hex) == ["00010203", "ff"])
    }
}
