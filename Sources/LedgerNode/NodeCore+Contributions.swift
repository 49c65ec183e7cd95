import LedgerAPI
import LedgerCore
import LedgerRules

/// Contribution queries over committed state: each reads the records it returns and the index
/// entries that lead to them, so cost follows the size of the answer (Docs/RPC.md).
extension NodeCore {
    public static let maxLineageDepth = 1000
    public static let maxLineageNodes = 10_000
    public static let maxPageSize = 100
    /// Ancestors visited by `GET /contribution`'s retracted-ancestor check.
    public static let maxRetractionCheckNodes = 1000

    public func contribution(id: Hash) async throws -> ContributionDTO {
        let state = chain.stateReader
        guard let r = try ContributionStore.record(id, in: state) else { throw APIError.notFound("no registered record \(id)") }
        return try ContributionViews.full(r, state: state)
    }

    public func contribution(digest: [UInt8]) async throws -> ContributionDTO {
        let state = chain.stateReader
        guard let raw = try state.read(ContributionKeys.byDigest(digest)), let id = try? Hash(bytes: raw),
              let r = try ContributionStore.record(id, in: state)
        else { throw APIError.notFound("no record with content digest \(Hex.encode(Array(digest.prefix(8))))…") }
        return try ContributionViews.full(r, state: state)
    }

    public func contributions(contributor: Address, limit: Int, after: Hash?) async throws -> ContributionPageDTO {
        try page(prefix: ContributionKeys.byContributorPrefix(contributor), limit: limit, after: after)
    }

    public func citations(id: Hash, limit: Int, after: Hash?) async throws -> ContributionPageDTO {
        let state = chain.stateReader
        guard try ContributionStore.record(id, in: state) != nil else { throw APIError.notFound("no registered record \(id)") }
        return try page(prefix: ContributionKeys.citedByPrefix(id), limit: limit, after: after)
    }

    public func lineage(id: Hash, depth: Int) async throws -> LineageDTO {
        try graph(.ancestors, id: id, depth: depth)
    }

    public func descendants(id: Hash, depth: Int) async throws -> LineageDTO {
        try graph(.descendants, id: id, depth: depth)
    }

    public func versions(id: Hash, after: Hash?, limit: Int) async throws -> ContributionPageDTO {
        guard limit >= 1, limit <= Self.maxPageSize else { throw APIError.badRequest("BAD_PARAM", "'limit' must be between 1 and \(Self.maxPageSize)") }
        let page: (records: [ContributionRecord], more: Bool)?
        do { page = try ContributionLineage.versions(of: id, after: after, limit: limit, in: chain.stateReader) } catch is ContributionLineage.NotInHistory {
            throw APIError.badRequest("BAD_PARAM", "'after' is not a version in the history of this record")
        }
        guard let page else { throw APIError.notFound("no registered record \(id)") }
        return ContributionPageDTO(items: page.records.map { ContributionViews.summary($0, depth: nil) },
                                   nextCursor: page.more ? page.records.last?.id : nil)
    }

    private func graph(_ direction: ContributionLineage.Direction, id: Hash, depth: Int) throws -> LineageDTO {
        guard depth >= 0, depth <= Self.maxLineageDepth else {
            throw APIError.badRequest("BAD_PARAM", "'depth' must be between 0 and \(Self.maxLineageDepth)")
        }
        guard let g = try ContributionLineage.walk(direction, from: id, depth: depth, maxNodes: Self.maxLineageNodes, in: chain.stateReader) else {
            throw APIError.notFound("no registered record \(id)")
        }
        return LineageDTO(root: id, direction: direction == .ancestors ? "ancestors" : "descendants", depth: depth,
                          nodes: g.nodes.map { ContributionViews.summary($0.record, depth: $0.depth) },
                          edges: g.edges.map { LineageEdgeDTO(child: $0.child, parent: $0.parent) }, truncated: g.truncated)
    }

    private func page(prefix: [UInt8], limit: Int, after: Hash?) throws -> ContributionPageDTO {
        guard limit >= 1, limit <= Self.maxPageSize else { throw APIError.badRequest("BAD_PARAM", "'limit' must be between 1 and \(Self.maxPageSize)") }
        let state = chain.stateReader
        // One more than asked tells whether there is a next page.
        let ids = try ContributionLineage.scanIDs(prefix: prefix, after: after, limit: limit + 1, in: state)
        var items: [ContributionSummaryDTO] = []
        for id in ids.prefix(limit) {
            if let r = try ContributionStore.record(id, in: state) { items.append(ContributionViews.summary(r, depth: nil)) }
        }
        return ContributionPageDTO(items: items, nextCursor: ids.count > limit ? ids[limit - 1] : nil)
    }
}

