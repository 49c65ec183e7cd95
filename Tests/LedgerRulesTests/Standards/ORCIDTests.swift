import LedgerRules
import Testing

@Suite("Standards: ORCID iD")
struct ORCIDTests {
    static let valid = ["0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X"]

    @Test("ORCID's documented examples are valid", arguments: valid)
    func validExamples(_ id: String) throws {
        #expect(try ORCID(id).value == id)
    }

    @Test("the URL form is accepted and normalised to the bare iD")
    func urlPrefix() throws {
        #expect(try ORCID("https://orcid.org/0000-0002-1825-0097").value == "0000-0002-1825-0097")
        #expect(try ORCID("http://orcid.org/0000-0002-1694-233X").value == "0000-0002-1694-233X")
        #expect(try ORCID("0000-0002-1825-0097").url == "https://orcid.org/0000-0002-1825-0097")
    }

    @Test("a lower-case x check character is stored upper-case")
    func lowerX() throws {
        #expect(try ORCID("0000-0002-1694-233x").value == "0000-0002-1694-233X")
    }

    @Test("the check character is ISO 7064 MOD 11-2")
    func checkCharacter() {
        #expect(ORCID.checkCharacter(Array("000000021825009".utf8)) == UInt8(ascii: "7"))
        #expect(ORCID.checkCharacter(Array("000000021694233".utf8)) == UInt8(ascii: "X"))
        #expect(ORCID.checkCharacter(Array("000000015109370".utf8)) == UInt8(ascii: "0"))
    }

    @Test("every single-character substitution of a valid iD fails", arguments: valid)
    func singleDigitMutationsFail(_ id: String) {
        let bytes = Array(id.utf8)
        var tried = 0
        for position in bytes.indices where bytes[position] != UInt8(ascii: "-") {
            let replacements = Array("0123456789".utf8) + (position == 18 ? [UInt8(ascii: "X")] : [])
            for r in replacements where r != bytes[position] {
                var mutated = bytes
                mutated[position] = r
                let text = String(decoding: mutated, as: UTF8.self)
                #expect(!ORCID.isValid(text), "\(text) should be refused")
                tried += 1
            }
        }
        #expect(tried >= 16 * 9)
    }

    @Test("errors say what is wrong")
    func errors() {
        #expect(throws: ORCIDError.wrongLength(got: 16)) { try ORCID("0000000218250097") }
        #expect(throws: ORCIDError.missingHyphen(at: 9)) { try ORCID("0000-00021-825-0097") }
        #expect(throws: ORCIDError.invalidCharacter(at: 0)) { try ORCID("A000-0002-1825-0097") }
        #expect(throws: ORCIDError.invalidCharacter(at: 5)) { try ORCID("0000-X002-1825-0097") }
        #expect(throws: ORCIDError.badChecksum(expected: "7", got: "8")) { try ORCID("0000-0002-1825-0098") }
        #expect(throws: ORCIDError.wrongLength(got: 0)) { try ORCID("https://orcid.org/") }
        #expect(throws: ORCIDError.wrongLength(got: 39)) { try ORCID("https://example.org/0000-0002-1825-0097") }
        let message = ORCIDError.badChecksum(expected: "7", got: "8").description
        #expect(message.contains("'8'") && message.contains("'7'"))
        #expect(ORCIDError.badChecksum(expected: "7", got: "8").code == "ORCID_CHECKSUM")
    }
}
