import Foundation
import LedgerAPI
import LedgerCore

/// A record's lineage as W3C PROV-JSON (https://www.w3.org/submissions/prov-json/), built from a
/// `LineageSnapshot` (Docs/AUDIT.md, "PROV-JSON").
///
/// Entities are named by content digest (`sha256:<hex>`), so the same bytes get the same name in
/// every export; people are agents named by address (`desci:<bech32>`), or by ORCID iD when they
/// have no address; machine contributors are `prov:SoftwareAgent`s named by their record id.
enum ProvExport {
    static let prefixes: [String: String] = [
        "desci": "urn:desci:",
        "sha256": "urn:hash::sha256:",
        "orcid": "https://orcid.org/",
        "credit": "https://credit.niso.org/contributor-roles/",
        "stm": "urn:desci:stm-ai-use:",
    ]

    static func entityID(digest multihashHex: String) -> String {
        // Records store a SHA-256 multihash: 1220 || 32-byte digest.
        let hex = multihashHex.lowercased()
        return "sha256:" + (hex.hasPrefix("1220") ? String(hex.dropFirst(4)) : hex)
    }

    static func agentID(address: Address?, orcid: String?) -> String? {
        if let address { return "desci:\(address.bech32)" }
        if let orcid { return "orcid:\(orcid)" }
        return nil
    }

    static func qualified(_ name: String) -> [String: String] { ["$": name, "type": "prov:QUALIFIED_NAME"] }

    static func document(_ s: LineageSnapshot) -> [String: Any] {
        var entities: [String: Any] = [:]
        var activities: [String: Any] = [:]
        var agents: [String: Any] = [:]
        var derived: [String: Any] = [:], generated: [String: Any] = [:], used: [String: Any] = [:]
        var attributed: [String: Any] = [:], associated: [String: Any] = [:]
        var n = 0
        func relation(_ kind: String) -> String {
            n += 1
            return "_:\(kind)\(n)"
        }
        let records = s.orderedRecords
        let entityOf = Dictionary(records.map { ($0.id, entityID(digest: $0.digest)) }, uniquingKeysWith: { a, _ in a })

        for rec in records {
            let entity = entityOf[rec.id]!
            var e: [String: Any] = [
                "prov:type": qualified("desci:\(rec.kind)"),
                "prov:label": rec.title,
                "desci:record_id": rec.id.hex,
                "desci:digest": rec.digest,
                "desci:size": Int(clamping: rec.size),
                "desci:license": rec.license,
                "desci:status": rec.status,
                "desci:height": Int(clamping: rec.height),
                "desci:version": Int(rec.version),
                "desci:registered_at": rfc3339(millis: rec.timeMillis),
            ]
            if let doi = rec.doi { e["desci:doi"] = doi }
            if !rec.uris.isEmpty { e["prov:location"] = rec.uris }
            if let r = rec.retraction { e["desci:retraction"] = r.reason }
            if let l = rec.licenseConflict { e["desci:license_conflict"] = l }
            entities[entity] = e

            // People and software agents, and who is credited with what (PROV wasAttributedTo).
            for c in rec.contributors {
                let agent: String
                if let a = c.agent {
                    agent = "desci:agent-\(a.id.hex)"
                    var sa: [String: Any] = ["prov:type": qualified("prov:SoftwareAgent"), "prov:label": a.title.isEmpty ? c.name : a.title,
                                             "desci:record_id": a.id.hex, "desci:kind": a.kind, "desci:version": Int(a.version)]
                    if !c.aiUse.isEmpty { sa["desci:ai_use"] = c.aiUse.map { qualified("stm:\($0.use)") } }
                    agents[agent] = sa
                } else if let id = agentID(address: c.address, orcid: c.orcid) {
                    agent = id
                    var p: [String: Any] = ["prov:type": qualified("prov:Person"), "prov:label": c.name]
                    if let o = c.orcid { p["desci:orcid"] = "https://orcid.org/\(o)" }
                    if let a = c.address { p["desci:address"] = a.bech32 }
                    agents[agent] = p
                } else { continue }
                var rel: [String: Any] = ["prov:entity": entity, "prov:agent": agent,
                                          "prov:role": c.roles.map { qualified("credit:\($0.role)") },
                                          "desci:confirmation": c.confirmation]
                if !c.aiUse.isEmpty { rel["desci:ai_use"] = c.aiUse.map { qualified("stm:\($0.use)") } }
                attributed[relation("wAT")] = rel
            }
            let registrant = "desci:\(rec.registrant.bech32)"
            if agents[registrant] == nil { agents[registrant] = ["prov:type": qualified("prov:Person"), "desci:address": rec.registrant.bech32] }
            attributed[relation("wAT")] = ["prov:entity": entity, "prov:agent": registrant, "prov:role": qualified("desci:registrant")]

            // Derivation (wasDerivedFrom), and the activity that made it (wasGeneratedBy, used, wasAssociatedWith).
            for parent in rec.derivedFrom {
                guard let p = entityOf[parent] else { continue }
                derived[relation("wDF")] = ["prov:generatedEntity": entity, "prov:usedEntity": p]
            }
            if let act = rec.activity {
                let activity = "desci:activity-\(rec.id.hex)"
                var a: [String: Any] = ["prov:type": qualified("desci:\(act.kind)")]
                if let t = act.startedAtMillis { a["prov:startTime"] = rfc3339(millis: t) }
                if let t = act.endedAtMillis { a["prov:endTime"] = rfc3339(millis: t) }
                activities[activity] = a
                generated[relation("wGB")] = ["prov:entity": entity, "prov:activity": activity]
                for parent in rec.derivedFrom {
                    guard let p = entityOf[parent] else { continue }
                    used[relation("u")] = ["prov:activity": activity, "prov:entity": p]
                }
                for (role, digest) in [("code", act.codeDigest), ("parameters", act.parametersDigest)] {
                    guard let digest else { continue }
                    let id = entityID(digest: digest)
                    if entities[id] == nil { entities[id] = ["prov:type": qualified("desci:\(role)"), "desci:digest": digest] }
                    used[relation("u")] = ["prov:activity": activity, "prov:entity": id, "prov:role": qualified("desci:\(role)")]
                }
                if let runner = act.agent {
                    let id = "desci:\(runner.bech32)"
                    if agents[id] == nil { agents[id] = ["prov:type": qualified("prov:Person"), "desci:address": runner.bech32] }
                    associated[relation("wAW")] = ["prov:activity": activity, "prov:agent": id]
                }
                for m in rec.machineContributors {
                    guard let a = m.agent else { continue }
                    associated[relation("wAW")] = ["prov:activity": activity, "prov:agent": "desci:agent-\(a.id.hex)"]
                }
            }
        }
        var doc: [String: Any] = ["prefix": prefixes, "entity": entities, "agent": agents]
        if !activities.isEmpty { doc["activity"] = activities }
        for (key, value) in [("wasDerivedFrom", derived), ("wasGeneratedBy", generated), ("used", used),
                             ("wasAttributedTo", attributed), ("wasAssociatedWith", associated)] where !value.isEmpty {
            doc[key] = value
        }
        return doc
    }
}

/// Pretty, key-sorted JSON bytes of a JSON object built from dictionaries and arrays.
func jsonBytes(_ object: Any) throws -> Data {
    try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
}
