import LedgerRules
import Testing

@Suite("Standards: SPDX licence expressions")
struct SPDXExpressionTests {
    static func canonical(_ text: String) throws -> String { try SPDXExpression(parsing: text).canonical }

    @Test("the embedded lists have no duplicates, even ignoring case, and hold the required ids")
    func lists() {
        let lower = SPDXLicenseList.licenses.map { String(decoding: $0.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self) }
        #expect(Set(lower).count == SPDXLicenseList.licenses.count)
        #expect(SPDXLicenseList.licenses.count >= 80)
        #expect(Set(SPDXLicenseList.exceptions).count == SPDXLicenseList.exceptions.count)
        let required = [
            "CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0",
            "CC-BY-NC-ND-4.0", "CC-BY-3.0", "MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "GPL-2.0-only",
            "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later", "LGPL-2.1-only", "LGPL-2.1-or-later",
            "LGPL-3.0-only", "LGPL-3.0-or-later", "AGPL-3.0-only", "AGPL-3.0-or-later", "MPL-2.0", "EPL-2.0",
            "ISC", "Unlicense", "Zlib", "BSL-1.0", "ODbL-1.0", "ODC-By-1.0", "PDDL-1.0", "CDLA-Permissive-2.0",
            "CDLA-Sharing-1.0", "OFL-1.1", "Artistic-2.0", "EUPL-1.2",
        ]
        for id in required { #expect(SPDXLicenseList.license(matching: id) == id, "\(id)") }
        for id in ["Classpath-exception-2.0", "LLVM-exception", "GCC-exception-3.1"] {
            #expect(SPDXLicenseList.exception(matching: id) == id)
        }
    }

    @Test("simple ids, case-insensitively, in canonical casing")
    func simple() throws {
        #expect(try Self.canonical("MIT") == "MIT")
        #expect(try Self.canonical("mit") == "MIT")
        #expect(try Self.canonical("cc-by-4.0") == "CC-BY-4.0")
        #expect(try Self.canonical("ETALAB-2.0") == "etalab-2.0")
        #expect(try Self.canonical("  Apache-2.0\t") == "Apache-2.0")
        #expect(try SPDXExpression(parsing: "mit") == .license(.listed(id: "MIT", orLater: false), exception: nil))
    }

    @Test("the + suffix")
    func plus() throws {
        #expect(try SPDXExpression(parsing: "cc-by-sa-3.0+") == .license(.listed(id: "CC-BY-SA-3.0", orLater: true), exception: nil))
        #expect(try Self.canonical("LGPL-2.1-only+") == "LGPL-2.1-only+")
        #expect(throws: SPDXError.misplacedPlus(offset: 4)) { try SPDXExpression(parsing: "MIT + Apache-2.0") }
        #expect(throws: SPDXError.misplacedPlus(offset: 14)) { try SPDXExpression(parsing: "LicenseRef-foo+") }
    }

    @Test("WITH exceptions: canonical casing, precedence over AND")
    func withCanonical() throws {
        let e = try SPDXExpression(parsing: "gpl-2.0-or-later WITH classpath-exception-2.0")
        #expect(e == .license(.listed(id: "GPL-2.0-or-later", orLater: false), exception: .listed("Classpath-exception-2.0")))
        #expect(e.canonical == "GPL-2.0-or-later WITH Classpath-exception-2.0")
        #expect(try Self.canonical("Apache-2.0 WITH LLVM-exception AND MIT") == "Apache-2.0 WITH LLVM-exception AND MIT")
        #expect(try Self.canonical("GPL-3.0-or-later+ WITH GCC-exception-3.1") == "GPL-3.0-or-later+ WITH GCC-exception-3.1")
        #expect(try Self.canonical("GPL-2.0-only WITH AdditionRef-my-exception") == "GPL-2.0-only WITH AdditionRef-my-exception")
        #expect(throws: SPDXError.unknownException("Foo-exception")) { try SPDXExpression(parsing: "MIT WITH Foo-exception") }
        #expect(throws: SPDXError.licenseAsException("MIT")) { try SPDXExpression(parsing: "GPL-2.0-only WITH MIT") }
        #expect(throws: SPDXError.exceptionAsLicense("LLVM-exception")) { try SPDXExpression(parsing: "LLVM-exception") }
        #expect(throws: SPDXError.unexpectedEnd(expected: "an exception id after WITH")) { try SPDXExpression(parsing: "MIT WITH") }
        #expect(throws: SPDXError.self) { try SPDXExpression(parsing: "(MIT) WITH LLVM-exception") }
        #expect(throws: SPDXError.self) { try SPDXExpression(parsing: "MIT WITH LLVM-exception WITH LLVM-exception") }
    }

    @Test("AND binds tighter than OR")
    func precedence() throws {
        let e = try SPDXExpression(parsing: "MIT OR Apache-2.0 AND BSD-3-Clause")
        let mit = SPDXExpression.license(.listed(id: "MIT", orLater: false), exception: nil)
        let apache = SPDXExpression.license(.listed(id: "Apache-2.0", orLater: false), exception: nil)
        let bsd = SPDXExpression.license(.listed(id: "BSD-3-Clause", orLater: false), exception: nil)
        #expect(e == .or([mit, .and([apache, bsd])]))
        #expect(e.canonical == "MIT OR (Apache-2.0 AND BSD-3-Clause)")
        #expect(try SPDXExpression(parsing: "MIT AND Apache-2.0 OR BSD-3-Clause") == .or([.and([mit, apache]), bsd]))
        #expect(try SPDXExpression(parsing: "(MIT OR Apache-2.0) AND BSD-3-Clause") == .and([.or([mit, apache]), bsd]))
    }

    @Test("canonical form: spacing, flattening, parentheses only around compound operands")
    func canonicalForm() throws {
        #expect(try Self.canonical("(mit)") == "MIT")
        #expect(try Self.canonical("((MIT))OR(Apache-2.0)") == "MIT OR Apache-2.0")
        #expect(try Self.canonical("MIT AND (Apache-2.0 AND (ISC))") == "MIT AND Apache-2.0 AND ISC")
        #expect(try Self.canonical("(MIT OR ISC) OR Zlib") == "MIT OR ISC OR Zlib")
        #expect(try Self.canonical("cc-by-4.0 AND (MIT   OR isc)") == "CC-BY-4.0 AND (MIT OR ISC)")
        #expect(try Self.canonical("MIT\nAND\r\n\tISC") == "MIT AND ISC")
        // The canonical text parses back to the same tree and the same text.
        for text in ["MIT OR (Apache-2.0 AND BSD-3-Clause)", "(MIT AND ISC) OR (Zlib AND GPL-2.0-or-later WITH Classpath-exception-2.0)",
                     "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2 AND CC0-1.0"] {
            let e = try SPDXExpression(parsing: text)
            #expect(e.canonical == text)
            #expect(try SPDXExpression(parsing: e.canonical) == e)
        }
    }

    @Test("LicenseRef and DocumentRef are accepted as custom licences")
    func references() throws {
        #expect(try SPDXExpression(parsing: "LicenseRef-My-Lab.2") == .license(.reference(document: nil, id: "My-Lab.2"), exception: nil))
        #expect(try SPDXExpression(parsing: "DocumentRef-x:LicenseRef-y") == .license(.reference(document: "x", id: "y"), exception: nil))
        #expect(try Self.canonical("licenseref-Foo") == "LicenseRef-Foo")
        #expect(try Self.canonical("documentref-a:licenseref-B") == "DocumentRef-a:LicenseRef-B")
        #expect(throws: SPDXError.invalidReference("LicenseRef-")) { try SPDXExpression(parsing: "LicenseRef-") }
        #expect(throws: SPDXError.invalidReference("DocumentRef-x")) { try SPDXExpression(parsing: "DocumentRef-x") }
        #expect(throws: SPDXError.invalidReference("DocumentRef-x:MIT")) { try SPDXExpression(parsing: "DocumentRef-x:MIT") }
        #expect(throws: SPDXError.invalidReference("MIT:LicenseRef-a")) { try SPDXExpression(parsing: "MIT:LicenseRef-a") }
        #expect(throws: SPDXError.invalidCharacter(offset: 14)) { try SPDXExpression(parsing: "LicenseRef-foo_bar") }
    }

    @Test("unknown ids are refused with a message naming the id and suggesting LicenseRef-")
    func unknown() {
        #expect(throws: SPDXError.unknownLicense("My-License", suggestion: "LicenseRef-My-License")) {
            try SPDXExpression(parsing: "MIT OR My-License")
        }
        let message = SPDXError.unknownLicense("My-License", suggestion: "LicenseRef-My-License").description
        #expect(message.contains("'My-License'"))
        #expect(message.contains("LicenseRef-My-License"))
        #expect(SPDXError.unknownLicense("X", suggestion: nil).description.contains("LicenseRef-"))
    }

