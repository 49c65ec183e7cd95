import JsonLogic
import LedgerCore

extension ContributionContract {
    /// `contribution.register`. Checks run in this order (the first failure is the answer):
    /// 1. the fields alone (`validateFields`): title, digest, URIs, DOI, licence, contributors, roles,
    ///    activity, duplicates among inputs;
    /// 2. against state: agents, references, inputs, previous version, duplicate content;
    /// 3. the `contribution.admit` policy;
    /// 4. licence compatibility with each input (flagged, or refused when `00 05` holds 1).
    /// Then the record and its indexes are written and events emitted.
    public static func register(_ a: RegisterContribution, ctx: inout ExecutionContext) throws {
        let license = try validateFields(a)
        let id = ctx.derivedID(kind: "contribution")
        if a.derivedFrom.contains(id) || a.previousVersion == id || a.references.contains(id) {
            throw reject("LINEAGE_CYCLE", "a record cannot derive from, cite or version itself")
        }
        if try ContributionStore.record(id, ctx: &ctx) != nil {
            throw reject("ID_TAKEN", "record id \(id) is already taken")
        }

        // Machine contributors: registered software or model records.
        for entry in a.contributors {
            guard let agent = entry.agent else { continue }
            guard let r = try ContributionStore.record(agent, ctx: &ctx) else {
                throw reject("INVALID_AGENT", "agent \(agent) of contributor '\(entry.name)' is not a registered record")
            }
            guard r.registration.kind == .software || r.registration.kind == .model else {
                throw reject("INVALID_AGENT", "agent \(agent) of contributor '\(entry.name)' is a \(r.registration.kind.name) record, not software or a model")
            }
        }
        for ref in a.references where try ContributionStore.record(ref, ctx: &ctx) == nil {
            throw reject("UNKNOWN_RECORD", "reference \(ref) is not a registered record")
        }
        var inputs: [ContributionRecord] = []
        for input in a.derivedFrom {
            guard let r = try ContributionStore.record(input, ctx: &ctx) else {
                throw reject("UNKNOWN_RECORD", "input \(input) (derived_from) is not a registered record")
            }
            inputs.append(r)
        }
        var version: UInt32 = 1
        if let prev = a.previousVersion {
            guard let p = try ContributionStore.record(prev, ctx: &ctx) else {
                throw reject("UNKNOWN_RECORD", "previous version \(prev) is not a registered record")
            }
            guard p.registrant == ctx.sender else {
                throw reject("NOT_REGISTRANT", "only the registrant \(p.registrant.bech32) of \(prev) may register a new version of it")
            }
            var hasNext = false
            try ctx.scan(prefix: ContributionKeys.nextVersionPrefix(prev)) { _, _ in hasNext = true; return false }
            if hasNext { throw reject("VERSION_EXISTS", "\(prev) already has a newer version; version the latest one") }
            guard p.version < UInt32.max else { throw reject("VERSION_EXISTS", "version number overflow") }
            version = p.version + 1
        }
        if let existing = try ctx.read(ContributionKeys.byDigest(a.digest)) {
            let existingID = try Hash(bytes: existing)
            let sameLineage = try a.previousVersion.map { try versionChain(from: $0, contains: existingID, ctx: &ctx) } ?? false
            if !sameLineage {
                throw reject("DUPLICATE_CONTENT", "this content is already registered as \(existingID.hex); register it as a new version of that record (previous_version) instead")
            }
        }

        guard try Policies.allows(.contributionAdmit, data: admitData(a, sender: ctx.sender), ctx: &ctx) else {
            throw reject("POLICY_DENIED", "the contribution.admit policy refuses this registration")
        }

        // The compatibility check parses each input's expression (bytes) and compares every simple
        // licence of the input with every simple licence of the derived expression (product), so
        // both are charged before it runs.
        let derivedLeaves = licenceLeaves(license)
        for input in inputs {
            let leaves = (try? SPDXExpression(parsing: input.registration.license)).map(licenceLeaves) ?? 1
            try ctx.charge(GasSchedule.licenceCheck(derivedBytes: a.license.utf8.count, inputBytes: input.registration.license.utf8.count,
                                                    derivedLeaves: derivedLeaves, inputLeaves: leaves))
        }
        let conflicts = licenceConflicts(derived: license, inputs: inputs)
        if !conflicts.isEmpty, try refusesLicenceConflicts(ctx: &ctx) {
            throw reject("LICENSE_CONFLICT", conflicts.map { "input \($0.input.hex): \($0.reason)" }.joined(separator: "; "))
        }

        let confirmations = a.contributors.map { $0.address == ctx.sender ? ContributionRecord.Confirmation.confirmed : .pending }
        let record = ContributionRecord(
            id: id, registrant: ctx.sender, height: ctx.block.height, timeMillis: ctx.block.timeMillis, registration: a,
            confirmations: confirmations, version: version,
            licenseConflict: conflicts.isEmpty ? nil
                : conflicts.map { "input \($0.input.hex): \($0.reason)" }.joined(separator: "; ").truncatedUTF8(maxBytes: RecordLimits.comment))
        try ContributionStore.save(record, ctx: &ctx)
        try ctx.write(ContributionKeys.byDigest(a.digest), id.bytes)
        for input in a.derivedFrom { try ctx.write(ContributionKeys.derived(parent: input, child: id), []) }
        for ref in a.references { try ctx.write(ContributionKeys.citedBy(cited: ref, citer: id), []) }
        for address in record.contributorAddresses { try ctx.write(ContributionKeys.byContributor(address, id), []) }
        // Reputation: the registrant's own entries are confirmed by registering but never count for it
        // (nobody else vouched for them); the others' count once they confirm (ReputationSource).
        if let prev = a.previousVersion { try ctx.write(ContributionKeys.nextVersion(previous: prev, next: id), []) }

        var attributes = [("id", id.hex), ("registrant", ctx.sender.bech32), ("kind", a.kind.name), ("version", String(version)),
                          ("digest", Hex.encode(a.digest))]
        if let prev = a.previousVersion { attributes.append(("previous_version", prev.hex)) }
        try ctx.emit(Event(kind: EventKind.registered, attributes: attributes))
        for c in conflicts {
            try ctx.emit(Event(kind: EventKind.licenceConflict, attributes: [("id", id.hex), ("input", c.input.hex), ("reason", c.reason)]))
        }
    }

