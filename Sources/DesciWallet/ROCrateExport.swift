import Foundation
import LedgerAPI
import LedgerCore

/// A record's lineage as an RO-Crate 1.3 following the Provenance Run Crate profile 0.5
/// (https://w3id.org/ro/wfrun/provenance/0.5), built from a `LineageSnapshot` (Docs/AUDIT.md, "RO-Crate").
///
/// Mapping: every record is a `File` data entity named by its digest (`urn:hash::sha256:<hex>`, or
/// its first http(s) URI) with `sha256`, `contentSize`, `license`, `author` and CRediT `Role`s; the
/// lineage as a whole is the workflow (`mainEntity`, the PROV-JSON document written beside the
/// metadata); each recorded activity is a tool run (`CreateAction` with its tool, a `HowToStep` and a
/// `ControlAction`); the ledger itself is the engine (`OrganizeAction`).
enum ROCrateExport {
    static let workflowFile = "lineage.prov.json"
    static let profiles: [(String, String, String)] = [
        ("https://w3id.org/ro/wfrun/process/0.5", "Process Run Crate", "0.5"),
        ("https://w3id.org/ro/wfrun/workflow/0.5", "Workflow Run Crate", "0.5"),
        ("https://w3id.org/ro/wfrun/provenance/0.5", "Provenance Run Crate", "0.5"),
        ("https://w3id.org/workflowhub/workflow-ro-crate/1.0", "Workflow RO-Crate", "1.0"),
    ]

    /// The RO-Crate 1.3 context maps the Bioschemas workflow terms into `https://bioschemas.org/terms/`;
    /// the Workflow Run Crate profiles (0.5) and their validator use the older `https://bioschemas.org/`
    /// IRIs. This local context keeps those terms on the IRIs the profiles check, and names our own terms.
    static let localContext: [String: String] = [
        "ComputationalWorkflow": "https://bioschemas.org/ComputationalWorkflow",
        "FormalParameter": "https://bioschemas.org/FormalParameter",
        "input": "https://bioschemas.org/ComputationalWorkflow#input",
        "output": "https://bioschemas.org/ComputationalWorkflow#output",
        "aiUse": "urn:desci:terms#aiUse",
        "ledgerRecord": "urn:desci:terms#ledgerRecord",
    ]

    static func ref(_ id: String) -> [String: String] { ["@id": id] }

    static func fileID(_ rec: ContributionDTO) -> String {
        if let u = rec.uris.first(where: { $0.hasPrefix("https://") || $0.hasPrefix("http://") }) { return u }
        return "urn:hash::" + ProvExport.entityID(digest: rec.digest)
    }

