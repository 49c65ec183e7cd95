/// What a registered work is.
public enum ContributionKind: UInt8, Sendable, Codable, CaseIterable {
    case paper = 1, preprint, dataset, software, model, `protocol`, review, replication, other

    public var name: String { String(describing: self) }
}

/// One contributor's role, CRediT role code (1…14) and degree (1 lead, 2 equal, 3 supporting).
public struct RoleClaim: Hashable, Sendable, Codable {
    public var role: UInt8
    public var degree: UInt8

    public init(role: UInt8, degree: UInt8) {
        self.role = role
        self.degree = degree
    }
}

/// A person (address and/or ORCID iD) or a software agent (a registered model or software record)
/// and the roles they played.
public struct ContributorEntry: Hashable, Sendable, Codable {
    public var name: String
    public var address: Address?
    public var orcid: String?
    /// A machine contributor: the id of a registered `software` or `model` contribution (PROV SoftwareAgent).
    public var agent: Hash?
    public var roles: [RoleClaim]
    /// For a machine contributor: how it was used, in STM's 2025 AI-use categories (encoded
    /// ascending by code; empty for people and for undeclared use).
    public var aiUse: [AIUse]

    public init(name: String, address: Address? = nil, orcid: String? = nil, agent: Hash? = nil, roles: [RoleClaim], aiUse: [AIUse] = []) {
        self.name = name
        self.address = address
        self.orcid = orcid
        self.agent = agent
        self.roles = roles
        self.aiUse = aiUse.sorted { $0.code < $1.code }
    }

    enum CodingKeys: String, CodingKey { case name, address, orcid, agent, roles, aiUse = "ai_use" }

    /// JSON written before AI-use disclosure existed has no `ai_use`: read it as none declared.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name), address: try c.decodeIfPresent(Address.self, forKey: .address),
                  orcid: try c.decodeIfPresent(String.self, forKey: .orcid), agent: try c.decodeIfPresent(Hash.self, forKey: .agent),
                  roles: try c.decode([RoleClaim].self, forKey: .roles), aiUse: try c.decodeIfPresent([AIUse].self, forKey: .aiUse) ?? [])
    }

    func encode(to w: inout CanonicalWriter) {
        w.string(name)
        w.optionalAddress(address)
        w.optionalString(orcid)
        w.optionalHash(agent)
        w.list(roles) { w, r in
            w.u8(r.role)
            w.u8(r.degree)
        }
        w.aiUses(aiUse)
    }

    init(from r: inout CanonicalReader) throws {
        name = try r.text("contributor name", max: RecordLimits.name)
        address = try r.optionalAddress()
        orcid = try r.optionalText("orcid", max: 64)
        agent = try r.optionalHash()
        roles = try r.list(field: "roles", limit: 14) { RoleClaim(role: try $0.u8(), degree: try $0.u8()) }
        aiUse = try r.aiUses()
    }
}

/// The activity that produced a work from its inputs (PROV Activity).
public struct ProvenanceActivity: Hashable, Sendable, Codable {
    public enum Kind: UInt8, Sendable, Codable, CaseIterable {
        case collection = 1, cleaning, analysis, training, simulation, transformation, other
    }

    public var kind: Kind
    /// Multihash of the code or container image that ran.
    public var codeDigest: [UInt8]?
    /// Multihash of the parameters it ran with.
    public var parametersDigest: [UInt8]?
    /// Claimed start and end, ms since the epoch (claims, not checked against the block time).
    public var startedAt: UInt64?
    public var endedAt: UInt64?
    /// Who ran it (PROV wasAssociatedWith).
    public var agent: Address?

    public init(kind: Kind, codeDigest: [UInt8]? = nil, parametersDigest: [UInt8]? = nil, startedAt: UInt64? = nil, endedAt: UInt64? = nil, agent: Address? = nil) {
        self.kind = kind
        self.codeDigest = codeDigest
        self.parametersDigest = parametersDigest
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.agent = agent
    }

    enum CodingKeys: String, CodingKey {
        case kind, codeDigest = "code_digest", parametersDigest = "parameters_digest", startedAt = "started_at", endedAt = "ended_at", agent
    }

    func encode(to w: inout CanonicalWriter) {
        w.u8(kind.rawValue)
        w.optionalData(codeDigest)
        w.optionalData(parametersDigest)
        w.optionalU64(startedAt)
        w.optionalU64(endedAt)
        w.optionalAddress(agent)
    }

