import LedgerCore

// JSON shapes of the attestation queries (Docs/RPC.md, "Attestations").

/// One attestation as stored, with its revocation.
public struct AttestationDTO: Codable, Sendable, Equatable {
    public var id: Hash
    public var subject: Hash
    public var attester: Address
    /// review, reproduction, endorsement or data_quality.
    public var kind: String
    public var verdict: UInt8
    /// accept/minor/major/reject, success/failure, endorse, or the rating 1…4.
    public var verdictName: String
    public var scores: [UInt8]
    /// Multihashes, lower-case hex.
    public var reportDigest: String?
    public var outputDigest: String?
    public var environmentDigest: String?
    public var comment: String
    public var height: UInt64
    public var timeMillis: UInt64
    /// False when the attester is a contributor of the subject: it does not count toward the status.
    public var independent: Bool
    public var revoked: Bool
    public var revokedHeight: UInt64?

    public init(id: Hash, subject: Hash, attester: Address, kind: String, verdict: UInt8, verdictName: String, scores: [UInt8],
                reportDigest: String?, outputDigest: String?, environmentDigest: String?, comment: String, height: UInt64,
                timeMillis: UInt64, independent: Bool, revoked: Bool, revokedHeight: UInt64?) {
        self.id = id
        self.subject = subject
        self.attester = attester
        self.kind = kind
        self.verdict = verdict
        self.verdictName = verdictName
        self.scores = scores
        self.reportDigest = reportDigest
        self.outputDigest = outputDigest
        self.environmentDigest = environmentDigest
        self.comment = comment
        self.height = height
        self.timeMillis = timeMillis
        self.independent = independent
        self.revoked = revoked
        self.revokedHeight = revokedHeight
    }

    enum CodingKeys: String, CodingKey {
        case id, subject, attester, kind, verdict, verdictName = "verdict_name", scores, reportDigest = "report_digest",
             outputDigest = "output_digest", environmentDigest = "environment_digest", comment, height, timeMillis = "time_ms",
             independent, revoked, revokedHeight = "revoked_height"
    }
}

/// Counts of a subject's active attestations by independent attesters (what `dataset.status` sees),
/// plus all active and all revoked ones.
public struct AttestationSummaryDTO: Codable, Sendable, Equatable {
    public var reviews: UInt64
    public var acceptingReviews: UInt64
    public var rejectingReviews: UInt64
    public var successfulReproductions: UInt64
    public var failedReproductions: UInt64
    public var endorsements: UInt64
    public var qualityRatings: UInt64
    public var active: UInt64
    public var revoked: UInt64

    public init(reviews: UInt64, acceptingReviews: UInt64, rejectingReviews: UInt64, successfulReproductions: UInt64, failedReproductions: UInt64,
                endorsements: UInt64, qualityRatings: UInt64, active: UInt64, revoked: UInt64) {
        self.reviews = reviews
        self.acceptingReviews = acceptingReviews
        self.rejectingReviews = rejectingReviews
        self.successfulReproductions = successfulReproductions
        self.failedReproductions = failedReproductions
        self.endorsements = endorsements
        self.qualityRatings = qualityRatings
        self.active = active
        self.revoked = revoked
    }

    enum CodingKeys: String, CodingKey {
        case reviews, acceptingReviews = "accepting_reviews", rejectingReviews = "rejecting_reviews",
             successfulReproductions = "successful_reproductions", failedReproductions = "failed_reproductions", endorsements,
             qualityRatings = "quality_ratings", active, revoked
    }
}

/// A page of attestations, by subject or by attester. `next` is the cursor for `after=`, absent on the last page.
public struct AttestationListDTO: Codable, Sendable, Equatable {
    /// Set when listing by subject.
    public var subject: Hash?
    /// The subject's current status (from `dataset.status`), when listing by subject.
    public var status: String?
    public var summary: AttestationSummaryDTO?
    /// Set when listing by attester.
    public var attester: Address?
    public var attestations: [AttestationDTO]
    public var next: Hash?

    public init(subject: Hash? = nil, status: String? = nil, summary: AttestationSummaryDTO? = nil, attester: Address? = nil,
                attestations: [AttestationDTO], next: Hash?) {
        self.subject = subject
        self.status = status
        self.summary = summary
        self.attester = attester
        self.attestations = attestations
        self.next = next
    }
}

/// Page sizes of list queries.
public enum AttestationPaging {
    public static let defaultLimit = 50
    public static let maxLimit = 100
}
