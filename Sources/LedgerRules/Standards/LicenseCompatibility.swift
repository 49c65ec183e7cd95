/// The answer to "may a work under licence D be derived from an input under licence I?".
public enum LicenseVerdict: Hashable, Sendable, CustomStringConvertible {
    /// Allowed. `attribution` is true when the input's licence requires crediting the input.
    case compatible(attribution: Bool)
    /// Not allowed, and why.
    case conflict(String)
    /// The table cannot judge (a `LicenseRef-`, an unclassified licence, an exception's effect), and why.
    case unknown(String)

    public var isCompatible: Bool {
        if case .compatible = self { return true }
        return false
    }

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .compatible: "LICENSE_COMPATIBLE"
        case .conflict: "LICENSE_CONFLICT"
        case .unknown: "LICENSE_UNKNOWN"
        }
    }

    public var description: String {
        switch self {
        case .compatible(true): "compatible (attribution required)"
        case .compatible(false): "compatible"
        case let .conflict(reason): "conflict: " + reason
        case let .unknown(reason): "unknown: " + reason
        }
    }
}

/// Decides, deterministically, whether a derived work may carry licence D given its inputs'
/// licences — policy as a value, so a contract can refuse, warn or accept as governance decides.
///
/// The rules (Docs/LICENSES.md has the same in prose and as a table):
/// 1. A `LicenseRef-` input, or a listed licence not in `LicenseTable`, is `.unknown`.
/// 2. No-derivatives inputs (CC BY-ND, CC BY-NC-ND) conflict with every derived licence.
/// 3. Share-alike inputs require D to be one of the licences `LicenseTerms.shareAlike` lists.
/// 4. Non-commercial inputs require D to be non-commercial too.
/// 5. Permissive inputs allow any D (a `LicenseRef-` too), except the few pairs in
///    `incompatibleWith`; `attribution` says whether credit is owed.
///
/// Compound expressions, with the order of evaluation that makes the answer well defined:
/// - the input side is expanded first: `I1 OR I2` is compatible if some alternative is (the re-user
///   picks one), `I1 AND I2` only if all are; `I+` is the OR of `I` and its later versions;
/// - then every part of the derived side must be compatible, for `AND` *and* `OR` (conservative:
///   a recipient may pick any `OR` alternative, and we cannot tell which `AND` part holds the
///   input); `D+` is the AND of `D` and its later versions known to the table;
/// - `WITH` on the input only adds permissions: the base licence is judged, and a conflict becomes
///   `.unknown` because the exception might allow it. `WITH` on the derived side is `.unknown` for
///   share-alike inputs (adding permissions to copyleft material is not generally allowed) and is
///   otherwise judged by its base licence.
/// Combining: a conflict outranks unknown, which outranks compatible (for AND); for OR any compatible
/// alternative wins, then unknown, then conflict. Reasons keep the order of the expression.
public enum LicenseCompatibility {
    /// Whether a work under `derived` may be derived from an input under `input`.
    public static func check(input: SPDXExpression, derived: SPDXExpression) -> LicenseVerdict {
        switch input {
        case let .or(alternatives):
            return anyOf(alternatives.map { check(input: $0, derived: derived) })
        case let .and(parts):
            return allOf(parts.map { check(input: $0, derived: derived) })
        case let .license(.reference(document, id), _):
            let name = SPDXLicense.reference(document: document, id: id).description
            return .unknown("the input licence '\(name)' is custom; its terms cannot be judged")
        case let .license(.listed(id, orLater), exception):
            let versions = orLater ? LicenseTable.versions(from: id) : [id]
            return anyOf(versions.map { checkListedInput($0, exception: exception, derived: derived) })
        }
    }

    /// Whether a work under `derived` may be derived from all of `inputs` at once. A conflict or
    /// unknown names the input (0-based index and expression) it comes from. No inputs: compatible.
    public static func combined(inputs: [SPDXExpression], derived: SPDXExpression) -> LicenseVerdict {
        allOf(inputs.enumerated().map { index, input in
            switch check(input: input, derived: derived) {
            case let .conflict(reason): .conflict("input \(index) ('\(input.canonical)'): \(reason)")
            case let .unknown(reason): .unknown("input \(index) ('\(input.canonical)'): \(reason)")
            case let verdict: verdict
            }
        })
    }

    // MARK: - One listed input licence