    static func licenseID(_ expression: String) -> String {
        // A single SPDX id has a canonical page; an expression (AND/OR/WITH) is described by name only.
        let simple = expression.utf8.allSatisfy { b in
            (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b == 0x2d || b == 0x2e || b == 0x2b
        }
        return simple ? "https://spdx.org/licenses/\(expression)" : "#license-\(Hex.encode(Array(expression.utf8)).prefix(32))"
    }

    static func personID(_ c: ContributorDTO) -> String {
        if let o = c.orcid { return "https://orcid.org/\(o)" }
        if let a = c.address { return "#person-\(a.bech32)" }
        return "#person-\(Hex.encode(Array(c.name.utf8)).prefix(32))"
    }

    static func metadata(_ s: LineageSnapshot) -> [String: Any] {
        var graph: [String: [String: Any]] = [:]
        var order: [String] = []
        func add(_ e: [String: Any]) {
            let id = e["@id"] as! String
            if graph[id] == nil { order.append(id) }
            graph[id] = e
        }
        let records = s.orderedRecords
        let fileOf = Dictionary(records.map { ($0.id, fileID($0)) }, uniquingKeysWith: { a, _ in a })
        let root = s.root

        add(["@id": "ro-crate-metadata.json", "@type": "CreativeWork",
             "conformsTo": [ref("https://w3id.org/ro/crate/1.3"), ref("https://w3id.org/ro/crate/1.1")], "about": ref("./")])
        for (id, name, version) in profiles { add(["@id": id, "@type": "CreativeWork", "name": name, "version": version]) }

        var tools: [String] = [], steps: [String] = [], controls: [String] = [], runs: [String] = []
        for rec in records {
            let file = fileOf[rec.id]!
            var authors: [[String: String]] = [], roles: [[String: String]] = [], machines: [[String: String]] = []
            for (i, c) in rec.contributors.enumerated() {
                if let a = c.agent {
                    let id = "#agent-\(a.id.hex)"
                    var sa: [String: Any] = ["@id": id, "@type": "SoftwareApplication", "name": a.title.isEmpty ? c.name : a.title,
                                             "version": String(a.version), "identifier": "desci:\(a.id.hex)"]
                    if !c.aiUse.isEmpty {
                        sa["aiUse"] = c.aiUse.map { ref("urn:desci:stm-ai-use:\($0.use)") }
                        for u in c.aiUse {
                            add(["@id": "urn:desci:stm-ai-use:\(u.use)", "@type": "DefinedTerm", "name": u.label, "termCode": String(u.code),
                                 "inDefinedTermSet": ref("#stm-ai-use-2025")])
                        }
                        add(["@id": "#stm-ai-use-2025", "@type": "DefinedTermSet",
                             "name": "STM Recommendations for a Classification of AI Use in Academic Manuscript Preparation (2025)"])
                    }
                    add(sa)
                    machines.append(ref(id))
                } else {
                    let pid = personID(c)
                    var p: [String: Any] = ["@id": pid, "@type": "Person", "name": c.name]
                    if let a = c.address { p["identifier"] = a.bech32 }
                    add(p)
                    authors.append(ref(pid))
                }
                let roleID = "#credit-\(rec.id.hex.prefix(16))-\(i)"
                var terms: [[String: String]] = []
                for r in c.roles {
                    let term = "https://credit.niso.org/contributor-roles/\(r.role)/"
                    add(["@id": term, "@type": "DefinedTerm", "name": r.label, "termCode": r.role,
                         "inDefinedTermSet": ref("https://credit.niso.org/")])
                    terms.append(ref(term))
                }
                add(["@id": "https://credit.niso.org/", "@type": "DefinedTermSet", "name": "CRediT (Contributor Roles Taxonomy)"])
                add(["@id": roleID, "@type": "Role", "roleName": c.roles.map { "\($0.label) (\($0.degree))" }.joined(separator: "; "),
                     "additionalType": terms, "contributor": ref(c.agent.map { "#agent-\($0.id.hex)" } ?? personID(c)),
                     "description": "confirmation: \(c.confirmation)"])
                roles.append(ref(roleID))
            }
            let lic = licenseID(rec.license)
            add(["@id": lic, "@type": "CreativeWork", "name": rec.license, "identifier": rec.license])
            let ledger = "#ledger-\(rec.id.hex)"
            var ledgerEntry: [String: Any] = ["@id": ledger, "@type": "PropertyValue", "propertyID": "desci-record-id", "value": rec.id.hex,
                                              "description": "registered by \(rec.registrant.bech32) at height \(rec.height), \(rfc3339(millis: rec.timeMillis)); status \(rec.status)"]
            if let r = rec.retraction { ledgerEntry["description"] = "\(ledgerEntry["description"]!); RETRACTED at height \(r.height): \(r.reason)" }
            add(ledgerEntry)
            var f: [String: Any] = ["@id": file, "@type": "File", "name": rec.title, "sha256": ProvExport.entityID(digest: rec.digest).dropFirst(7).description,
                                    "contentSize": String(rec.size), "license": ref(lic), "ledgerRecord": ref(ledger),
                                    "identifier": rec.doi.map { "https://doi.org/\($0)" } ?? "desci:\(rec.id.hex)",
                                    "dateCreated": rfc3339(millis: rec.timeMillis)]
            if !authors.isEmpty { f["author"] = authors.count == 1 ? authors[0] as Any : authors as Any }
            if !roles.isEmpty { f["contributor"] = roles }
            if !machines.isEmpty { f["instrument"] = machines }
            let parents = rec.derivedFrom.compactMap { fileOf[$0] }.map(ref)
            if !parents.isEmpty { f["isBasedOn"] = parents }
            add(f)

            guard let act = rec.activity else { continue }
            let tool = "#tool-\(rec.id.hex)", step = "#step-\(rec.id.hex)", run = "#activity-\(rec.id.hex)", control = "#control-\(rec.id.hex)"
            var t: [String: Any] = ["@id": tool, "@type": "SoftwareApplication", "name": "\(act.kind) for \"\(rec.title)\""]
            if let d = act.codeDigest { t["sha256"] = ProvExport.entityID(digest: d).dropFirst(7).description }
            add(t)
            add(["@id": step, "@type": "HowToStep", "name": "\(act.kind) step", "workExample": ref(tool), "position": String(steps.count)])
            var a: [String: Any] = ["@id": run, "@type": "CreateAction", "name": "\(act.kind) producing \"\(rec.title)\"", "instrument": ref(tool),
                                    "result": [ref(file)], "actionStatus": ref("http://schema.org/CompletedActionStatus")]
            if !parents.isEmpty { a["object"] = parents }
            if let t = act.startedAtMillis { a["startTime"] = rfc3339(millis: t) }
            if let t = act.endedAtMillis { a["endTime"] = rfc3339(millis: t) }
            if let runner = act.agent {
                let pid = rec.contributors.first(where: { $0.address == runner }).map(personID) ?? "#person-\(runner.bech32)"
                if graph[pid] == nil { add(["@id": pid, "@type": "Person", "name": runner.bech32, "identifier": runner.bech32]) }
                a["agent"] = ref(pid)
            }
            if !machines.isEmpty { a["participant"] = machines }
            if let d = act.parametersDigest { a["description"] = "parameters sha256 \(ProvExport.entityID(digest: d).dropFirst(7))" }
            add(a)
            add(["@id": control, "@type": "ControlAction", "name": "orchestrate \(act.kind)", "instrument": ref(step), "object": ref(run)])
            tools.append(tool); steps.append(step); controls.append(control); runs.append(run)
        }

        let output = "#param-result"
        add(["@id": output, "@type": "FormalParameter", "name": "result", "additionalType": "File", "workExample": ref(fileOf[root.id]!)])
        add(["@id": "#prov-json", "@type": "ComputerLanguage", "name": "PROV-JSON", "url": ref("https://www.w3.org/submissions/prov-json/")])
        var workflow: [String: Any] = ["@id": workflowFile, "@type": ["File", "SoftwareSourceCode", "ComputationalWorkflow", "HowTo"],
                                       "name": "Lineage of \"\(root.title)\" (PROV-JSON)", "encodingFormat": "application/json",
                                       "programmingLanguage": ref("#prov-json"), "output": [ref(output)]]
        if !tools.isEmpty { workflow["hasPart"] = tools.map(ref); workflow["step"] = steps.map(ref) }
        add(workflow)
        let runner = "#person-\(root.registrant.bech32)"
        if graph[runner] == nil { add(["@id": runner, "@type": "Person", "name": root.registrant.bech32, "identifier": root.registrant.bech32]) }
        var wrun: [String: Any] = ["@id": "#lineage-run", "@type": "CreateAction", "name": "Lineage of \"\(root.title)\" as recorded on the ledger",
                                   "instrument": ref(workflowFile), "result": [ref(fileOf[root.id]!)], "agent": ref(runner),
                                   "endTime": rfc3339(millis: root.timeMillis)]
        let inputs = records.filter { $0.id != root.id }.map { ref(fileOf[$0.id]!) }
        if !inputs.isEmpty { wrun["object"] = inputs }
        add(wrun)
        if !controls.isEmpty {
            add(["@id": "#desci-ledger", "@type": "SoftwareApplication", "name": "DeSci Ledger", "url": ref("urn:desci:ledger")])
            add(["@id": "#ledger-orchestration", "@type": "OrganizeAction", "name": "activities recorded on the ledger",
                 "instrument": ref("#desci-ledger"), "result": ref("#lineage-run"), "object": controls.map(ref)])
        }
        add(["@id": "./", "@type": "Dataset", "name": "Lineage of \"\(root.title)\"", "description": "Provenance of DeSci Ledger record \(root.id.hex), exported from the ledger.",
             "datePublished": rfc3339(millis: root.timeMillis), "license": ref(licenseID(root.license)), "identifier": "desci:\(root.id.hex)",
             "conformsTo": profiles.map { ref($0.0) }, "mainEntity": ref(workflowFile),
             "hasPart": [ref(workflowFile)] + records.map { ref(fileOf[$0.id]!) },
             "mentions": [ref("#lineage-run")] + runs.map(ref)])
        // The descriptor and root first (people expect them there), then everything else in insertion order.
        let first = ["ro-crate-metadata.json", "./"]
        let entities = first.compactMap { graph[$0] } + order.filter { !first.contains($0) }.compactMap { graph[$0] }
        return ["@context": ["https://w3id.org/ro/crate/1.3/context", localContext] as [Any], "@graph": entities]
    }
}
