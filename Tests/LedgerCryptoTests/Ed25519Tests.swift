import LedgerCore
import Testing
@testable import LedgerCrypto

@Suite("Ed25519 (RFC 8032 §7.1)")
struct Ed25519Tests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let seed: String
        let publicKey: String
        let message: String
        let signature: String
        var testDescription: String { name }
    }

    // Copied from RFC 8032 section 7.1 (also cross-checked against OpenSSL's Ed25519 via Python `cryptography`).
    static let vectors: [Vector] = [
        Vector(
            name: "TEST 1",
            seed: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            publicKey: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            message: "",
            signature: "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
        Vector(
            name: "TEST 2",
            seed: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            publicKey: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            message: "72",
            signature: "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
        Vector(
            name: "TEST 3",
            seed: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            publicKey: "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            message: "af82",
            signature: "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
                + "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
        Vector(
            name: "TEST SHA(abc)",
            seed: "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
            publicKey: "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
            message: "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            signature: "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
                + "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"),
    ]

    @Test(arguments: vectors)
    func keySignVerify(_ v: Vector) throws {
        let key = try SigningKey(seed: hex(v.seed))
        #expect(key.publicKey.hex == v.publicKey)
        #expect(key.exportSeed() == hex(v.seed))
        let sig = key.sign(hex(v.message))
        #expect(sig.hex == v.signature)
        let pk = try PublicKey(hex: v.publicKey)
        #expect(pk.isValidSignature(try Signature(hex: v.signature), for: hex(v.message)))
    }

    @Test(arguments: vectors)
    func everyBitFlipBreaksVerification(_ v: Vector) throws {
        let pk = try PublicKey(hex: v.publicKey)
        let sig = try Signature(hex: v.signature)
        let msg = hex(v.message)
        #expect(pk.isValidSignature(sig, for: msg))

        for bit in 0..<(msg.count * 8) {
            #expect(!pk.isValidSignature(sig, for: flippingBit(msg, bit)), "message bit \(bit)")
        }
        // Extending or shortening the message also breaks it (TEST 1's message is empty).
        #expect(!pk.isValidSignature(sig, for: msg + [0]))
        if !msg.isEmpty { #expect(!pk.isValidSignature(sig, for: Array(msg.dropLast()))) }

        for bit in 0..<512 {
            let bad = try Signature(bytes: flippingBit(sig.bytes, bit))
            #expect(!pk.isValidSignature(bad, for: msg), "signature bit \(bit)")
        }
        for bit in 0..<256 {
            let bad = try PublicKey(bytes: flippingBit(pk.bytes, bit))
            #expect(!bad.isValidSignature(sig, for: msg), "public key bit \(bit)")
        }
    }

    @Test func signaturesFromOtherKeysDoNotVerify() throws {
        let a = try SigningKey(seed: hex(Self.vectors[0].seed))
        let b = try SigningKey(seed: hex(Self.vectors[1].seed))
        let msg = Array("hello".utf8)
        #expect(a.publicKey.isValidSignature(a.sign(msg), for: msg))
        #expect(!a.publicKey.isValidSignature(b.sign(msg), for: msg))
        #expect(!b.publicKey.isValidSignature(a.sign(msg), for: msg))
    }

    @Test func signingIsDeterministic() throws {
        let seed = hex(Self.vectors[2].seed)
        let msg = Array(0..<200).map { UInt8($0) }
        #expect(try SigningKey(seed: seed).sign(msg) == SigningKey(seed: seed).sign(msg))
    }

    @Test(arguments: [0, 1, 31, 33, 64])
    func wrongSeedLengthIsRejected(_ length: Int) {
        #expect(throws: CryptoError.invalidSeedLength(length)) { try SigningKey(seed: [UInt8](repeating: 7, count: length)) }
    }

    @Test func randomKeysAreDistinctAndWork() throws {
        let a = SigningKey(), b = SigningKey()
        #expect(a.publicKey != b.publicKey)
        #expect(a.exportSeed() != b.exportSeed())
        let msg = secureRandomBytes(100)
        #expect(a.publicKey.isValidSignature(a.sign(msg), for: msg))
        // A key rebuilt from the exported seed is the same key.
        #expect(try SigningKey(seed: a.exportSeed()).publicKey == a.publicKey)
    }

    @Test func smallOrderAndNonCanonicalKeysAreRejected() throws {
        // The identity point (small order) and an all-0xff non-canonical encoding must never verify.
        let msg = [UInt8]()
        let zeroSig = try Signature(bytes: [UInt8](repeating: 0, count: 64))
        var identity = [UInt8](repeating: 0, count: 32)
        identity[0] = 1
        #expect(!(try PublicKey(bytes: identity)).isValidSignature(zeroSig, for: msg))
        let idSig = identity + [UInt8](repeating: 0, count: 32)  // R = identity, S = 0
        #expect(!(try PublicKey(bytes: identity)).isValidSignature(try Signature(bytes: idSig), for: msg))
        #expect(!(try PublicKey(bytes: [UInt8](repeating: 0xff, count: 32))).isValidSignature(zeroSig, for: msg))
    }

    @Test func secureRandomBytesHasRequestedLength() {
        #expect(secureRandomBytes(0).isEmpty)
        #expect(secureRandomBytes(33).count == 33)
        #expect(secureRandomBytes(32) != secureRandomBytes(32))
    }
}
