import Foundation
import Testing
@testable import LedgerCore

@Suite("Bech32 (BIP-173)")
struct Bech32Tests {
    static let validVectors: [String] = [
        "A12UEL5L",
        "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
        "?1ezyfcl",
    ]

    @Test(arguments: validVectors)
    func validVectorDecodesAndReencodes(_ text: String) throws {
        let (hrp, data) = try Bech32.decode(text)
        let sep = text.lastIndex(of: "1")!
        #expect(hrp == text[..<sep].lowercased())
        #expect(data.count == text.distance(from: sep, to: text.endIndex) - 1 - 6)
        #expect(data.allSatisfy { $0 < 32 })
        // Encoding is canonical lower case.
        #expect(Bech32.encode(hrp: hrp, data5: data) == text.lowercased())
    }

    @Test func validVectorPayloads() throws {
        #expect(try Bech32.decode("A12UEL5L") == ("a", []))
        #expect(try Bech32.decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw").data5 == (0..<32).map { UInt8($0) })
        #expect(try Bech32.decode("11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j")
            == ("1", [UInt8](repeating: 0, count: 82)))
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        let text: String
        let reason: String
        let expected: Bech32.Error?
        var testDescription: String { reason }
    }

    static let invalidVectors: [Invalid] = [
        Invalid(text: "\u{20}1nwldj5", reason: "HRP character out of range (0x20)", expected: .invalidCharacter(" ")),
        Invalid(text: "\u{7F}1axkwrx", reason: "HRP character out of range (0x7f)", expected: .invalidCharacter("\u{7F}")),
        Invalid(text: "\u{80}1eym55h", reason: "HRP character out of range (0x80)", expected: nil),
        Invalid(text: "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
                reason: "overall max length exceeded", expected: .invalidLength(91)),
        Invalid(text: "pzry9x0s0muk", reason: "no separator character", expected: .missingSeparator),
        Invalid(text: "1pzry9x0s0muk", reason: "empty HRP", expected: .invalidHumanReadablePart),
        Invalid(text: "x1b4n0q5v", reason: "invalid data character", expected: .invalidCharacter("b")),
        Invalid(text: "li1dgmt3", reason: "too short checksum", expected: .invalidLength(8)),
        Invalid(text: "de1lg7wt\u{FF}", reason: "invalid character in checksum", expected: nil),
        Invalid(text: "A1G7SGD8", reason: "checksum calculated with uppercase form of HRP", expected: .badChecksum),
        Invalid(text: "10a06t8", reason: "empty HRP (short)", expected: nil),
        Invalid(text: "1qzzfhee", reason: "empty HRP", expected: .invalidHumanReadablePart),
    ]

    @Test(arguments: invalidVectors)
    func invalidVectorFails(_ v: Invalid) {
        let error = #expect(throws: Bech32.Error.self) { try Bech32.decode(v.text) }
        if let expected = v.expected {
            #expect(error == expected)
        }
    }

    @Test func mixedCaseIsRejected() {
        #expect(throws: Bech32.Error.mixedCase) { try Bech32.decode("A12uEL5L") }
    }

    @Test func convertBitsRejectsNonZeroPaddingAndOutOfRangeInput() {
        // 8 groups of 5 bits = 40 bits = 5 bytes exactly; 1 group of 5 bits leaves 5 non-byte bits.
        #expect(throws: Bech32.Error.invalidPadding) { try Bech32.convertBits([1], from: 5, to: 8, pad: false) }
        // A 5-bit value of 32 is out of range.
        #expect(throws: Bech32.Error.invalidPadding) { try Bech32.convertBits([32], from: 5, to: 8, pad: false) }
        // Two groups (10 bits) -> 1 byte with 2 zero pad bits is fine; non-zero pad bits are not.
        #expect((try? Bech32.convertBits([0b00001, 0b00000], from: 5, to: 8, pad: false)) == [0b0000_1000])
        #expect(throws: Bech32.Error.invalidPadding) { try Bech32.convertBits([0b00001, 0b00001], from: 5, to: 8, pad: false) }
    }
}

