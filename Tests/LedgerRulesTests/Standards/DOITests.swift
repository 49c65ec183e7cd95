import LedgerRules
import Testing

@Suite("Standards: DOI")
struct DOITests {
    @Test("valid DOIs, lower-cased canonical form", arguments: [
        ("10.1000/xyz123", "10.1000/xyz123"),
        ("10.5281/zenodo.1234567", "10.5281/zenodo.1234567"),
        ("10.1038/NPHYS1170", "10.1038/nphys1170"),
        ("10.1000.10/ABC(def)-1", "10.1000.10/abc(def)-1"),
        ("doi:10.1000/XYZ", "10.1000/xyz"),
        ("https://doi.org/10.1000/182", "10.1000/182"),
        ("HTTPS://DX.DOI.ORG/10.1000/182", "10.1000/182"),
        ("10.1000/a/b/c", "10.1000/a/b/c"),
    ])
    func valid(_ text: String, _ canonical: String) throws {
        let doi = try DOI(text)
        #expect(doi.value == canonical)
        #expect(doi.url == "https://doi.org/" + canonical)
    }

    @Test("non-ASCII suffix characters are kept as they are")
    func unicodeSuffix() throws {
        #expect(try DOI("10.1000/Ärger").value == "10.1000/Ärger")
        #expect(try DOI("10.1000/x").prefix == "10.1000")
    }

    @Test("invalid DOIs")
    func invalid() {
        #expect(throws: DOIError.badPrefix) { try DOI("11.1000/x") }
        #expect(throws: DOIError.badPrefix) { try DOI("10.100/x") }
        #expect(throws: DOIError.badPrefix) { try DOI("10.1000./x") }
        #expect(throws: DOIError.badPrefix) { try DOI("10.10a0/x") }
        #expect(throws: DOIError.badPrefix) { try DOI("") }
        #expect(throws: DOIError.missingSuffix) { try DOI("10.1000/") }
        #expect(throws: DOIError.missingSuffix) { try DOI("10.1000") }
        #expect(throws: DOIError.invalidCharacter(offset: 9)) { try DOI("10.1000/a b") }
        #expect(throws: DOIError.invalidCharacter(offset: 9)) { try DOI("10.1000/a\u{7}") }
        let long = "10.1000/" + String(repeating: "a", count: DOI.maxLength - 8)
        #expect(DOI.isValid(long))
        #expect(throws: DOIError.tooLong(max: 256, got: 257)) { try DOI(long + "a") }
    }
}
