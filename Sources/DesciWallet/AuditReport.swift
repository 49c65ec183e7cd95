import LedgerAPI
import LedgerCore

/// The outcome of `desci audit`, as exit status (Docs/AUDIT.md, "Exit codes"). When several apply,
/// the most serious wins: verification failure, then retracted lineage, then licence conflict.
enum AuditVerdict: String, Encodable {
    case clean, unregistered, retractedLineage = "retracted_lineage", licenseConflict = "license_conflict",
         verificationFailed = "verification_failed"

    var exitCode: Int32 {
        switch self {
        case .clean: 0
        case .unregistered: 3
        case .retractedLineage: 4
        case .licenseConflict: 5
        case .verificationFailed: 6
        }
    }
}

/// One consistency check of the node's answers against the file and against each other.
struct AuditCheck: Encodable, Equatable {
    var name: String
    var ok: Bool
    var detail: String
}

struct AuditReport: Encodable {
    struct File: Encodable {
        var path: String
        var digest: String
        var size: UInt64
    }

    struct Person: Encodable {
        var name: String
        var address: Address?
        var orcid: String?
        var roles: [RoleDTO]
        var confirmation: String
    }

    struct Machine: Encodable {
        var name: String
        var agent: AgentDTO?
        var roles: [RoleDTO]
        var aiUse: [AIUseDTO]
        enum CodingKeys: String, CodingKey { case name, agent, roles, aiUse = "ai_use" }
    }

    struct Ancestor: Encodable {
        var id: Hash
        var title: String
        var kind: String
        var depth: Int
        var status: String
        var license: String
        var retracted: Bool
        var licenseConflict: Bool
        enum CodingKeys: String, CodingKey { case id, title, kind, depth, status, license, retracted, licenseConflict = "license_conflict" }
    }

    struct Attestation: Encodable {
        var id: Hash
        var kind: String
        var verdict: String
        var attester: Address
        var independent: Bool
        var revoked: Bool
        var height: UInt64
    }

    struct Retraction: Encodable {
        var id: Hash
        var title: String
        var reason: String?
        var height: UInt64?
    }

    var file: File
    var registered: Bool
    var id: Hash?
    var title: String?
    var kind: String?
    var registrant: Address?
    var height: UInt64?
    var time: String?
    var license: String?
    var status: String?
    var contributors: [Person] = []
    var machineContributors: [Machine] = []
    var ancestors: [Ancestor] = []
    var lineageTruncated = false
    var attestations: [Attestation] = []
    var retractions: [Retraction] = []
    var licenseFindings: [String] = []
    var aiFindings: [String] = []
    var checks: [AuditCheck] = []
    var verdict: AuditVerdict = .unregistered
    var exitCode: Int32 { verdict.exitCode }

    enum CodingKeys: String, CodingKey {
        case file, registered, id, title, kind, registrant, height, time, license, status, contributors,
             machineContributors = "machine_contributors", ancestors, lineageTruncated = "lineage_truncated", attestations, retractions,
             licenseFindings = "license_findings", aiFindings = "ai_findings", checks, verdict, exitCode = "exit_code"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(registered, forKey: .registered)
        try c.encodeIfPresent(id, forKey: .id)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encodeIfPresent(kind, forKey: .kind)
        try c.encodeIfPresent(registrant, forKey: .registrant)
        try c.encodeIfPresent(height, forKey: .height)
        try c.encodeIfPresent(time, forKey: .time)
        try c.encodeIfPresent(license, forKey: .license)
        try c.encodeIfPresent(status, forKey: .status)
        try c.encode(contributors, forKey: .contributors)
        try c.encode(machineContributors, forKey: .machineContributors)
        try c.encode(ancestors, forKey: .ancestors)
        try c.encode(lineageTruncated, forKey: .lineageTruncated)
        try c.encode(attestations, forKey: .attestations)
        try c.encode(retractions, forKey: .retractions)
        try c.encode(licenseFindings, forKey: .licenseFindings)
        try c.encode(aiFindings, forKey: .aiFindings)
        try c.encode(checks, forKey: .checks)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(exitCode, forKey: .exitCode)
    }

    static func unregistered(file: File) -> AuditReport {
        AuditReport(file: file, registered: false, verdict: .unregistered)
    }

