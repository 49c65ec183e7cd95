import CSodium
import LedgerCore

/// A secret sealed under a passphrase: Argon2id (`crypto_pwhash`) stretches the passphrase into a
/// 32-byte key, XChaCha20-Poly1305 encrypts the secret, and the public key is bound in as associated
/// data so a key file cannot be edited to claim another identity.
public struct KeyEnvelope: Codable, Sendable, Equatable {
    public struct KDF: Codable, Sendable, Equatable {
        public var algorithm: String
        public var opslimit: UInt64
        public var memlimit: UInt64
        public var salt: String
    }

    public struct Cipher: Codable, Sendable, Equatable {
        public var algorithm: String
        public var nonce: String
        public var ciphertext: String
    }

    public var kdf: KDF
    public var cipher: Cipher

    /// Cost settings for Argon2id.
    public struct Cost: Sendable {
        public var opslimit: UInt64
        public var memlimit: UInt64
        /// libsodium's MODERATE limits (3 passes, 256 MiB): the default for wallet keys.
        public static let moderate = Cost(opslimit: UInt64(crypto_pwhash_OPSLIMIT_MODERATE), memlimit: UInt64(crypto_pwhash_MEMLIMIT_MODERATE))
        /// libsodium's INTERACTIVE limits: for unit tests only.
        public static let interactive = Cost(opslimit: UInt64(crypto_pwhash_OPSLIMIT_INTERACTIVE), memlimit: UInt64(crypto_pwhash_MEMLIMIT_INTERACTIVE))
    }

    static let kdfAlgorithm = "argon2id13"
    static let cipherAlgorithm = "xchacha20poly1305-ietf"

    public static func seal(secret: [UInt8], passphrase: String, associatedData: [UInt8], cost: Cost = .moderate) throws -> KeyEnvelope {
        Sodium.ready()
        let salt = secureRandomBytes(Int(crypto_pwhash_SALTBYTES))
        let key = try deriveKey(passphrase: passphrase, salt: salt, opslimit: cost.opslimit, memlimit: cost.memlimit)
        defer { wipe(key) }
        let nonce = secureRandomBytes(Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES))
        var ct = [UInt8](repeating: 0, count: secret.count + Int(crypto_aead_xchacha20poly1305_ietf_ABYTES))
        var ctLen: UInt64 = 0
        _ = crypto_aead_xchacha20poly1305_ietf_encrypt(&ct, &ctLen, secret, UInt64(secret.count), associatedData,
                                                       UInt64(associatedData.count), nil, nonce, key.baseAddress!)
        return KeyEnvelope(
            kdf: KDF(algorithm: kdfAlgorithm, opslimit: cost.opslimit, memlimit: cost.memlimit, salt: Hex.encode(salt)),
            cipher: Cipher(algorithm: cipherAlgorithm, nonce: Hex.encode(nonce), ciphertext: Hex.encode(ct)))
    }

    /// Decrypts the secret; a wrong passphrase or any tampering gives `CryptoError.decryptionFailed`.
    public func open(passphrase: String, associatedData: [UInt8]) throws -> [UInt8] {
        Sodium.ready()
        guard kdf.algorithm == Self.kdfAlgorithm else { throw CryptoError.malformedKeyFile("unknown KDF '\(kdf.algorithm)'") }
        guard cipher.algorithm == Self.cipherAlgorithm else { throw CryptoError.malformedKeyFile("unknown cipher '\(cipher.algorithm)'") }
        guard let salt = Hex.decode(kdf.salt), salt.count == Int(crypto_pwhash_SALTBYTES) else { throw CryptoError.malformedKeyFile("bad salt") }
        guard let nonce = Hex.decode(cipher.nonce), nonce.count == Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES) else {
            throw CryptoError.malformedKeyFile("bad nonce")
        }
        guard let ct = Hex.decode(cipher.ciphertext), ct.count >= Int(crypto_aead_xchacha20poly1305_ietf_ABYTES) else {
            throw CryptoError.malformedKeyFile("bad ciphertext")
        }
        // Refuse absurd costs from a hostile file rather than allocating gigabytes.
        guard kdf.memlimit <= 4 << 30, kdf.opslimit <= 64,
              kdf.memlimit >= UInt64(crypto_pwhash_MEMLIMIT_MIN), kdf.opslimit >= UInt64(crypto_pwhash_OPSLIMIT_MIN) else {
            throw CryptoError.malformedKeyFile("KDF limits out of range")
        }
        let key = try Self.deriveKey(passphrase: passphrase, salt: salt, opslimit: kdf.opslimit, memlimit: kdf.memlimit)
        defer { Self.wipe(key) }
        var out = [UInt8](repeating: 0, count: ct.count - Int(crypto_aead_xchacha20poly1305_ietf_ABYTES))
        var outLen: UInt64 = 0
        let rc = crypto_aead_xchacha20poly1305_ietf_decrypt(&out, &outLen, nil, ct, UInt64(ct.count), associatedData,
                                                            UInt64(associatedData.count), nonce, key.baseAddress!)
        guard rc == 0 else { throw CryptoError.decryptionFailed }
        return out
    }

    private static func deriveKey(passphrase: String, salt: [UInt8], opslimit: UInt64, memlimit: UInt64) throws -> UnsafeMutableBufferPointer<UInt8> {
        let key = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Int(crypto_aead_xchacha20poly1305_ietf_KEYBYTES))
        // A trailing NUL keeps the buffer non-empty (an empty passphrase is still a valid input).
        var pw = Array(passphrase.utf8)
        let pwLength = pw.count
        pw.append(0)
        defer { for i in pw.indices { pw[i] = 0 } }
        let rc = pw.withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { c in
                crypto_pwhash(key.baseAddress!, UInt64(key.count), c.baseAddress!, UInt64(pwLength), salt, opslimit,
                              Int(memlimit), crypto_pwhash_ALG_ARGON2ID13)
            }
        }
        guard rc == 0 else {
            wipe(key)
            throw CryptoError.keyDerivationFailed
        }
        return key
    }

    private static func wipe(_ key: UnsafeMutableBufferPointer<UInt8>) {
        sodium_memzero(key.baseAddress, key.count)
        key.deallocate()
    }
}
