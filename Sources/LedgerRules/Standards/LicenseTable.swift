/// The compatibility table: the terms of each classified licence and the version chains `+` expands
/// to. Mirrors Docs/LICENSES.md; change both together (a change is a consensus change).
///
/// Licences on the SPDX list but not here (GFDL, CeCILL, Artistic, LPPL, SSPL, BUSL …) are judged
/// `.unknown`: their conditions do not reduce to the four this table speaks, and a wrong "compatible"
/// recorded on chain is worse than no answer.
public enum LicenseTable {
    /// The terms of a listed licence (canonical id), or nil if it is not classified.
    public static func terms(of id: String) -> LicenseTerms? {
        if publicDomain.contains(id) { return LicenseTerms(attribution: false) }
        if gplIncompatibleAll.contains(id) { return LicenseTerms(attribution: true, incompatibleWith: gnuAll) }
        if gplIncompatibleV2.contains(id) { return LicenseTerms(attribution: true, incompatibleWith: gnuV2Only) }
        if permissive.contains(id) { return LicenseTerms(attribution: true) }
        for chain in ccChains {
            guard let index = chain.ids.firstIndex(of: id) else { continue }
            switch chain.kind {
            case .by: return LicenseTerms(attribution: true)
            case .nc: return LicenseTerms(attribution: true, nonCommercial: true)
            case .nd: return LicenseTerms(attribution: true, noDerivatives: true)
            case .ncnd: return LicenseTerms(attribution: true, nonCommercial: true, noDerivatives: true)
            case .sa:
                // Same or later version (the 2.0–4.0 SA licences allow "a later version of this
                // License with the same License Elements"); BY-SA 4.0 also lets adaptations go under
                // GPLv3 (Creative Commons' compatibility declaration of 2015).
                let later = Array(chain.ids[index...])
                return LicenseTerms(attribution: true, shareAlike: id == "CC-BY-SA-4.0" ? later + gpl3 : later)
            case .ncsa:
                return LicenseTerms(attribution: true, nonCommercial: true, shareAlike: Array(chain.ids[index...]))
            }
        }
        for (source, targets) in shareAlike where source == id {
            return LicenseTerms(attribution: true, shareAlike: targets)
        }
        return nil
    }

    /// The licences `id+` stands for: `id` and every later version of it this chain knows, oldest first.
    /// An id with no known successor stands for itself.
    public static func versions(from id: String) -> [String] {
        for chain in versionChains {
            if let index = chain.firstIndex(of: id) { return Array(chain[index...]) }
        }
        return [id]
    }

    // MARK: - Data

    /// Public-domain dedications and licences with no conditions at all.
    static let publicDomain = [
        "CC0-1.0", "CC-PDDC", "PDDL-1.0", "Unlicense", "0BSD", "MIT-0", "DL-DE-ZERO-2.0", "WTFPL",
    ]

    /// Permissive licences whose only condition is attribution / keeping the notice.
    static let permissive = [
        // data
        "ODC-By-1.0", "CDLA-Permissive-1.0", "CDLA-Permissive-2.0", "DL-DE-BY-2.0", "OGL-UK-3.0",
        "OGL-Canada-2.0", "etalab-2.0", "NLOD-2.0", "O-UDA-1.0",
        // software
        "MIT", "X11", "ISC", "Zlib", "BSL-1.0", "BSD-1-Clause", "BSD-2-Clause", "BSD-2-Clause-Patent",
        "BSD-3-Clause", "BSD-3-Clause-Clear", "NCSA", "PostgreSQL", "Python-2.0", "PSF-2.0", "UPL-1.0",
        "BlueOak-1.0.0", "EFL-2.0", "Unicode-DFS-2016", "Unicode-3.0", "curl", "libpng-2.0", "HPND", "NTP",
        "W3C", "ZPL-2.1", "MulanPSL-2.0", "Beerware", "CERN-OHL-P-2.0",
    ]

    /// Permissive, but the FSF finds their patent/indemnity terms incompatible with GPL version 2.
    static let gplIncompatibleV2 = ["Apache-2.0", "ECL-2.0"]
    /// Permissive, but with terms (advertising clause, Apache 1.1's naming clause, AFL's patent
    /// termination) the FSF finds incompatible with every GNU licence.
    static let gplIncompatibleAll = ["Apache-1.1", "BSD-4-Clause", "OpenSSL", "AFL-3.0"]

    static let gnuV2Only = ["GPL-1.0-only", "GPL-2.0-only", "LGPL-2.0-only", "LGPL-2.1-only", "AGPL-1.0-only"]
    static let gnuAll = [
        "GPL-1.0-only", "GPL-1.0-or-later", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later",
        "LGPL-2.0-only", "LGPL-2.0-or-later", "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later",
        "AGPL-1.0-only", "AGPL-1.0-or-later", "AGPL-3.0-only", "AGPL-3.0-or-later",
    ]

    static let gpl3 = ["GPL-3.0-only", "GPL-3.0-or-later"]
    static let agpl3 = ["AGPL-3.0-only", "AGPL-3.0-or-later"]
    /// GPL version 2 or any later: the targets LGPL 2.x may be converted to (LGPL 2.x section 3).
    static let gpl2Plus = ["GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later"]