/// Record → DTO, with human labels.
enum ContributionViews {
    static func summary(_ r: ContributionRecord, depth: Int?) -> ContributionSummaryDTO {
        ContributionSummaryDTO(id: r.id, kind: r.registration.kind.name, title: r.registration.title, version: r.version, status: r.status.name,
                               license: r.registration.license, registrant: r.registrant, height: r.height,
                               retracted: r.retraction != nil, licenseConflict: r.licenseConflict != nil, depth: depth)
    }

    static func roles(_ claims: [RoleClaim]) -> [RoleDTO] {
        claims.map { c in
            let role = CRediTRole(code: c.role)
            let degree = ContributionDegree(code: c.degree)
            return RoleDTO(role: role?.rawValue ?? "unknown-\(c.role)", label: role?.label ?? "Unknown role \(c.role)",
                           degree: degree?.rawValue ?? "unknown-\(c.degree)")
        }
    }

    static func full(_ r: ContributionRecord, state: any StateReader) throws -> ContributionDTO {
        let reg = r.registration
        var contributors: [ContributorDTO] = []
        var confirmed: [AttributedRolesDTO] = [], unconfirmed: [AttributedRolesDTO] = [], declined: [AttributedRolesDTO] = []
        var machines: [ContributorDTO] = []
        for (i, c) in reg.contributors.enumerated() {
            var agent: AgentDTO?
            if let a = c.agent {
                let ar = try ContributionStore.record(a, in: state)
                agent = AgentDTO(id: a, kind: ar?.registration.kind.name ?? "unknown", title: ar?.registration.title ?? "",
                                 version: ar?.version ?? 0, retracted: ar?.retraction != nil)
            }
            let answer = i < r.confirmations.count ? r.confirmations[i] : .pending
            let answered: String = switch answer {
            case .confirmed: "confirmed"
            case .declined: "declined"
            case .pending: "pending"
            }
            let confirmation = c.address == nil ? "unconfirmable" : answered
            let dto = ContributorDTO(name: c.name, address: c.address, orcid: c.orcid, agent: agent, roles: roles(c.roles), confirmation: confirmation,
                                     aiUse: c.aiUse.map(AIUseDTO.init))
            contributors.append(dto)
            if agent != nil { machines.append(dto) }
            let attributed = AttributedRolesDTO(name: c.name, address: c.address, orcid: c.orcid, agent: c.agent, roles: dto.roles)
            switch confirmation {
            case "confirmed": confirmed.append(attributed)
            case "declined": declined.append(attributed)
            default: unconfirmed.append(attributed)
            }
        }
        let activity = reg.activity.map {
            ActivityDTO(kind: ContributionContract.activityName($0.kind), codeDigest: $0.codeDigest.map(Hex.encode),
                        parametersDigest: $0.parametersDigest.map(Hex.encode), startedAtMillis: $0.startedAt, endedAtMillis: $0.endedAt, agent: $0.agent)
        }
        // Bounded: at most `maxRetractionCheckNodes` ancestors are visited; the answer says whether
        // the check covered the whole lineage (`retraction_check_complete`, Docs/RPC.md).
        let ancestors = try ContributionLineage.walk(.ancestors, from: r.id, depth: NodeCore.maxLineageDepth,
                                                     maxNodes: NodeCore.maxRetractionCheckNodes, in: state)
        let retracted = (ancestors?.nodes.dropFirst() ?? []).filter { node in node.record.retraction != nil }.map(\.record.id)
        let next = try ContributionLineage.scanIDs(prefix: ContributionKeys.nextVersionPrefix(r.id), limit: 100, in: state)
        return ContributionDTO(
            id: r.id, kind: reg.kind.name, title: reg.title, digest: Hex.encode(reg.digest), size: reg.size, uris: reg.uris, doi: reg.doi,
            license: reg.license, registrant: r.registrant, height: r.height, timeMillis: r.timeMillis, version: r.version,
            previousVersion: reg.previousVersion, nextVersions: next, derivedFrom: reg.derivedFrom, references: reg.references, activity: activity,
            contributors: contributors, confirmedRoles: confirmed, unconfirmedRoles: unconfirmed, declinedRoles: declined,
            machineContributors: machines, status: r.status.name, retraction: r.retraction.map { RetractionDTO(reason: $0.reason, height: $0.height, by: $0.by) },
            licenseConflict: r.licenseConflict, dependsOnRetraction: !retracted.isEmpty, retractedAncestors: retracted,
            retractionCheckComplete: !(ancestors?.truncated ?? false))
    }
}
