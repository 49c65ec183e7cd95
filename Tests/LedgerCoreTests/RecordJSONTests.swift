import Foundation
import LedgerCore
import Testing

/// Digests in the JSON form of actions are lower-case hex strings, like every other hash.
@Suite struct RecordJSONTests {
    let digest: [UInt8] = [0x12, 0x20] + [UInt8](repeating: 0xAB, count: 32)

    @Test func registrationDigestsAreHex() throws {
        let reg = RegisterContribution(kind: ContributionKind.allCases[0], title: "t", digest: digest, size: 1, license: "CC-BY-4.0",
                                       contributors: [], activity: ProvenanceActivity(kind: .analysis, codeDigest: digest))
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(reg)) as? [String: Any]
        #expect(json?["digest"] as? String == Hex.encode(digest))
        #expect((json?["activity"] as? [String: Any])?["code_digest"] as? String == Hex.encode(digest))
        #expect(try JSONDecoder().decode(RegisterContribution.self, from: JSONEncoder().encode(reg)) == reg)
    }

    @Test func attestationDigestsAreHex() throws {
        let a = Attest(subject: Hash(unchecked: [UInt8](repeating: 1, count: 32)), kind: .review, verdict: 1, scores: [3], reportDigest: digest)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(a)) as? [String: Any]
        #expect(json?["report_digest"] as? String == Hex.encode(digest))
        #expect(json?["scores"] as? [Int] == [3])
        #expect(try JSONDecoder().decode(Attest.self, from: JSONEncoder().encode(a)) == a)
    }

    @Test func arraysOfNumbersAreRefused() throws {
        let text = #"{"kind":1,"code_digest":[18,32]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ProvenanceActivity.self, from: Data(text.utf8)) }
    }
}
