import LedgerCore
import LedgerCrypto
import Testing
@testable import LedgerProofs

@Suite("Record log: signed notes, checkpoints, tlog-proof")
struct NoteTests {
    // The example key and note of golang.org/x/mod/sumdb/note (C2SP signed-note's reference code).
    static let seed = Base64.decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")!.dropFirst()
    static let text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    static let goNote = text + "\n\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"

    @Test func reproducesTheGoReferenceNote() throws {
        let key = try SigningKey(seed: Array(Self.seed))
        #expect(SignedNote.verifierKey(name: "PeterNeumann", publicKey: key.publicKey) == "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        #expect(SignedNote.sign(text: Self.text, name: "PeterNeumann", publicKey: key.publicKey, sign: key.sign) == Self.goNote)
        #expect(try SignedNote.verify(Self.goNote, name: "PeterNeumann", publicKey: key.publicKey) == Self.text)
        #expect(throws: LogError.badSignature) {
            try SignedNote.verify(Self.goNote.replacingOccurrences(of: "cryptography", with: "cryptographY"), name: "PeterNeumann", publicKey: key.publicKey)
        }
        #expect(throws: LogError.unknownKey) { try SignedNote.verify(Self.goNote, name: "Other", publicKey: key.publicKey) }
    }

    @Test func checkpointRoundTripAndTamper() throws {
        let key = try SigningKey(seed: [UInt8](repeating: 7, count: 32))
        let origin = Checkpoint.origin(chainID: "desci-test")
        let cp = Checkpoint(origin: origin, size: 20852163, root: RFC6962Vectors.roots[7])
        #expect(cp.text == "desci-ledger/desci-test/log\n20852163\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n")
        let note = SignedNote.sign(text: cp.text, name: origin, publicKey: key.publicKey, sign: key.sign)
        #expect(try Checkpoint.verify(note: note, origin: origin, publicKey: key.publicKey) == cp)
        let bytes = Array(note.utf8)
        // Flipping any bit of the text or the signature must fail (the separator and dash are framing).
        for i in 0..<bytes.count where bytes[i] != 0x0A {
            var b = bytes
            b[i] ^= 0x01
            let s = String(decoding: b, as: UTF8.self)
            #expect(throws: (any Error).self, "byte \(i)") { try Checkpoint.verify(note: s, origin: origin, publicKey: key.publicKey) }
        }
        let other = try SigningKey(seed: [UInt8](repeating: 8, count: 32))
        #expect(throws: LogError.unknownKey) { try Checkpoint.verify(note: note, origin: origin, publicKey: other.publicKey) }
        #expect(throws: LogError.self) { try Checkpoint(text: "o\n01\n" + Base64.encode(cp.root.bytes) + "\n") }
        #expect(throws: LogError.self) { try Checkpoint(text: "o\n1\n" + Base64.encode(Array(cp.root.bytes.prefix(31))) + "\n") }
    }

    @Test func tlogProofVerifiesAndTamperFails() throws {
        let key = try SigningKey(seed: [UInt8](repeating: 9, count: 32))
        let store = MemoryLogNodes()
        let root = try store.append(RFC6962Vectors.leaves)
        let origin = Checkpoint.origin(chainID: "c")
        let note = SignedNote.sign(text: Checkpoint(origin: origin, size: 8, root: root).text, name: origin, publicKey: key.publicKey, sign: key.sign)
        let proof = TlogProof(index: 5, proof: try LogTree.inclusionProof(index: 5, size: 8, reader: store), checkpointNote: note)
        let parsed = try TlogProof(text: proof.text)
        #expect(parsed == proof)
        #expect(proof.text.hasPrefix("c2sp.org/tlog-proof@v1\nindex 5\nvBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=\n"))
        try parsed.verify(entry: RFC6962Vectors.leaves[5], origin: origin, publicKey: key.publicKey)
        #expect(throws: LogError.self) { try parsed.verify(entry: RFC6962Vectors.leaves[4], origin: origin, publicKey: key.publicKey) }
        var wrongIndex = parsed
        wrongIndex.index = 4
        #expect(throws: LogError.self) { try wrongIndex.verify(entry: RFC6962Vectors.leaves[5], origin: origin, publicKey: key.publicKey) }
        #expect(throws: LogError.self) { try TlogProof(text: proof.text.replacingOccurrences(of: "index 5", with: "index 05")) }
    }

    @Test func base64IsStrict() {
        for n in 0..<10 {
            let b = (0..<n).map { UInt8($0 * 37 & 0xFF) }
            #expect(Base64.decode(Base64.encode(b)) == b)
        }
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.decode("Zm9=") == nil)   // non-zero unused bits
        #expect(Base64.decode("Zm8") == nil)    // missing padding
        #expect(Base64.decode("Zm-=") == nil)
    }
}