    @Test("deprecated GNU ids suggest their replacement")
    func deprecated() {
        #expect(throws: SPDXError.unknownLicense("GPL-2.0", suggestion: "GPL-2.0-only")) { try SPDXExpression(parsing: "GPL-2.0") }
        #expect(throws: SPDXError.unknownLicense("GPL-2.0+", suggestion: "GPL-2.0-or-later")) { try SPDXExpression(parsing: "GPL-2.0+") }
        #expect(throws: SPDXError.unknownLicense("lgpl-2.1", suggestion: "LGPL-2.1-only")) { try SPDXExpression(parsing: "lgpl-2.1") }
        #expect(SPDXError.unknownLicense("GPL-2.0+", suggestion: "GPL-2.0-or-later").description.contains("GPL-2.0-or-later"))
    }

    @Test("operators must be upper case")
    func operatorCase() {
        #expect(throws: SPDXError.operatorCase(found: "and")) { try SPDXExpression(parsing: "MIT and ISC") }
        #expect(throws: SPDXError.operatorCase(found: "Or")) { try SPDXExpression(parsing: "MIT Or ISC") }
        #expect(throws: SPDXError.operatorCase(found: "with")) { try SPDXExpression(parsing: "GPL-2.0-or-later with Classpath-exception-2.0") }
        #expect(SPDXError.operatorCase(found: "Or").description.contains("'OR'"))
    }

