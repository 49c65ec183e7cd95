import Foundation
import LedgerCore
import LedgerCrypto
import LedgerProofs
import Testing

/// The worked example of Docs/PROOFS.md ("Audit bundles"): the hex there is exactly this bundle,
/// it verifies, and a flipped byte anywhere is refused. Ed25519 signatures are deterministic, so
/// the bytes are stable.
@Suite("Audit bundle: the worked example in PROOFS.md")
struct BundleDocExampleTests {
    typealias V = BundleValidatorChangeTests

    /// One registration with an active review and a revoked endorsement (`AttestedFixture`).
    static func example() throws -> AuditBundle { try AttestedFixture.build().bundle }

    static func documentedHex() throws -> String {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Docs/PROOFS.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- bundle-example:begin -->"))
        let end = try #require(text.range(of: "<!-- bundle-example:end -->"))
        return String(text[begin.upperBound..<end.lowerBound]).filter(\.isHexDigit).lowercased()
    }

    @Test func theDocumentedHexIsTheExampleAndVerifies() throws {
        let bytes = try Self.example().bytes
        let hex = Hex.encode(bytes)
        let lines = stride(from: 0, to: hex.count, by: 64).map { i -> String in
            let a = hex.index(hex.startIndex, offsetBy: i), b = hex.index(a, offsetBy: min(64, hex.count - i))
            return String(hex[a..<b])
        }
        #expect(try Self.documentedHex() == hex, "PROOFS.md example should read:\n\(lines.joined(separator: "\n"))")
        let report = try BundleVerifier.verify(bytes, trust: V.trust, fileDigest: SHA256.hash([1]))
        #expect(report.height == 2 && report.records.count == 1 && report.fileVerified && report.signedPower == 10)
        #expect(report.attestations.count == 2 && report.attestations.map(\.revoked) == [false, true])
        #expect(SHA256.hash(Array("{}".utf8)).hex.hasPrefix("44136fa3"))
        let flipsAccepted = bytes.indices.filter { i in
            var m = bytes
            m[i] ^= 0x01
            return (try? BundleVerifier.verify(m, trust: V.trust)) != nil
        }
        #expect(flipsAccepted.isEmpty)
    }
}
