import LedgerCore

// JSON shapes of the contribution, dataset and lineage queries (Docs/RPC.md, "Contributions").

/// One CRediT role as people read it.
public struct RoleDTO: Codable, Sendable, Equatable {
    /// CRediT id, e.g. `writing-original-draft`.
    public var role: String
    /// CRediT's own label, e.g. `Writing – original draft`.
    public var label: String
    /// `lead`, `equal` or `supporting`.
    public var degree: String

    public init(role: String, label: String, degree: String) {
        self.role = role
        self.label = label
        self.degree = degree
    }
}

/// One declared AI use (STM 2025 classification of AI use in manuscript preparation).
public struct AIUseDTO: Codable, Sendable, Equatable {
    /// Stable id, e.g. `language-editing` (`AIUse` in LedgerCore).
    public var use: String
    /// The canonical code, 1…9.
    public var code: UInt8
    /// STM's wording of the category.
    public var label: String
    /// True for the category STM lists as unacceptable (AI output presented as original research data).
    public var unacceptable: Bool

    public init(use: String, code: UInt8, label: String, unacceptable: Bool) {
        self.use = use
        self.code = code
        self.label = label
        self.unacceptable = unacceptable
    }

    public init(_ u: AIUse) { self.init(use: u.rawValue, code: u.code, label: u.label, unacceptable: u.isUnacceptable) }
}

/// A machine contributor's record (PROV SoftwareAgent): the registered software or model.
public struct AgentDTO: Codable, Sendable, Equatable {
    public var id: Hash
    public var kind: String
    public var title: String
    public var version: UInt32
    public var retracted: Bool

    public init(id: Hash, kind: String, title: String, version: UInt32, retracted: Bool) {
        self.id = id
        self.kind = kind
        self.title = title
        self.version = version
        self.retracted = retracted
    }
}

public struct ContributorDTO: Codable, Sendable, Equatable {
    public var name: String
    public var address: Address?
    public var orcid: String?
    public var agent: AgentDTO?
    public var roles: [RoleDTO]
    /// `confirmed`, `declined`, `pending` (an address that has not answered) or `unconfirmable`
    /// (no address: an ORCID-only person or a machine agent).
    public var confirmation: String
    /// Declared AI uses of a machine contributor (empty for people and when none was declared).
    public var aiUse: [AIUseDTO]

    public init(name: String, address: Address?, orcid: String?, agent: AgentDTO?, roles: [RoleDTO], confirmation: String, aiUse: [AIUseDTO] = []) {
        self.name = name
        self.address = address
        self.orcid = orcid
        self.agent = agent
        self.roles = roles
        self.confirmation = confirmation
        self.aiUse = aiUse
    }

    enum CodingKeys: String, CodingKey { case name, address, orcid, agent, roles, confirmation, aiUse = "ai_use" }
}

/// A contributor's roles in one of the confirmed / unconfirmed lists.
public struct AttributedRolesDTO: Codable, Sendable, Equatable {
    public var name: String
    public var address: Address?
    public var orcid: String?
    public var agent: Hash?
    public var roles: [RoleDTO]

    public init(name: String, address: Address?, orcid: String?, agent: Hash?, roles: [RoleDTO]) {
        self.name = name
        self.address = address
        self.orcid = orcid
        self.agent = agent
        self.roles = roles
    }
}

public struct ActivityDTO: Codable, Sendable, Equatable {
    public var kind: String
    public var codeDigest: String?
    public var parametersDigest: String?
    public var startedAtMillis: UInt64?
    public var endedAtMillis: UInt64?
    public var agent: Address?

    public init(kind: String, codeDigest: String?, parametersDigest: String?, startedAtMillis: UInt64?, endedAtMillis: UInt64?, agent: Address?) {
        self.kind = kind
        self.codeDigest = codeDigest
        self.parametersDigest = parametersDigest
        self.startedAtMillis = startedAtMillis
        self.endedAtMillis = endedAtMillis
        self.agent = agent
    }

    enum CodingKeys: String, CodingKey {
        case kind, codeDigest = "code_digest", parametersDigest = "parameters_digest", startedAtMillis = "started_at_ms",
             endedAtMillis = "ended_at_ms", agent
    }
}

public struct RetractionDTO: Codable, Sendable, Equatable {
    public var reason: String
    public var height: UInt64
    /// The registrant's address, or nil when governance retracted it.
    public var by: Address?

    public init(reason: String, height: UInt64, by: Address?) {
        self.reason = reason
        self.height = height
        self.by = by
    }
}

/// `GET /contribution`: a record in full.
public struct ContributionDTO: Codable, Sendable, Equatable {
    public var id: Hash
    public var kind: String
    public var title: String
    /// SHA-256 multihash, hex (`1220…`).
    public var digest: String
    public var size: UInt64
    public var uris: [String]
    public var doi: String?
    public var license: String
    public var registrant: Address
    public var height: UInt64
    public var timeMillis: UInt64
    public var version: UInt32
    public var previousVersion: Hash?
    public var nextVersions: [Hash]
    public var derivedFrom: [Hash]
    public var references: [Hash]
    public var activity: ActivityDTO?
    public var contributors: [ContributorDTO]
    public var confirmedRoles: [AttributedRolesDTO]
    public var unconfirmedRoles: [AttributedRolesDTO]
    public var declinedRoles: [AttributedRolesDTO]
    /// Machine contributors (software agents) with the model / software record and version they name.
    public var machineContributors: [ContributorDTO]
    public var status: String
    public var retraction: RetractionDTO?
    public var licenseConflict: String?
    public var dependsOnRetraction: Bool
    /// The retracted records (transitively, through `derived_from`) this one depends on.
    public var retractedAncestors: [Hash]
    /// False when the ancestor walk behind `retracted_ancestors` stopped at its node or depth cap
    /// (Docs/RPC.md): the lineage is larger than the check covers.
    public var retractionCheckComplete: Bool