    /// Share-alike/copyleft licences outside Creative Commons → the licences a derived work may carry.
    /// "-only" keeps the version; "-or-later" may pick any later one; GPLv3 section 13 allows
    /// combining with AGPLv3; MPL 2.0's "Secondary Licenses" are GPL-2.0+, LGPL-2.1+, AGPL-3.0+;
    /// EUPL 1.2's appendix names its compatible licences.
    static let shareAlike: [(String, [String])] = [
        ("GPL-1.0-only", ["GPL-1.0-only"]),
        ("GPL-1.0-or-later", ["GPL-1.0-only", "GPL-1.0-or-later", "GPL-2.0-only", "GPL-2.0-or-later"] + gpl3 + agpl3),
        ("GPL-2.0-only", ["GPL-2.0-only"]),
        ("GPL-2.0-or-later", gpl2Plus + agpl3),
        ("GPL-3.0-only", ["GPL-3.0-only", "AGPL-3.0-only"]),
        ("GPL-3.0-or-later", gpl3 + agpl3),
        ("AGPL-1.0-only", ["AGPL-1.0-only"]),
        ("AGPL-1.0-or-later", ["AGPL-1.0-only", "AGPL-1.0-or-later"] + agpl3),
        ("AGPL-3.0-only", ["AGPL-3.0-only"]),
        ("AGPL-3.0-or-later", agpl3),
        ("LGPL-2.0-only", ["LGPL-2.0-only"] + gpl2Plus),
        ("LGPL-2.0-or-later", ["LGPL-2.0-only", "LGPL-2.0-or-later", "LGPL-2.1-only", "LGPL-2.1-or-later",
                               "LGPL-3.0-only", "LGPL-3.0-or-later"] + gpl2Plus),
        ("LGPL-2.1-only", ["LGPL-2.1-only"] + gpl2Plus),
        ("LGPL-2.1-or-later", ["LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later"] + gpl2Plus),
        ("LGPL-3.0-only", ["LGPL-3.0-only", "GPL-3.0-only"]),
        ("LGPL-3.0-or-later", ["LGPL-3.0-only", "LGPL-3.0-or-later"] + gpl3),
        ("MPL-1.1", ["MPL-1.1", "MPL-2.0"]),
        ("MPL-2.0", ["MPL-2.0", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later",
                     "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later"] + agpl3),
        ("MPL-2.0-no-copyleft-exception", ["MPL-2.0-no-copyleft-exception"]),
        ("EPL-1.0", ["EPL-1.0", "EPL-2.0"]),
        ("EPL-2.0", ["EPL-2.0"]),
        ("EUPL-1.1", ["EUPL-1.1", "EUPL-1.2"]),
        ("EUPL-1.2", ["EUPL-1.2", "GPL-2.0-only", "GPL-3.0-only", "AGPL-3.0-only", "LGPL-2.1-only",
                      "LGPL-3.0-only", "MPL-2.0", "EPL-1.0", "OSL-3.0", "CC-BY-SA-3.0"]),
        ("CDDL-1.0", ["CDDL-1.0", "CDDL-1.1"]),
        ("CDDL-1.1", ["CDDL-1.1"]),
        ("OSL-3.0", ["OSL-3.0"]),
        ("MS-PL", ["MS-PL"]),
        ("MS-RL", ["MS-RL"]),
        ("OFL-1.1", ["OFL-1.1", "OFL-1.1-RFN", "OFL-1.1-no-RFN"]),
        ("OFL-1.1-RFN", ["OFL-1.1", "OFL-1.1-RFN", "OFL-1.1-no-RFN"]),
        ("OFL-1.1-no-RFN", ["OFL-1.1", "OFL-1.1-RFN", "OFL-1.1-no-RFN"]),
        ("CERN-OHL-W-2.0", ["CERN-OHL-W-2.0"]),
        ("CERN-OHL-S-2.0", ["CERN-OHL-S-2.0"]),
        // data
        ("ODbL-1.0", ["ODbL-1.0"]),
        ("CDLA-Sharing-1.0", ["CDLA-Sharing-1.0"]),
    ]

    enum CCKind { case by, sa, nc, ncsa, nd, ncnd }

    static let ccChains: [(kind: CCKind, ids: [String])] = [
        (.by, ccChain("CC-BY")), (.sa, ccChain("CC-BY-SA")), (.nc, ccChain("CC-BY-NC")),
        (.ncsa, ccChain("CC-BY-NC-SA")), (.nd, ccChain("CC-BY-ND")), (.ncnd, ccChain("CC-BY-NC-ND")),
    ]

    private static func ccChain(_ stem: String) -> [String] {
        ["2.0", "2.5", "3.0", "4.0"].map { stem + "-" + $0 }
    }

    /// Successive versions, oldest first: what `+` ("this version or any later") ranges over.
    static let versionChains: [[String]] = ccChains.map(\.ids) + [
        ["GPL-1.0-only", "GPL-2.0-only", "GPL-3.0-only"],
        ["GPL-1.0-or-later", "GPL-2.0-or-later", "GPL-3.0-or-later"],
        ["LGPL-2.0-only", "LGPL-2.1-only", "LGPL-3.0-only"],
        ["LGPL-2.0-or-later", "LGPL-2.1-or-later", "LGPL-3.0-or-later"],
        ["AGPL-1.0-only", "AGPL-3.0-only"],
        ["AGPL-1.0-or-later", "AGPL-3.0-or-later"],
        ["GFDL-1.2-only", "GFDL-1.3-only"],
        ["GFDL-1.2-or-later", "GFDL-1.3-or-later"],
        ["MPL-1.1", "MPL-2.0"],
        ["EPL-1.0", "EPL-2.0"],
        ["EUPL-1.1", "EUPL-1.2"],
        ["CDDL-1.0", "CDDL-1.1"],
        ["Apache-1.1", "Apache-2.0"],
        ["Artistic-1.0", "Artistic-2.0"],
        ["CDLA-Permissive-1.0", "CDLA-Permissive-2.0"],
    ]
}