    /// Whether `target` is `start` or one of its earlier versions (walks previous_version links).
    static func versionChain(from start: Hash, contains target: Hash, ctx: inout ExecutionContext) throws -> Bool {
        var current: Hash? = start
        var steps = 0
        while let c = current, steps <= Int(UInt32.max) {
            if c == target { return true }
            current = try ContributionStore.record(c, ctx: &ctx)?.registration.previousVersion
            steps += 1
        }
        return false
    }

    /// The data `contribution.admit` receives (Docs/POLICIES.md, "contribution.admit").
    static func admitData(_ a: RegisterContribution, sender: Address) -> JSONValue {
        var o = JSONObject()
        o.updateValue(.string(sender.bech32), forKey: "sender")
        o.updateValue(.array(a.contributors.compactMap(\.address).map { .string($0.bech32) }), forKey: "contributor_addresses")
        o.updateValue(.array(a.contributors.compactMap(\.orcid).map { .string($0) }), forKey: "contributor_orcids")
        o.updateValue(.array(a.contributors.compactMap(\.agent).map { .string($0.hex) }), forKey: "agents")
        o.updateValue(.string(a.kind.name), forKey: "kind")
        o.updateValue(.string(a.license), forKey: "license")
        o.updateValue(a.previousVersion.map { .string($0.hex) } ?? .null, forKey: "previous_version")
        o.updateValue(.array(a.derivedFrom.map { .string($0.hex) }), forKey: "derived_from")
        o.updateValue(.array(a.references.map { .string($0.hex) }), forKey: "references")
        o.updateValue(a.activity.map { .string(activityName($0.kind)) } ?? .null, forKey: "activity")
        return .object(o)
    }

    public static func activityName(_ k: ProvenanceActivity.Kind) -> String {
        switch k {
        case .collection: "collection"
        case .cleaning: "cleaning"
        case .analysis: "analysis"
        case .training: "training"
        case .simulation: "simulation"
        case .transformation: "transformation"
        case .other: "other"
        }
    }
}
