import LedgerCore
import LedgerRules
import Testing

@Suite("Standards: SHA-256 multihash")
struct MultihashTests {
    /// SHA-256("") — a well-known digest.
    static let emptyDigestHex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    @Test("parses 1220 || digest from hex and from bytes, and round-trips")
    func parse() throws {
        let m = try Multihash(hex: "1220" + Self.emptyDigestHex)
        #expect(m.digest.hex == Self.emptyDigestHex)
        #expect(m.bytes.count == 34)
        #expect(m.hex == "1220" + Self.emptyDigestHex)
        #expect(try Multihash(bytes: m.bytes) == m)
        #expect(try Multihash(hex: ("1220" + Self.emptyDigestHex).uppercased()) == m)
        #expect(Multihash(sha256: m.digest) == m)
    }

    @Test("wrong function, length and shape are refused with the reason")
    func errors() {
        let digest = [UInt8](repeating: 0xab, count: 32)
        #expect(throws: MultihashError.unsupportedFunction(code: 0x11)) { try Multihash(bytes: [0x11, 0x14] + [UInt8](repeating: 1, count: 20)) }
        #expect(throws: MultihashError.unsupportedFunction(code: 0x13)) { try Multihash(bytes: [0x13, 0x40] + digest + digest) }
        #expect(throws: MultihashError.unsupportedFunction(code: 0xb220)) { try Multihash(bytes: [0xa0, 0xe4, 0x02, 0x20] + digest) }
        #expect(throws: MultihashError.wrongDigestLength(declared: 0x10)) { try Multihash(bytes: [0x12, 0x10] + digest[0..<16]) }
        #expect(throws: MultihashError.lengthMismatch(declared: 32, got: 31)) { try Multihash(bytes: [0x12, 0x20] + digest[0..<31]) }
        #expect(throws: MultihashError.lengthMismatch(declared: 32, got: 33)) { try Multihash(bytes: [0x12, 0x20] + digest + [0]) }
        #expect(throws: MultihashError.truncated(got: 0)) { try Multihash(bytes: []) }
        #expect(throws: MultihashError.truncated(got: 1)) { try Multihash(bytes: [0x12]) }
        #expect(throws: MultihashError.badVarint) { try Multihash(bytes: [0x92, 0x00, 0x20] + digest) }
        #expect(throws: MultihashError.invalidHex) { try Multihash(hex: "1220zz") }
        #expect(throws: MultihashError.invalidHex) { try Multihash(hex: "122") }
        #expect(throws: MultihashError.self) { try Multihash(hex: Self.emptyDigestHex) }
        #expect(MultihashError.unsupportedFunction(code: 0x11).description.contains("sha1"))
    }

    @Test("every single-byte change of the header is refused")
    func headerMutations() throws {
        let valid = try Multihash(hex: "1220" + Self.emptyDigestHex).bytes
        for position in 0..<2 {
            for value in 0...255 where UInt8(value) != valid[position] {
                var bytes = valid
                bytes[position] = UInt8(value)
                #expect(throws: MultihashError.self) { try Multihash(bytes: bytes) }
            }
        }
    }
}
