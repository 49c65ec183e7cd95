import LedgerCore

extension ContributionContract {
    /// `00 05`: when it holds the single byte 1, a licence conflict with an input refuses the
    /// registration (`LICENSE_CONFLICT`); otherwise (absent, the default) conflicts are only flagged.
    /// Set at genesis or by a governance parameter change.
    public static let refuseLicenceConflictsKey: [UInt8] = [StateKey.Contract.system.rawValue, 0x05]

    struct LicenceConflict {
        var input: Hash
        var reason: String
    }

    /// Conflicts between the derived licence and each input's licence, in input order
    /// (`LicenseCompatibility.check`; Docs/LICENSES.md). Unknown verdicts (custom licences) are not conflicts.
    static func licenceConflicts(derived: SPDXExpression, inputs: [ContributionRecord]) -> [LicenceConflict] {
        var out: [LicenceConflict] = []
        for input in inputs {
            // Stored licences were validated at registration.
            guard let inputLicence = try? SPDXExpression(parsing: input.registration.license) else { continue }
            if case let .conflict(reason) = LicenseCompatibility.check(input: inputLicence, derived: derived) {
                out.append(LicenceConflict(input: input.id, reason: "'\(derived.canonical)' derived from '\(inputLicence.canonical)': \(reason)"))
            }
        }
        return out
    }

    /// How many simple licences `LicenseCompatibility` visits in an expression: its leaves, with
    /// each `id+` counted as the versions it expands to.
    public static func licenceLeaves(_ e: SPDXExpression) -> UInt64 {
        switch e {
        case let .and(parts), let .or(parts): parts.reduce(0) { $0 + licenceLeaves($1) }
        case let .license(.listed(id, true), _): UInt64(max(1, LicenseTable.versions(from: id).count))
        case .license: 1
        }
    }

    static func refusesLicenceConflicts(ctx: inout ExecutionContext) throws -> Bool {
        try ctx.read(refuseLicenceConflictsKey) == [1]
    }
}