    init(from r: inout CanonicalReader) throws {
        kind = try r.enumeration(Kind.self, "activity kind")
        codeDigest = try r.optionalData("code digest", max: RecordLimits.multihash)
        parametersDigest = try r.optionalData("parameters digest", max: RecordLimits.multihash)
        startedAt = try r.optionalU64()
        endedAt = try r.optionalU64()
        agent = try r.optionalAddress()
    }
}

/// `contribution.register`: a paper, dataset, model… with who did what, what it cites, what it was
/// derived from and how.
public struct RegisterContribution: Hashable, Sendable, Codable, CanonicalCodable {
    public var kind: ContributionKind
    public var title: String
    /// SHA-256 multihash (0x12 0x20 || digest) of the content.
    public var digest: [UInt8]
    public var size: UInt64
    public var uris: [String]
    public var doi: String?
    /// SPDX licence expression.
    public var license: String
    public var contributors: [ContributorEntry]
    /// Ids of cited contributions.
    public var references: [Hash]
    /// Set when this registers a new version of an existing record.
    public var previousVersion: Hash?
    /// Ids of the registered inputs this was derived from (PROV wasDerivedFrom).
    public var derivedFrom: [Hash]
    public var activity: ProvenanceActivity?

    public init(kind: ContributionKind, title: String, digest: [UInt8], size: UInt64, uris: [String] = [], doi: String? = nil, license: String,
                contributors: [ContributorEntry], references: [Hash] = [], previousVersion: Hash? = nil, derivedFrom: [Hash] = [],
                activity: ProvenanceActivity? = nil) {
        self.kind = kind
        self.title = title
        self.digest = digest
        self.size = size
        self.uris = uris
        self.doi = doi
        self.license = license
        self.contributors = contributors
        self.references = references
        self.previousVersion = previousVersion
        self.derivedFrom = derivedFrom
        self.activity = activity
    }

    enum CodingKeys: String, CodingKey {
        case kind, title, digest, size, uris, doi, license, contributors, references, previousVersion = "previous_version",
             derivedFrom = "derived_from", activity
    }

    public func encode(to w: inout CanonicalWriter) {
        w.u8(kind.rawValue)
        w.string(title)
        w.data(digest)
        w.u64(size)
        w.list(uris) { $0.string($1) }
        w.optionalString(doi)
        w.string(license)
        w.list(contributors) { $1.encode(to: &$0) }
        w.list(references) { $0.fixed($1) }
        w.optionalHash(previousVersion)
        w.list(derivedFrom) { $0.fixed($1) }
        w.optional(activity) { $1.encode(to: &$0) }
    }

    public init(from r: inout CanonicalReader) throws {
        kind = try r.enumeration(ContributionKind.self, "contribution kind")
        title = try r.text("title", max: RecordLimits.title)
        digest = try r.data(field: "digest", limit: RecordLimits.multihash)
        size = try r.u64()
        uris = try r.list(field: "uris", limit: RecordLimits.uris) { try $0.text("uri", max: RecordLimits.uri) }
        doi = try r.optionalText("doi", max: RecordLimits.doi)
        license = try r.text("license", max: RecordLimits.license)
        contributors = try r.list(field: "contributors", limit: RecordLimits.contributors) { try ContributorEntry(from: &$0) }
        references = try r.list(field: "references", limit: RecordLimits.references) { try $0.fixed(Hash.self) }
        previousVersion = try r.optionalHash()
        derivedFrom = try r.list(field: "derived_from", limit: RecordLimits.derivedFrom) { try $0.fixed(Hash.self) }
        activity = try r.optional { try ProvenanceActivity(from: &$0) }
    }
}

/// `contribution.confirm`: a listed contributor confirms (or declines) their own roles.
public struct ConfirmContribution: Hashable, Sendable, Codable, CanonicalCodable {
    public var contribution: Hash
    public var accept: Bool

    public init(contribution: Hash, accept: Bool) {
        self.contribution = contribution
        self.accept = accept
    }

    public func encode(to w: inout CanonicalWriter) {
        w.fixed(contribution)
        w.bool(accept)
    }

    public init(from r: inout CanonicalReader) throws {
        contribution = try r.fixed(Hash.self)
        accept = try r.bool()
    }
}

/// `contribution.retract`: the registrant withdraws a record, with a reason.
public struct RetractContribution: Hashable, Sendable, Codable, CanonicalCodable {
    public var contribution: Hash
    public var reason: String

    public init(contribution: Hash, reason: String) {
        self.contribution = contribution
        self.reason = reason
    }

    public func encode(to w: inout CanonicalWriter) {
        w.fixed(contribution)
        w.string(reason)
    }

    public init(from r: inout CanonicalReader) throws {
        contribution = try r.fixed(Hash.self)
        reason = try r.text("reason", max: RecordLimits.reason)
    }
}
