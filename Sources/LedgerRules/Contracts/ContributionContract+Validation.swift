import LedgerCore

extension ContributionContract {
    /// Checks that need no state, in field order. Returns the parsed licence.
    static func validateFields(_ a: RegisterContribution) throws -> SPDXExpression {
        if isBlank(a.title) { throw reject("EMPTY_TITLE", "the title is empty") }
        do { _ = try Multihash(bytes: a.digest) } catch {
            throw reject("INVALID_DIGEST", "the content digest must be a SHA-256 multihash (0x12 0x20 + 32 bytes): \(error)")
        }
        for uri in a.uris {
            do { _ = try URI(uri) } catch { throw reject("INVALID_URI", "'\(uri)': \(error)") }
        }
        if let doi = a.doi {
            do { _ = try DOI(doi) } catch { throw reject("INVALID_DOI", "'\(doi)': \(error)") }
        }
        let license: SPDXExpression
        do { license = try SPDXExpression(parsing: a.license) } catch {
            throw reject("INVALID_LICENSE", "'\(a.license)' is not a valid SPDX expression: \(error)")
        }
        guard !a.contributors.isEmpty else { throw reject("NO_CONTRIBUTORS", "at least one contributor is required") }
        var addresses: [Address] = []
        var orcids: [String] = []
        var agents: [Hash] = []
        for (i, c) in a.contributors.enumerated() {
            let who = "contributor \(i) ('\(c.name)')"
            if isBlank(c.name) { throw reject("INVALID_CONTRIBUTOR", "contributor \(i) has no name") }
            if c.address == nil && c.orcid == nil && c.agent == nil {
                throw reject("INVALID_CONTRIBUTOR", "\(who) needs an address, an ORCID iD or an agent record")
            }
            if let text = c.orcid {
                let orcid: ORCID
                do { orcid = try ORCID(text) } catch { throw reject("INVALID_ORCID", "\(who): '\(text)': \(error)") }
                if orcids.contains(orcid.value) { throw reject("DUPLICATE_CONTRIBUTOR", "ORCID iD \(orcid.value) is listed twice") }
                orcids.append(orcid.value)
            }
            if let address = c.address {
                if addresses.contains(address) { throw reject("DUPLICATE_CONTRIBUTOR", "address \(address.bech32) is listed twice") }
                addresses.append(address)
            }
            if let agent = c.agent {
                if agents.contains(agent) { throw reject("DUPLICATE_CONTRIBUTOR", "agent \(agent) is listed twice") }
                agents.append(agent)
            }
            guard !c.roles.isEmpty else { throw reject("INVALID_ROLE", "\(who) has no CRediT role") }
            var seen: [UInt8] = []
            for r in c.roles {
                guard CRediTRole(code: r.role) != nil else { throw reject("INVALID_ROLE", "\(who): role code \(r.role) is not a CRediT role (1…14)") }
                guard ContributionDegree(code: r.degree) != nil else {
                    throw reject("INVALID_ROLE", "\(who): degree code \(r.degree) is not lead (1), equal (2) or supporting (3)")
                }
                if seen.contains(r.role) { throw reject("INVALID_ROLE", "\(who) lists role \(CRediTRole(code: r.role)!.rawValue) twice") }
                seen.append(r.role)
            }
            if !c.aiUse.isEmpty && c.agent == nil {
                throw reject("INVALID_AI_USE", "\(who) declares AI use but is not a machine contributor (no agent record)")
            }
        }
        if let act = a.activity {
            for (name, digest) in [("code", act.codeDigest), ("parameters", act.parametersDigest)] {
                guard let digest else { continue }
                do { _ = try Multihash(bytes: digest) } catch {
                    throw reject("INVALID_DIGEST", "the activity's \(name) digest must be a SHA-256 multihash: \(error)")
                }
            }
            if let s = act.startedAt, let e = act.endedAt, e < s {
                throw reject("INVALID_ACTIVITY", "the activity ends (\(e)) before it starts (\(s))")
            }
        }
        for (i, input) in a.derivedFrom.enumerated() where a.derivedFrom[..<i].contains(input) {
            throw reject("LINEAGE_CYCLE", "input \(input) is listed twice in derived_from")
        }
        for (i, ref) in a.references.enumerated() where a.references[..<i].contains(ref) {
            throw reject("DUPLICATE_REFERENCE", "reference \(ref) is listed twice")
        }
        return license
    }
}