    private static func checkListedInput(_ id: String, exception: SPDXException?, derived: SPDXExpression) -> LicenseVerdict {
        guard let terms = LicenseTable.terms(of: id) else {
            return .unknown("'\(id)' is not in the licence compatibility table")
        }
        if terms.noDerivatives {
            return .conflict("'\(id)' allows no derivatives")
        }
        if terms.isPermissive {
            return .compatible(attribution: terms.attribution)
        }
        let verdict = forEachDerived(derived) { derivedLicense, derivedException in
            checkPair(input: id, terms: terms, derived: derivedLicense, derivedException: derivedException)
        }
        if let exception, case let .conflict(reason) = verdict {
            return .unknown("\(reason), but the exception '\(exception)' to '\(id)' may allow it")
        }
        return verdict
    }

    /// Applies `rule` to every simple licence of the derived expression; all must be compatible.
    private static func forEachDerived(
        _ derived: SPDXExpression, _ rule: (SPDXLicense, SPDXException?) -> LicenseVerdict
    ) -> LicenseVerdict {
        switch derived {
        case let .and(parts), let .or(parts):
            return allOf(parts.map { forEachDerived($0, rule) })
        case let .license(.listed(id, true), exception):
            return allOf(LicenseTable.versions(from: id).map { rule(.listed(id: $0, orLater: false), exception) })
        case let .license(license, exception):
            return rule(license, exception)
        }
    }

    private static func checkPair(input: String, terms: LicenseTerms, derived: SPDXLicense,
                                  derivedException: SPDXException?) -> LicenseVerdict {
        guard case let .listed(d, _) = derived else {
            // A custom licence cannot be one of the GNU ids in `incompatibleWith`; it can only fail
            // to meet share-alike or non-commercial conditions, which cannot be judged.
            if terms.shareAlike == nil && !terms.nonCommercial { return .compatible(attribution: terms.attribution) }
            return .unknown("the derived licence '\(derived)' is custom; cannot tell whether it meets the conditions of '\(input)'")
        }
        if let targets = terms.shareAlike {
            guard targets.contains(d) else {
                return .conflict("'\(input)' is share-alike: a derived work must be under \(targets.joined(separator: ", ")), not '\(d)'")
            }
            if let derivedException {
                return .unknown("'\(d) WITH \(derivedException)' adds permissions that the share-alike licence '\(input)' may not allow")
            }
            return .compatible(attribution: terms.attribution)
        }
        if terms.nonCommercial {
            guard let derivedTerms = LicenseTable.terms(of: d) else {
                return .unknown("'\(d)' is not in the licence compatibility table; cannot tell whether it keeps the non-commercial condition of '\(input)'")
            }
            guard derivedTerms.nonCommercial else {
                return .conflict("'\(input)' is non-commercial: a derived work must be non-commercial too, and '\(d)' is not")
            }
            return .compatible(attribution: terms.attribution)
        }
        if terms.incompatibleWith.contains(d) {
            return .conflict("the FSF finds the terms of '\(input)' incompatible with '\(d)'")
        }
        return .compatible(attribution: terms.attribution)
    }

    // MARK: - Combining verdicts

    /// All must hold: the first conflict, else the first unknown, else compatible (attribution if any needs it).
    static func allOf(_ verdicts: [LicenseVerdict]) -> LicenseVerdict {
        var attribution = false
        var firstUnknown: LicenseVerdict?
        for verdict in verdicts {
            switch verdict {
            case .conflict: return verdict
            case .unknown: if firstUnknown == nil { firstUnknown = verdict }
            case let .compatible(a): attribution = attribution || a
            }
        }
        return firstUnknown ?? .compatible(attribution: attribution)
    }

    /// One must hold: compatible if any is (attribution only if every compatible choice needs it),
    /// else the first unknown, else a conflict listing every reason.
    static func anyOf(_ verdicts: [LicenseVerdict]) -> LicenseVerdict {
        if verdicts.count == 1 { return verdicts[0] }
        var compatibleAttribution: Bool?
        var firstUnknown: LicenseVerdict?
        var reasons = [String]()
        for verdict in verdicts {
            switch verdict {
            case let .compatible(a): compatibleAttribution = (compatibleAttribution ?? true) && a
            case .unknown: if firstUnknown == nil { firstUnknown = verdict }
            case let .conflict(reason): reasons.append(reason)
            }
        }
        if let compatibleAttribution { return .compatible(attribution: compatibleAttribution) }
        return firstUnknown ?? .conflict("no alternative is compatible: " + reasons.joined(separator: "; "))
    }
}
