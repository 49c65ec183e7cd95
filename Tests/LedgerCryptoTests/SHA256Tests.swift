import LedgerCore
import Testing
@testable import LedgerCrypto

@Suite("SHA-256")
struct SHA256Tests {
    static let known: [(String, String)] = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ]

    @Test(arguments: known)
    func nistVectors(_ input: String, _ digest: String) {
        let bytes = Array(input.utf8)
        #expect(SHA256.hash(bytes).hex == digest)
        #expect(SHA256.hash(bytes[...]).hex == digest)
        // A slice that does not start at index 0 hashes only its own bytes.
        let padded = [0xee] + bytes + [0xee]
        #expect(SHA256.hash(padded[1..<(padded.count - 1)]).hex == digest)
        var h = SHA256Hasher()
        h.update(bytes)
        #expect(h.finalize().hex == digest)
    }

    @Test func millionAs() {
        var h = SHA256Hasher()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { h.update(chunk) }
        #expect(h.finalize().hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func streamingInRandomChunksEqualsOneShot() {
        var rng = SplitMix64(seed: 0xC0FFEE)
        for length in [0, 1, 55, 56, 63, 64, 65, 127, 128, 1000, 4097, 10_000] {
            let data = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let expected = SHA256.hash(data)
            for _ in 0..<8 {
                var h = SHA256Hasher()
                var i = 0
                while i < data.count {
                    let n = min(Int.random(in: 0...130, using: &rng), data.count - i)
                    h.update(Array(data[i..<(i + n)]))
                    i += n
                }
                h.update([])
                #expect(h.finalize() == expected, "length \(length)")
            }
        }
    }

    @Test func differentInputsGiveDifferentDigests() {
        #expect(SHA256.hash([0]) != SHA256.hash([]))
        #expect(SHA256.hash([0]) != SHA256.hash([0, 0]))
    }
}