    @Test("syntax errors", arguments: [
        "", "   ", "AND", "MIT AND", "MIT OR OR ISC", "(MIT", "MIT)", "()", "MIT ISC", "(MIT AND ISC", "MIT (ISC)",
        "MIT AND + ISC", "MIT/ISC", "MIT, ISC", "MIT OR ISC)", "ＭＩＴ", "MIT AND\u{0}ISC",
    ])
    func syntaxErrors(_ text: String) {
        #expect(throws: SPDXError.self) { try SPDXExpression(parsing: text) }
        #expect(!SPDXExpression.isValid(text))
    }

    @Test("length and depth limits")
    func limits() throws {
        let deepOK = String(repeating: "(", count: SPDXExpression.maxDepth) + "MIT" + String(repeating: ")", count: SPDXExpression.maxDepth)
        #expect(try Self.canonical(deepOK) == "MIT")
        let tooDeep = "(" + deepOK + ")"
        #expect(throws: SPDXError.tooDeep(max: SPDXExpression.maxDepth)) { try SPDXExpression(parsing: tooDeep) }
        var long = "MIT"
        while long.utf8.count + 8 <= SPDXExpression.maxLength { long += " AND MIT" }
        #expect(SPDXExpression.isValid(long))
        let tooLong = long + String(repeating: " ", count: SPDXExpression.maxLength - long.utf8.count + 1)
        #expect(throws: SPDXError.tooLong(max: SPDXExpression.maxLength, got: SPDXExpression.maxLength + 1)) {
            try SPDXExpression(parsing: tooLong)
        }
        #expect(throws: SPDXError.empty) { try SPDXExpression(parsing: "") }
    }

    @Test("licenses lists every licence in order")
    func licensesAccessor() throws {
        let e = try SPDXExpression(parsing: "(MIT OR LicenseRef-a) AND GPL-3.0-only+ WITH GCC-exception-3.1")
        #expect(e.licenses == [.listed(id: "MIT", orLater: false), .reference(document: nil, id: "a"), .listed(id: "GPL-3.0-only", orLater: true)])
    }
}