@Suite("Address (bech32 desci1…)")
struct AddressTextTests {
    static let sample = Fixture.address(0)  // bytes 00 01 … 13
    // Independently computed with a reference BIP-173 implementation in Python.
    static let sampleText = "desci1qqqsyqcyq5rqwzqfpg9scrgwpugpzysnakupfs"

    @Test func knownEncoding() throws {
        #expect(Self.sample.bech32 == Self.sampleText)
        #expect(Self.sample.description == Self.sampleText)
        #expect(try Address(bech32: Self.sampleText) == Self.sample)
        #expect(try Address(bech32: Self.sampleText.uppercased()) == Self.sample)
    }

    @Test func roundTripsManyAddresses() throws {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let a = try Address(bytes: (0..<20).map { _ in UInt8.random(in: 0...255, using: &rng) })
            let text = a.bech32
            #expect(text.hasPrefix("desci1"))
            #expect(text.count == 5 + 1 + 32 + 6)
            #expect(try Address(bech32: text) == a)
        }
    }

    @Test func everySingleCharacterTypoFailsTheChecksum() {
        let chars = Array(Self.sampleText)
        let alphabet = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l")
        var tried = 0
        for i in chars.indices where i != 5 {  // index 5 is the separator '1'
            let pool = i < 5 ? Array("abcdefghijklmnopqrstuvwxyz023456789") : alphabet
            for c in pool where c != chars[i] {
                var typo = chars
                typo[i] = c
                tried += 1
                #expect(throws: Bech32.Error.badChecksum, "typo at \(i): \(c)") { try Address(bech32: String(typo)) }
            }
        }
        #expect(tried > 1000)
    }

    @Test func swappedAdjacentCharactersFail() {
        let chars = Array(Self.sampleText)
        for i in 6..<(chars.count - 1) where chars[i] != chars[i + 1] {
            var t = chars
            t.swapAt(i, i + 1)
            #expect(throws: Bech32.Error.badChecksum) { try Address(bech32: String(t)) }
        }
    }

    @Test func wrongPrefixFails() throws {
        let data = try Bech32.convertBits(Self.sample.bytes, from: 8, to: 5, pad: true)
        let other = Bech32.encode(hrp: "cosmos", data5: data)
        #expect(throws: Bech32.Error.wrongPrefix(expected: "desci", got: "cosmos")) { try Address(bech32: other) }
    }

    @Test(arguments: [0, 1, 19, 21, 32])
    func wrongLengthFails(_ length: Int) throws {
        let data = try Bech32.convertBits(Fixture.bytes(length, start: 9), from: 8, to: 5, pad: true)
        let text = Bech32.encode(hrp: "desci", data5: data)
        #expect(throws: (any Error).self) { try Address(bech32: text) }
        #expect(throws: FixedBytesError.wrongLength(type: "address", expected: 20, got: length)) {
            try Address(bytes: Fixture.bytes(length, start: 9))
        }
    }

    @Test func truncatedAddressFails() {
        let shorter = String(Self.sampleText.dropLast())
        #expect(throws: Bech32.Error.self) { try Address(bech32: shorter) }
        #expect(throws: Bech32.Error.self) { try Address(bech32: Self.sampleText + "q") }
    }

    @Test func jsonUsesBech32Text() throws {
        let json = try JSONEncoder().encode([Self.sample])
        #expect(String(decoding: json, as: UTF8.self) == "[\"\(Self.sampleText)\"]")
        #expect(try JSONDecoder().decode([Address].self, from: json) == [Self.sample])
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode([Address].self, from: Data("[\"desci1qqqsyqcyq5rqwzqfpg9scrgwpugpzysnakupfq\"]".utf8))
        }
    }

    @Test func orderingIsByBytes() {
        #expect(Fixture.address(0) < Fixture.address(1))
        #expect(!(Fixture.address(1) < Fixture.address(1)))
    }
}