    public init(id: Hash, kind: String, title: String, digest: String, size: UInt64, uris: [String], doi: String?, license: String,
                registrant: Address, height: UInt64, timeMillis: UInt64, version: UInt32, previousVersion: Hash?, nextVersions: [Hash],
                derivedFrom: [Hash], references: [Hash], activity: ActivityDTO?, contributors: [ContributorDTO],
                confirmedRoles: [AttributedRolesDTO], unconfirmedRoles: [AttributedRolesDTO], declinedRoles: [AttributedRolesDTO],
                machineContributors: [ContributorDTO], status: String, retraction: RetractionDTO?, licenseConflict: String?,
                dependsOnRetraction: Bool, retractedAncestors: [Hash], retractionCheckComplete: Bool = true) {
        self.id = id
        self.kind = kind
        self.title = title
        self.digest = digest
        self.size = size
        self.uris = uris
        self.doi = doi
        self.license = license
        self.registrant = registrant
        self.height = height
        self.timeMillis = timeMillis
        self.version = version
        self.previousVersion = previousVersion
        self.nextVersions = nextVersions
        self.derivedFrom = derivedFrom
        self.references = references
        self.activity = activity
        self.contributors = contributors
        self.confirmedRoles = confirmedRoles
        self.unconfirmedRoles = unconfirmedRoles
        self.declinedRoles = declinedRoles
        self.machineContributors = machineContributors
        self.status = status
        self.retraction = retraction
        self.licenseConflict = licenseConflict
        self.dependsOnRetraction = dependsOnRetraction
        self.retractedAncestors = retractedAncestors
        self.retractionCheckComplete = retractionCheckComplete
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, title, digest, size, uris, doi, license, registrant, height, timeMillis = "time_ms", version,
             previousVersion = "previous_version", nextVersions = "next_versions", derivedFrom = "derived_from", references, activity,
             contributors, confirmedRoles = "confirmed_roles", unconfirmedRoles = "unconfirmed_roles", declinedRoles = "declined_roles",
             machineContributors = "machine_contributors", status, retraction, licenseConflict = "license_conflict",
             dependsOnRetraction = "depends_on_retraction", retractedAncestors = "retracted_ancestors",
             retractionCheckComplete = "retraction_check_complete"
    }
}

/// A record in a list or a lineage graph.
public struct ContributionSummaryDTO: Codable, Sendable, Equatable {
    public var id: Hash
    public var kind: String
    public var title: String
    public var version: UInt32
    public var status: String
    public var license: String
    public var registrant: Address
    public var height: UInt64
    public var retracted: Bool
    public var licenseConflict: Bool
    /// Distance from the queried record in a lineage graph (0 = itself); nil in plain lists.
    public var depth: Int?

    public init(id: Hash, kind: String, title: String, version: UInt32, status: String, license: String, registrant: Address,
                height: UInt64, retracted: Bool, licenseConflict: Bool, depth: Int?) {
        self.id = id
        self.kind = kind
        self.title = title
        self.version = version
        self.status = status
        self.license = license
        self.registrant = registrant
        self.height = height
        self.retracted = retracted
        self.licenseConflict = licenseConflict
        self.depth = depth
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, title, version, status, license, registrant, height, retracted, licenseConflict = "license_conflict", depth
    }
}

/// A page of records; `next_cursor` (an id) continues the list via `after=`.
public struct ContributionPageDTO: Codable, Sendable, Equatable {
    public var items: [ContributionSummaryDTO]
    public var nextCursor: Hash?

    public init(items: [ContributionSummaryDTO], nextCursor: Hash?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey { case items, nextCursor = "next_cursor" }
}

/// `child` was derived from `parent` (PROV wasDerivedFrom).
public struct LineageEdgeDTO: Codable, Sendable, Equatable {
    public var child: Hash
    public var parent: Hash

    public init(child: Hash, parent: Hash) {
        self.child = child
        self.parent = parent
    }
}

/// `GET /lineage` and `GET /descendants`: a depth-limited DAG around a record.
public struct LineageDTO: Codable, Sendable, Equatable {
    public var root: Hash
    /// `ancestors` or `descendants`.
    public var direction: String
    public var depth: Int
    public var nodes: [ContributionSummaryDTO]
    public var edges: [LineageEdgeDTO]
    /// True when the depth or node limit cut the graph short.
    public var truncated: Bool

    public init(root: Hash, direction: String, depth: Int, nodes: [ContributionSummaryDTO], edges: [LineageEdgeDTO], truncated: Bool) {
        self.root = root
        self.direction = direction
        self.depth = depth
        self.nodes = nodes
        self.edges = edges
        self.truncated = truncated
    }
}
