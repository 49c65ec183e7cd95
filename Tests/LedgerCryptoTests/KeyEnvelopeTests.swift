import Foundation
import LedgerCore
import Testing
@testable import LedgerCrypto

@Suite("KeyEnvelope")
struct KeyEnvelopeTests {
    static let secret = hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    static let ad = hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")

    static func sealed(_ passphrase: String = "correct horse battery staple") throws -> KeyEnvelope {
        try KeyEnvelope.seal(secret: secret, passphrase: passphrase, associatedData: ad, cost: .interactive)
    }

    @Test func roundTrip() throws {
        let env = try Self.sealed()
        #expect(try env.open(passphrase: "correct horse battery staple", associatedData: Self.ad) == Self.secret)
        #expect(env.kdf.algorithm == "argon2id13")
        #expect(env.cipher.algorithm == "xchacha20poly1305-ietf")
        #expect(Hex.decode(env.kdf.salt)?.count == 16)
        #expect(Hex.decode(env.cipher.nonce)?.count == 24)
        #expect(Hex.decode(env.cipher.ciphertext)?.count == Self.secret.count + 16)
        #expect(!env.cipher.ciphertext.contains(Hex.encode(Self.secret)))
        // Survives a JSON round trip.
        let json = try JSONEncoder().encode(env)
        let back = try JSONDecoder().decode(KeyEnvelope.self, from: json)
        #expect(back == env)
        #expect(try back.open(passphrase: "correct horse battery staple", associatedData: Self.ad) == Self.secret)
    }

    @Test func freshSaltAndNonceEachTime() throws {
        let a = try Self.sealed(), b = try Self.sealed()
        #expect(a.kdf.salt != b.kdf.salt)
        #expect(a.cipher.nonce != b.cipher.nonce)
        #expect(a.cipher.ciphertext != b.cipher.ciphertext)
    }

    @Test func wrongPassphraseFails() throws {
        let env = try Self.sealed()
        for wrong in ["correct horse battery stapl", "Correct horse battery staple", "", "correct horse battery staple "] {
            #expect(throws: CryptoError.decryptionFailed) { try env.open(passphrase: wrong, associatedData: Self.ad) }
        }
    }

    @Test func tamperedCiphertextFails() throws {
        let env = try Self.sealed()
        let ct = Hex.decode(env.cipher.ciphertext)!
        for i in [0, 5, ct.count / 2, ct.count - 17, ct.count - 16, ct.count - 1] {
            var bad = env
            var b = ct
            b[i] ^= 0x01
            bad.cipher.ciphertext = Hex.encode(b)
            #expect(throws: CryptoError.decryptionFailed, "byte \(i)") { try bad.open(passphrase: "correct horse battery staple", associatedData: Self.ad) }
        }
        var nonce = env
        var n = Hex.decode(env.cipher.nonce)!
        n[0] ^= 0x80
        nonce.cipher.nonce = Hex.encode(n)
        #expect(throws: CryptoError.decryptionFailed) { try nonce.open(passphrase: "correct horse battery staple", associatedData: Self.ad) }
        var salt = env
        var s = Hex.decode(env.kdf.salt)!
        s[3] ^= 0x10
        salt.kdf.salt = Hex.encode(s)
        #expect(throws: CryptoError.decryptionFailed) { try salt.open(passphrase: "correct horse battery staple", associatedData: Self.ad) }
    }

    @Test func tamperedAssociatedDataFails() throws {
        let env = try Self.sealed()
        var ad = Self.ad
        ad[31] ^= 0x01
        #expect(throws: CryptoError.decryptionFailed) { try env.open(passphrase: "correct horse battery staple", associatedData: ad) }
        #expect(throws: CryptoError.decryptionFailed) { try env.open(passphrase: "correct horse battery staple", associatedData: []) }
        #expect(throws: CryptoError.decryptionFailed) {
            try env.open(passphrase: "correct horse battery staple", associatedData: Self.ad + [0])
        }
    }

    @Test func malformedFieldsAreReportedAsMalformed() throws {
        let env = try Self.sealed()
        func expectMalformed(_ mutate: (inout KeyEnvelope) -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
            var bad = env
            mutate(&bad)
            let error = #expect(throws: CryptoError.self, sourceLocation: sourceLocation) {
                try bad.open(passphrase: "correct horse battery staple", associatedData: Self.ad)
            }
            guard case .malformedKeyFile? = error else {
                Issue.record("expected malformedKeyFile, got \(String(describing: error))", sourceLocation: sourceLocation)
                return
            }
        }
        expectMalformed { $0.kdf.salt = "zz" + $0.kdf.salt.dropFirst(2) }       // not hex
        expectMalformed { $0.kdf.salt = String($0.kdf.salt.dropLast(2)) }       // 15 bytes
        expectMalformed { $0.kdf.salt += "00" }                                  // 17 bytes
        expectMalformed { $0.kdf.salt = "" }
        expectMalformed { $0.cipher.nonce = String($0.cipher.nonce.dropLast(2)) }
        expectMalformed { $0.cipher.ciphertext = String(repeating: "00", count: 15) }
        expectMalformed { $0.cipher.ciphertext = "xyz" }
        expectMalformed { $0.kdf.algorithm = "scrypt" }
        expectMalformed { $0.cipher.algorithm = "aes-256-gcm" }
        expectMalformed { $0.kdf.memlimit = 8 << 30 }
        expectMalformed { $0.kdf.opslimit = 1000 }
        expectMalformed { $0.kdf.opslimit = 0 }
        expectMalformed { $0.kdf.memlimit = 1024 }
        #expect(throws: CryptoError.malformedKeyFile("bad salt")) {
            var bad = env
            bad.kdf.salt = "00"
            _ = try bad.open(passphrase: "x", associatedData: Self.ad)
        }
    }

    @Test func emptyPassphraseWorks() throws {
        let env = try Self.sealed("")
        #expect(try env.open(passphrase: "", associatedData: Self.ad) == Self.secret)
        #expect(throws: CryptoError.decryptionFailed) { try env.open(passphrase: " ", associatedData: Self.ad) }
    }

    @Test func unicodePassphraseAndEmptySecret() throws {
        let env = try KeyEnvelope.seal(secret: [], passphrase: "pässwörd-🔑", associatedData: [], cost: .interactive)
        #expect(try env.open(passphrase: "pässwörd-🔑", associatedData: []) == [])
        #expect(throws: CryptoError.decryptionFailed) { try env.open(passphrase: "passwörd-🔑", associatedData: []) }
    }
}
