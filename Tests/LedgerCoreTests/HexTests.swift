import Foundation
import Testing
@testable import LedgerCore

@Suite("Hex")
struct HexTests {
    @Test func encodesLowerCaseTwoDigitsPerByte() {
        #expect(Hex.encode([UInt8]()) == "")
        #expect(Hex.encode([0x00, 0x01, 0x0a, 0x7f, 0x80, 0xab, 0xff]) == "00010a7f80abff")
    }

    @Test func roundTripsEveryByteValue() {
        let all = (0...255).map { UInt8($0) }
        let text = Hex.encode(all)
        #expect(text.count == 512)
        #expect(Hex.decode(text) == all)
        #expect(Hex.decode(text.uppercased()) == all)
    }

    @Test func roundTripsPseudoRandomBuffers() {
        var rng = SplitMix64(seed: 0x5eed)
        for length in 0..<64 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(Hex.decode(Hex.encode(bytes)) == bytes)
        }
    }

    @Test func acceptsOptionalPrefix() {
        #expect(Hex.decode("0xdeadBEEF") == [0xde, 0xad, 0xbe, 0xef])
        #expect(Hex.decode("0Xdeadbeef") == [0xde, 0xad, 0xbe, 0xef])
        #expect(Hex.decode("0x") == [])
        #expect(Hex.decode("") == [])
    }

    @Test(arguments: ["0", "abc", "0x1", "0xabc", "f"])
    func rejectsOddLength(_ text: String) {
        #expect(Hex.decode(text) == nil)
    }

    @Test(arguments: ["zz", "0g", "g0", "0x0x", "12 4", " 1234", "12\n4", "éé", "+1", "-1", "0xzz", "x0ab"])
    func rejectsNonHex(_ text: String) {
        #expect(Hex.decode(text) == nil)
    }

    @Test func fixedBytesFromHexChecksLengthAndDigits() throws {
        let h = try Hash(hex: String(repeating: "ab", count: 32))
        #expect(h.bytes == [UInt8](repeating: 0xab, count: 32))
        #expect(h.hex == String(repeating: "ab", count: 32))
        #expect(throws: FixedBytesError.wrongLength(type: "hash", expected: 32, got: 31)) {
            try Hash(hex: String(repeating: "ab", count: 31))
        }
        #expect(throws: FixedBytesError.notHex(type: "signature")) {
            try Signature(hex: String(repeating: "zz", count: 64))
        }
        #expect(throws: FixedBytesError.wrongLength(type: "public key", expected: 32, got: 33)) {
            try PublicKey(bytes: [UInt8](repeating: 1, count: 33))
        }
    }

    @Test func fixedBytesJSONIsHexText() throws {
        let h = try Hash(hex: "0x" + String(repeating: "AB", count: 32))
        let json = try JSONEncoder().encode([h])
        #expect(String(decoding: json, as: UTF8.self) == "[\"\(String(repeating: "ab", count: 32))\"]")
        #expect(try JSONDecoder().decode([Hash].self, from: json) == [h])
        #expect(throws: (any Error).self) { try JSONDecoder().decode([Hash].self, from: Data("[\"abcd\"]".utf8)) }
        #expect(throws: (any Error).self) { try JSONDecoder().decode([Signature].self, from: json) }
    }
}
