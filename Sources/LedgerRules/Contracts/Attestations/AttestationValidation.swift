import LedgerCore

/// Stateless checks of an `attest` action, in this order: verdict, scores, digests, output.
enum AttestationValidation {
    static let maxScore: UInt8 = 10

    static func check(_ a: Attest) throws(RuleError) {
        guard a.kind.verdicts.contains(a.verdict) else {
            throw .rejected(code: "INVALID_VERDICT",
                            message: "verdict \(a.verdict) does not fit a \(a.kind.name) (expected \(a.kind.verdicts.lowerBound)…\(a.kind.verdicts.upperBound))")
        }
        guard a.scores.count <= RecordLimits.scores else {
            throw .rejected(code: "INVALID_SCORE", message: "at most \(RecordLimits.scores) scores; got \(a.scores.count)")
        }
        if let (i, s) = a.scores.enumerated().first(where: { $0.element > maxScore }) {
            throw .rejected(code: "INVALID_SCORE", message: "score \(i + 1) is \(s); scores run from 0 to \(maxScore)")
        }
        for (field, digest) in [("report_digest", a.reportDigest), ("output_digest", a.outputDigest), ("environment_digest", a.environmentDigest)] {
            guard let digest else { continue }
            do { _ = try Multihash(bytes: digest) } catch {
                throw .rejected(code: "INVALID_DIGEST", message: "\(field) is not a SHA-256 multihash: \(error)")
            }
        }
        if a.kind == .reproduction, a.outputDigest == nil {
            throw .rejected(code: "MISSING_OUTPUT", message: "a reproduction carries the digest of the output it obtained (output_digest)")
        }
    }
}
