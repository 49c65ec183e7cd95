import LedgerRules
import Testing

@Suite("Standards: URI sanity check")
struct URITests {
    @Test("accepted schemes", arguments: [
        "https://example.org/data.csv", "http://example.org", "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
        "ar://bNbA3TEQVL60xlgCcqdz4ZPHFZ711cZ3hmkpGttDt_U", "doi:10.1000/182", "s3://bucket/key/part-0001.parquet",
        "ftp://ftp.example.org/pub/file.txt",
    ])
    func accepted(_ text: String) throws {
        #expect(try URI(text).value == text)
    }

    @Test("the scheme is lower-cased, the rest kept")
    func schemeCase() throws {
        let uri = try URI("HTTPS://Example.org/A")
        #expect(uri.value == "https://Example.org/A")
        #expect(uri.scheme == "https")
    }

    @Test("refused")
    func refused() {
        #expect(throws: URIError.empty) { try URI("") }
        #expect(throws: URIError.unsupportedScheme("file")) { try URI("file:///etc/passwd") }
        #expect(throws: URIError.unsupportedScheme("javascript")) { try URI("javascript:alert(1)") }
        #expect(throws: URIError.missingScheme) { try URI("example.org/data") }
        #expect(throws: URIError.missingScheme) { try URI(":foo") }
        #expect(throws: URIError.invalidCharacter(offset: 21)) { try URI("https://example.org/a b") }
        #expect(throws: URIError.invalidCharacter(offset: 20)) { try URI("https://example.org/\u{e9}") }
        #expect(throws: URIError.missingAuthority(scheme: "https")) { try URI("https:example.org") }
        #expect(throws: URIError.missingAuthority(scheme: "ipfs")) { try URI("ipfs://") }
        #expect(throws: URIError.missingAuthority(scheme: "s3")) { try URI("s3:///key") }
        #expect(throws: URIError.invalidDOI(.badPrefix)) { try URI("doi:11.1/x") }
        #expect(throws: URIError.invalidDOI(.badPrefix)) { try URI("doi:https://doi.org/10.1000/182") }
        #expect(throws: URIError.invalidDOI(.missingSuffix)) { try URI("doi:10.1000/") }
        let long = "https://example.org/" + String(repeating: "a", count: URI.maxLength - 20)
        #expect(URI.isValid(long))
        #expect(throws: URIError.tooLong(max: 2048, got: 2049)) { try URI(long + "a") }
        #expect(URIError.unsupportedScheme("file").description.contains("https"))
    }
}
