/// The SPDX licence and exception identifiers this chain recognises, embedded as data.
///
/// Why embedded and why a subset: validators must agree byte for byte on which expressions are
/// valid, so the list cannot be fetched at run time, and it must not change silently with a library
/// update. It holds the identifiers research outputs actually use (every Creative Commons 2.0–4.0
/// variant, CC0, the common open-source, open-data and font licences), in SPDX's canonical casing,
/// without deprecated ids (`GPL-2.0`, `GPL-2.0+` …; the parser suggests their replacements).
/// Anything else can still be recorded as `LicenseRef-…`. Adding an id later is a consensus change:
/// it makes previously refused expressions valid, so it ships with a protocol version bump.
public enum SPDXLicenseList {
    /// Licence identifiers, canonical casing (SPDX License List, non-deprecated entries).
    public static let licenses: [String] = [
        // Creative Commons and public-domain dedications
        "CC0-1.0", "CC-PDDC",
        "CC-BY-2.0", "CC-BY-2.5", "CC-BY-3.0", "CC-BY-4.0",
        "CC-BY-SA-2.0", "CC-BY-SA-2.5", "CC-BY-SA-3.0", "CC-BY-SA-4.0",
        "CC-BY-NC-2.0", "CC-BY-NC-2.5", "CC-BY-NC-3.0", "CC-BY-NC-4.0",
        "CC-BY-NC-SA-2.0", "CC-BY-NC-SA-2.5", "CC-BY-NC-SA-3.0", "CC-BY-NC-SA-4.0",
        "CC-BY-ND-2.0", "CC-BY-ND-2.5", "CC-BY-ND-3.0", "CC-BY-ND-4.0",
        "CC-BY-NC-ND-2.0", "CC-BY-NC-ND-2.5", "CC-BY-NC-ND-3.0", "CC-BY-NC-ND-4.0",
        // Open data
        "ODbL-1.0", "ODC-By-1.0", "PDDL-1.0",
        "CDLA-Permissive-1.0", "CDLA-Permissive-2.0", "CDLA-Sharing-1.0",
        "C-UDA-1.0", "O-UDA-1.0",
        "DL-DE-BY-2.0", "DL-DE-ZERO-2.0", "OGL-UK-3.0", "OGL-Canada-2.0", "etalab-2.0", "NLOD-2.0",
        // Permissive software
        "0BSD", "MIT", "MIT-0", "X11", "ISC", "Zlib", "BSL-1.0", "Unlicense", "WTFPL",
        "Apache-1.1", "Apache-2.0", "ECL-2.0",
        "BSD-1-Clause", "BSD-2-Clause", "BSD-2-Clause-Patent", "BSD-3-Clause", "BSD-3-Clause-Clear", "BSD-4-Clause",
        "NCSA", "PostgreSQL", "Python-2.0", "PSF-2.0", "UPL-1.0", "BlueOak-1.0.0", "AFL-3.0", "EFL-2.0",
        "Unicode-DFS-2016", "Unicode-3.0", "curl", "libpng-2.0", "HPND", "NTP", "W3C",
        "ZPL-2.1", "MulanPSL-2.0", "Beerware", "FSFAP", "OpenSSL", "JSON", "Vim", "Ruby", "PHP-3.01",
        "Artistic-1.0", "Artistic-2.0", "AAL",
        // Copyleft software (GNU family)
        "GPL-1.0-only", "GPL-1.0-or-later", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later",
        "LGPL-2.0-only", "LGPL-2.0-or-later", "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later",
        "AGPL-1.0-only", "AGPL-1.0-or-later", "AGPL-3.0-only", "AGPL-3.0-or-later",
        "GFDL-1.2-only", "GFDL-1.2-or-later", "GFDL-1.3-only", "GFDL-1.3-or-later",
        // Other copyleft software
        "MPL-1.1", "MPL-2.0", "MPL-2.0-no-copyleft-exception", "EPL-1.0", "EPL-2.0", "CPL-1.0", "IPL-1.0",
        "EUPL-1.1", "EUPL-1.2", "CDDL-1.0", "CDDL-1.1", "OSL-3.0", "MS-PL", "MS-RL",
        "CECILL-2.1", "CECILL-B", "CECILL-C", "LPPL-1.3c",
        // Fonts and hardware
        "OFL-1.1", "OFL-1.1-RFN", "OFL-1.1-no-RFN",
        "CERN-OHL-P-2.0", "CERN-OHL-W-2.0", "CERN-OHL-S-2.0", "TAPR-OHL-1.0",
        // Source-available (listed so they can be recorded; not open licences)
        "SSPL-1.0", "BUSL-1.1", "Elastic-2.0", "Hippocratic-2.1",
    ]

    /// Licence exception identifiers (the `WITH` operand), canonical casing.
    public static let exceptions: [String] = [
        "389-exception", "Autoconf-exception-2.0", "Autoconf-exception-3.0", "Bison-exception-2.2",
        "Bootloader-exception", "Classpath-exception-2.0", "CLISP-exception-2.0", "eCos-exception-2.0",
        "FLTK-exception", "Font-exception-2.0", "freertos-exception-2.0", "GCC-exception-2.0",
        "GCC-exception-3.1", "GPL-3.0-linking-exception", "GPL-3.0-linking-source-exception",
        "Libtool-exception", "Linux-syscall-note", "LLVM-exception", "LGPL-3.0-linking-exception",
        "OCaml-LGPL-linking-exception", "OpenJDK-assembly-exception-1.0", "Qt-GPL-exception-1.0",
        "Qt-LGPL-exception-1.1", "Swift-exception", "u-boot-exception-2.0", "Universal-FOSS-exception-1.0",
        "WxWindows-exception-3.1",
    ]

    /// Deprecated GNU ids: the id without a suffix → the replacement (`…-only`); with `+` → `…-or-later`.
    static let deprecatedGNU: [String] = [
        "GPL-1.0", "GPL-2.0", "GPL-3.0", "LGPL-2.0", "LGPL-2.1", "LGPL-3.0", "AGPL-1.0", "AGPL-3.0",
        "GFDL-1.2", "GFDL-1.3",
    ]

    private static let licenseIndex: [String: String] = index(licenses)
    private static let exceptionIndex: [String: String] = index(exceptions)

    /// The canonical spelling of a listed licence id, matched ASCII-case-insensitively (as SPDX requires).
    public static func license(matching id: String) -> String? { licenseIndex[asciiLowercased(id)] }

    /// The canonical spelling of a listed exception id, matched ASCII-case-insensitively.
    public static func exception(matching id: String) -> String? { exceptionIndex[asciiLowercased(id)] }

    /// A replacement for a deprecated id, or nil. `orLater` is whether the id carried a `+`.
    public static func replacement(forDeprecated id: String, orLater: Bool) -> String? {
        let lower = asciiLowercased(id)
        for old in deprecatedGNU where asciiLowercased(old) == lower {
            return old + (orLater ? "-or-later" : "-only")
        }
        return nil
    }

    /// Lookups only (never iterated), so the dictionary's unordered iteration cannot leak into results.
    private static func index(_ ids: [String]) -> [String: String] {
        var out = [String: String]()
        for id in ids { out[asciiLowercased(id)] = id }
        return out
    }

    /// ASCII-only lower-casing: byte-exact on every platform and Swift version, unlike
    /// `String.lowercased()`, whose Unicode tables change between releases.
    static func asciiLowercased(_ s: String) -> String {
        String(decoding: s.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}

extension SPDXLicenseList {
    /// ASCII-only upper-casing, for messages.
    static func asciiUppercased(_ s: String) -> String {
        String(decoding: s.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
    }
}
