/// `attest`: a review, reproduction, endorsement or data-quality judgement about a registered record.
public struct Attest: Hashable, Sendable, Codable, CanonicalCodable {
    public enum Kind: UInt8, Sendable, Codable, CaseIterable {
        case review = 1, reproduction, endorsement, dataQuality
    }

    /// Review verdicts: 1 accept, 2 minor revisions, 3 major revisions, 4 reject.
    /// Reproduction outcomes: 1 success, 2 failure. Endorsement: 0. Data quality: 1 good … 4 unusable.
    public enum Verdict {
        public static let accept: UInt8 = 1, minor: UInt8 = 2, major: UInt8 = 3, reject: UInt8 = 4
        public static let success: UInt8 = 1, failure: UInt8 = 2
    }

    public var subject: Hash
    public var kind: Kind
    public var verdict: UInt8
    /// Scores 0…10 (e.g. rigour, novelty, clarity), at most 8.
    public var scores: [UInt8]
    /// Multihash of the review report.
    public var reportDigest: [UInt8]?
    /// Reproduction: multihash of the output obtained and of the environment used.
    public var outputDigest: [UInt8]?
    public var environmentDigest: [UInt8]?
    public var comment: String

    public init(subject: Hash, kind: Kind, verdict: UInt8, scores: [UInt8] = [], reportDigest: [UInt8]? = nil, outputDigest: [UInt8]? = nil,
                environmentDigest: [UInt8]? = nil, comment: String = "") {
        self.subject = subject
        self.kind = kind
        self.verdict = verdict
        self.scores = scores
        self.reportDigest = reportDigest
        self.outputDigest = outputDigest
        self.environmentDigest = environmentDigest
        self.comment = comment
    }

    enum CodingKeys: String, CodingKey {
        case subject, kind, verdict, scores, reportDigest = "report_digest", outputDigest = "output_digest",
             environmentDigest = "environment_digest", comment
    }

    public func encode(to w: inout CanonicalWriter) {
        w.fixed(subject)
        w.u8(kind.rawValue)
        w.u8(verdict)
        w.data(scores)
        w.optionalData(reportDigest)
        w.optionalData(outputDigest)
        w.optionalData(environmentDigest)
        w.string(comment)
    }

    public init(from r: inout CanonicalReader) throws {
        subject = try r.fixed(Hash.self)
        kind = try r.enumeration(Kind.self, "attestation kind")
        verdict = try r.u8()
        scores = try r.data(field: "scores", limit: RecordLimits.scores)
        reportDigest = try r.optionalData("report digest", max: RecordLimits.multihash)
        outputDigest = try r.optionalData("output digest", max: RecordLimits.multihash)
        environmentDigest = try r.optionalData("environment digest", max: RecordLimits.multihash)
        comment = try r.text("comment", max: RecordLimits.comment)
    }
}

/// `attest.revoke`: the attester withdraws an attestation.
public struct RevokeAttestation: Hashable, Sendable, Codable, CanonicalCodable {
    public var attestation: Hash

    public init(attestation: Hash) { self.attestation = attestation }

    public func encode(to w: inout CanonicalWriter) { w.fixed(attestation) }
    public init(from r: inout CanonicalReader) throws { attestation = try r.fixed(Hash.self) }
}

extension Attest.Kind {
    /// The name used in JSON, policies, events, the CLI and bundle reports.
    public var name: String {
        switch self {
        case .review: "review"
        case .reproduction: "reproduction"
        case .endorsement: "endorsement"
        case .dataQuality: "data_quality"
        }
    }

    /// The name of a verdict of this kind ("accept", "success", "3"…).
    public func verdictName(_ v: UInt8) -> String {
        let names: [String]
        switch self {
        case .review: names = ["accept", "minor", "major", "reject"]
        case .reproduction: names = ["success", "failure"]
        case .endorsement: return v == 0 ? "endorse" : "\(v)"
        case .dataQuality: return "\(v)"
        }
        return (1...names.count).contains(Int(v)) ? names[Int(v) - 1] : "\(v)"
    }
}