    /// Builds the report from the node's answers and decides the verdict. Pure: no I/O.
    static func build(file: File, snapshot s: LineageSnapshot) -> AuditReport {
        let r = s.root
        var report = AuditReport(file: file, registered: true, id: r.id, title: r.title, kind: r.kind, registrant: r.registrant,
                                 height: r.height, time: rfc3339(millis: r.timeMillis), license: r.license, status: r.status)
        report.contributors = r.contributors.filter { $0.agent == nil }.map {
            Person(name: $0.name, address: $0.address, orcid: $0.orcid, roles: $0.roles, confirmation: $0.confirmation)
        }
        report.machineContributors = r.machineContributors.map { Machine(name: $0.name, agent: $0.agent, roles: $0.roles, aiUse: $0.aiUse) }
        report.ancestors = s.ancestors.map {
            Ancestor(id: $0.id, title: $0.title, kind: $0.kind, depth: $0.depth ?? 0, status: $0.status, license: $0.license,
                     retracted: $0.retracted, licenseConflict: $0.licenseConflict)
        }
        report.lineageTruncated = s.lineage.truncated
        report.attestations = (s.attestations[r.id] ?? []).map {
            Attestation(id: $0.id, kind: $0.kind, verdict: $0.verdictName, attester: $0.attester, independent: $0.independent,
                        revoked: $0.revoked, height: $0.height)
        }
        for rec in s.orderedRecords where rec.retraction != nil || RecordStatus(name: rec.status) == .retracted {
            report.retractions.append(Retraction(id: rec.id, title: rec.title, reason: rec.retraction?.reason, height: rec.retraction?.height))
        }
        for rec in s.orderedRecords {
            if let l = rec.licenseConflict { report.licenseFindings.append("\(rec.id.hex) \"\(rec.title)\" [\(rec.license)]: \(l)") }
        }
        for m in r.machineContributors where m.aiUse.contains(where: \.unacceptable) {
            report.aiFindings.append("\(m.name) declares AI use STM classes as unacceptable: generated-presented-as-original")
        }
        for m in r.machineContributors where m.agent?.retracted == true {
            report.aiFindings.append("\(m.name): its software/model record \(m.agent!.id.hex) is retracted")
        }
        report.checks = checks(file: file, snapshot: s)
        report.verdict = verdict(report)
        return report
    }

    static func verdict(_ r: AuditReport) -> AuditVerdict {
        if !r.registered { return .unregistered }
        if r.checks.contains(where: { !$0.ok }) { return .verificationFailed }
        if !r.retractions.isEmpty { return .retractedLineage }
        if !r.licenseFindings.isEmpty || r.ancestors.contains(where: \.licenseConflict) { return .licenseConflict }
        return .clean
    }

    /// What the wallet can check today without proofs: the record describes this file, and the node's
    /// answers agree with each other (Docs/AUDIT.md, "What is verified and what is trusted").
    static func checks(file: File, snapshot s: LineageSnapshot) -> [AuditCheck] {
        let r = s.root
        var out: [AuditCheck] = []
        func check(_ name: String, _ ok: Bool, _ detail: String) { out.append(AuditCheck(name: name, ok: ok, detail: detail)) }
        check("digest_matches_file", r.digest.lowercased() == file.digest, "record digest \(r.digest), file \(file.digest)")
        check("size_matches_file", r.size == file.size, "record size \(r.size), file \(file.size) bytes")
        check("lineage_root", s.lineage.root == r.id && s.lineage.direction == "ancestors",
              "lineage answered for \(s.lineage.root.hex) (\(s.lineage.direction))")
        let parentsOfRoot = Set(s.lineage.edges.filter { $0.child == r.id }.map(\.parent))
        check("lineage_edges_match_record", s.lineage.depth == 0 || parentsOfRoot == Set(r.derivedFrom),
              "derived_from \(r.derivedFrom.map(\.hex).sorted()), lineage parents \(parentsOfRoot.map(\.hex).sorted())")
        var edgeProblems: [String] = []
        for node in s.lineage.nodes {
            guard let rec = s.records[node.id] else { edgeProblems.append("\(node.id.hex): no record"); continue }
            if rec.id != node.id { edgeProblems.append("\(node.id.hex): node answered record \(rec.id.hex)") }
            if node.retracted != (rec.retraction != nil) { edgeProblems.append("\(node.id.hex): retracted flag disagrees with the record") }
            if node.licenseConflict != (rec.licenseConflict != nil) { edgeProblems.append("\(node.id.hex): licence flag disagrees with the record") }
            let depth = node.depth ?? 0
            if depth < s.lineage.depth && !s.lineage.truncated {
                let parents = Set(s.lineage.edges.filter { $0.child == node.id }.map(\.parent))
                if parents != Set(rec.derivedFrom) { edgeProblems.append("\(node.id.hex): lineage edges differ from its derived_from") }
            }
        }
        check("lineage_records_consistent", edgeProblems.isEmpty, edgeProblems.isEmpty ? "\(s.lineage.nodes.count) record(s)" : edgeProblems.joined(separator: "; "))
        let retractedInGraph = Set(s.lineage.nodes.filter { $0.retracted && $0.id != r.id }.map(\.id))
        let claimed = Set(r.retractedAncestors)
        check("retracted_ancestors_consistent",
              r.dependsOnRetraction == !claimed.isEmpty && (s.lineage.truncated ? retractedInGraph.isSubset(of: claimed) : claimed == retractedInGraph),
              "record names \(claimed.count) retracted ancestor(s), the lineage shows \(retractedInGraph.count)")
        let foreign = (s.attestations[r.id] ?? []).filter { $0.subject != r.id }
        check("attestations_about_record", foreign.isEmpty, foreign.isEmpty ? "\(s.attestations[r.id]?.count ?? 0) attestation(s)" :
              "attestations about other records: \(foreign.map(\.id.hex).joined(separator: ", "))")
        return out
    }
}
