import LedgerRules
import Testing

@Suite("Standards: licence compatibility")
struct LicenseCompatibilityTests {
    static func verdict(_ input: String, _ derived: String) throws -> LicenseVerdict {
        LicenseCompatibility.check(input: try SPDXExpression(parsing: input), derived: try SPDXExpression(parsing: derived))
    }

    static func isConflict(_ v: LicenseVerdict) -> Bool { if case .conflict = v { true } else { false } }
    static func isUnknown(_ v: LicenseVerdict) -> Bool { if case .unknown = v { true } else { false } }

    @Test("every id in the table is on the SPDX list")
    func tableIDsAreListed() {
        for id in SPDXLicenseList.licenses {
            guard let terms = LicenseTable.terms(of: id) else { continue }
            for target in (terms.shareAlike ?? []) + terms.incompatibleWith {
                #expect(SPDXLicenseList.license(matching: target) == target, "\(id) → \(target)")
            }
        }
        // No share-alike licence forgets to allow itself.
        for id in SPDXLicenseList.licenses {
            if let targets = LicenseTable.terms(of: id)?.shareAlike { #expect(targets.contains(id), "\(id)") }
        }
    }

    @Test("permissive inputs allow anything, noting attribution", arguments: [
        ("CC0-1.0", false), ("PDDL-1.0", false), ("Unlicense", false), ("CC-BY-4.0", true), ("MIT", true),
        ("BSD-3-Clause", true), ("ODC-By-1.0", true), ("CDLA-Permissive-2.0", true), ("Apache-2.0", true),
    ])
    func permissive(_ input: String, _ attribution: Bool) throws {
        for derived in ["CC-BY-NC-ND-4.0", "GPL-3.0-only", "LicenseRef-Proprietary", "MIT OR CC-BY-SA-4.0", "CC0-1.0"] {
            #expect(try Self.verdict(input, derived) == .compatible(attribution: attribution), "\(input) → \(derived)")
        }
    }

    @Test("NC inputs need an NC derived licence")
    func nonCommercial() throws {
        #expect(try Self.verdict("CC-BY-NC-4.0", "CC-BY-NC-4.0") == .compatible(attribution: true))
        #expect(try Self.verdict("CC-BY-NC-4.0", "CC-BY-NC-SA-4.0").isCompatible)
        #expect(try Self.verdict("CC-BY-NC-3.0", "CC-BY-NC-ND-4.0").isCompatible)
        let conflict = try Self.verdict("CC-BY-NC-4.0", "CC-BY-4.0")
        #expect(Self.isConflict(conflict))
        #expect(conflict.description.contains("non-commercial"))
        #expect(Self.isConflict(try Self.verdict("CC-BY-NC-4.0", "MIT")))
        #expect(Self.isUnknown(try Self.verdict("CC-BY-NC-4.0", "LicenseRef-lab-terms")))
        #expect(Self.isUnknown(try Self.verdict("CC-BY-NC-4.0", "GFDL-1.3-only")))
    }

    @Test("ND inputs allow no derivative under any licence")
    func noDerivatives() throws {
        for input in ["CC-BY-ND-4.0", "CC-BY-NC-ND-4.0", "CC-BY-ND-2.0"] {
            for derived in ["CC-BY-ND-4.0", "CC-BY-NC-ND-4.0", "CC0-1.0", "LicenseRef-x"] {
                let v = try Self.verdict(input, derived)
                #expect(Self.isConflict(v), "\(input) → \(derived)")
                #expect(v.description.contains("no derivatives"))
            }
        }
    }

    @Test("SA inputs need the same or a compatible share-alike licence")
    func shareAlike() throws {
        #expect(try Self.verdict("CC-BY-SA-4.0", "CC-BY-SA-4.0") == .compatible(attribution: true))
        #expect(try Self.verdict("CC-BY-SA-3.0", "CC-BY-SA-4.0").isCompatible)
        #expect(Self.isConflict(try Self.verdict("CC-BY-SA-4.0", "CC-BY-SA-3.0")))
        #expect(try Self.verdict("CC-BY-SA-4.0", "GPL-3.0-or-later").isCompatible)
        #expect(Self.isConflict(try Self.verdict("CC-BY-SA-4.0", "CC-BY-4.0")))
        #expect(Self.isConflict(try Self.verdict("CC-BY-SA-4.0", "CC-BY-NC-SA-4.0")))
        #expect(try Self.verdict("CC-BY-NC-SA-3.0", "CC-BY-NC-SA-4.0").isCompatible)
        #expect(Self.isConflict(try Self.verdict("CC-BY-NC-SA-4.0", "CC-BY-SA-4.0")))
        #expect(try Self.verdict("ODbL-1.0", "ODbL-1.0").isCompatible)
        #expect(Self.isConflict(try Self.verdict("ODbL-1.0", "CC-BY-SA-4.0")))
        #expect(try Self.verdict("CDLA-Sharing-1.0", "CDLA-Sharing-1.0").isCompatible)
        #expect(Self.isConflict(try Self.verdict("CDLA-Sharing-1.0", "CDLA-Permissive-2.0")))
        #expect(Self.isUnknown(try Self.verdict("CC-BY-SA-4.0", "LicenseRef-x")))
        let reason = try Self.verdict("CC-BY-SA-4.0", "MIT").description
        #expect(reason.contains("share-alike") && reason.contains("'MIT'"))
    }

    @Test("GPL family: -only keeps the version, -or-later may move up, v3 may join AGPLv3")
    func gpl() throws {
        #expect(try Self.verdict("GPL-2.0-only", "GPL-2.0-only").isCompatible)
        #expect(Self.isConflict(try Self.verdict("GPL-2.0-only", "GPL-3.0-only")))
        #expect(Self.isConflict(try Self.verdict("GPL-2.0-only", "GPL-2.0-or-later")))
        #expect(try Self.verdict("GPL-2.0-or-later", "GPL-3.0-only").isCompatible)
        #expect(try Self.verdict("GPL-3.0-only", "AGPL-3.0-only").isCompatible)
        #expect(Self.isConflict(try Self.verdict("AGPL-3.0-only", "GPL-3.0-only")))
        #expect(try Self.verdict("LGPL-2.1-only", "GPL-2.0-only").isCompatible)
        #expect(Self.isConflict(try Self.verdict("GPL-3.0-or-later", "MIT")))
        #expect(try Self.verdict("MPL-2.0", "GPL-3.0-or-later").isCompatible)
        #expect(Self.isConflict(try Self.verdict("MPL-2.0-no-copyleft-exception", "GPL-3.0-or-later")))
    }

    @Test("the FSF's known permissive/GPL conflicts")
    func knownConflicts() throws {
        #expect(Self.isConflict(try Self.verdict("Apache-2.0", "GPL-2.0-only")))
        #expect(try Self.verdict("Apache-2.0", "GPL-3.0-only").isCompatible)
        #expect(Self.isConflict(try Self.verdict("BSD-4-Clause", "GPL-3.0-or-later")))
        #expect(try Self.verdict("BSD-4-Clause", "MIT").isCompatible)
    }

    @Test("custom and unclassified inputs are unknown")
    func unknownInputs() throws {
        #expect(Self.isUnknown(try Self.verdict("LicenseRef-lab", "MIT")))
        #expect(Self.isUnknown(try Self.verdict("DocumentRef-d:LicenseRef-lab", "CC0-1.0")))
        #expect(Self.isUnknown(try Self.verdict("SSPL-1.0", "SSPL-1.0")))
        #expect(Self.isUnknown(try Self.verdict("Artistic-2.0", "Artistic-2.0")))
    }

    @Test("OR input: any alternative; AND input: all parts")
    func compoundInput() throws {
        #expect(try Self.verdict("CC-BY-NC-4.0 OR MIT", "CC-BY-4.0") == .compatible(attribution: true))
        #expect(try Self.verdict("CC0-1.0 OR MIT", "GPL-3.0-only") == .compatible(attribution: false))
        #expect(Self.isConflict(try Self.verdict("CC-BY-NC-4.0 OR CC-BY-ND-4.0", "CC-BY-4.0")))
        #expect(Self.isUnknown(try Self.verdict("CC-BY-ND-4.0 OR LicenseRef-x", "CC-BY-4.0")))
        #expect(Self.isConflict(try Self.verdict("MIT AND CC-BY-NC-4.0", "CC-BY-4.0")))
        #expect(try Self.verdict("MIT AND CC-BY-NC-4.0", "CC-BY-NC-4.0").isCompatible)
        // AND input: a conflict outranks an unknown.
        #expect(Self.isConflict(try Self.verdict("LicenseRef-x AND CC-BY-ND-4.0", "MIT")))
    }

    @Test("derived side: every alternative and every part must be compatible (conservative)")
    func compoundDerived() throws {
        #expect(Self.isConflict(try Self.verdict("CC-BY-SA-4.0", "CC-BY-SA-4.0 OR MIT")))
        #expect(try Self.verdict("CC-BY-SA-4.0", "CC-BY-SA-4.0 OR GPL-3.0-only").isCompatible)
        #expect(Self.isConflict(try Self.verdict("CC-BY-NC-4.0", "CC-BY-NC-4.0 AND MIT")))
        // Input alternatives are chosen once for the whole derived expression.
        #expect(try Self.verdict("GPL-2.0-only OR CC-BY-SA-4.0", "CC-BY-SA-4.0 OR GPL-3.0-only").isCompatible)
        #expect(Self.isConflict(try Self.verdict("GPL-2.0-only OR ODbL-1.0", "GPL-2.0-only OR ODbL-1.0")))
    }

    @Test("+ expands to later versions: OR on the input, AND on the derived side")
    func orLater() throws {
        #expect(try Self.verdict("GPL-2.0-only+", "GPL-3.0-only").isCompatible)
        #expect(try Self.verdict("CC-BY-SA-3.0+", "GPL-3.0-only").isCompatible)
        #expect(Self.isConflict(try Self.verdict("CC-BY-SA-3.0", "GPL-3.0-only")))
        #expect(try Self.verdict("CC-BY-SA-3.0", "CC-BY-SA-3.0+").isCompatible)
        #expect(Self.isConflict(try Self.verdict("GPL-2.0-only", "GPL-2.0-only+")))
        #expect(Self.isConflict(try Self.verdict("CC-BY-NC-4.0", "CC-BY-3.0+")))
    }

    @Test("WITH: input exceptions turn conflicts into unknown; derived exceptions on copyleft are unknown")
    func exceptions() throws {
        #expect(try Self.verdict("GPL-2.0-only WITH Classpath-exception-2.0", "GPL-2.0-only").isCompatible)
        #expect(Self.isUnknown(try Self.verdict("GPL-2.0-only WITH Classpath-exception-2.0", "MIT")))
        #expect(Self.isUnknown(try Self.verdict("GPL-2.0-only", "GPL-2.0-only WITH Classpath-exception-2.0")))
        #expect(try Self.verdict("MIT", "GPL-2.0-only WITH Classpath-exception-2.0").isCompatible)
        #expect(try Self.verdict("CC-BY-NC-4.0", "CC-BY-NC-4.0").isCompatible)
    }

    @Test("combined inputs: all must be compatible; the failing input is named")
    func combined() throws {
        let inputs = try ["CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0"].map { try SPDXExpression(parsing: $0) }
        #expect(LicenseCompatibility.combined(inputs: inputs, derived: try SPDXExpression(parsing: "CC-BY-SA-4.0")) == .compatible(attribution: true))
        let v = LicenseCompatibility.combined(inputs: inputs, derived: try SPDXExpression(parsing: "CC-BY-4.0"))
        #expect(Self.isConflict(v))
        #expect(v.description.contains("input 2 ('CC-BY-SA-4.0')"))
        #expect(LicenseCompatibility.combined(inputs: [], derived: try SPDXExpression(parsing: "MIT")) == .compatible(attribution: false))
        let clash = try ["CC-BY-SA-4.0", "CC-BY-NC-4.0"].map { try SPDXExpression(parsing: $0) }
        for derived in ["CC-BY-SA-4.0", "CC-BY-NC-SA-4.0", "CC-BY-NC-4.0"] {
            #expect(Self.isConflict(LicenseCompatibility.combined(inputs: clash, derived: try SPDXExpression(parsing: derived))))
        }
        let unknown = try ["LicenseRef-a", "CC-BY-4.0"].map { try SPDXExpression(parsing: $0) }
        #expect(LicenseCompatibility.combined(inputs: unknown, derived: try SPDXExpression(parsing: "MIT")).code == "LICENSE_UNKNOWN")
    }

    @Test("deterministic: the same question gives the same verdict and reason")
    func deterministic() throws {
        let pairs = [("CC-BY-NC-4.0 OR CC-BY-ND-4.0", "CC-BY-4.0 AND MIT"), ("GPL-2.0-only OR ODbL-1.0", "GPL-2.0-only OR ODbL-1.0")]
        for (i, d) in pairs {
            let first = try Self.verdict(i, d)
            for _ in 0..<20 { #expect(try Self.verdict(i, d) == first) }
        }
    }
}
