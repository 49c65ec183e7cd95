import CSodium
import LedgerCore

public enum CryptoError: Error, Equatable, CustomStringConvertible {
    case invalidSeedLength(Int)
    case keyGenerationFailed
    case decryptionFailed
    case keyDerivationFailed
    case malformedKeyFile(String)

    public var description: String {
        switch self {
        case let .invalidSeedLength(n): "an Ed25519 seed must be 32 bytes, got \(n)"
        case .keyGenerationFailed: "libsodium could not derive the key pair"
        case .decryptionFailed: "wrong passphrase, or the key file is corrupted"
        case .keyDerivationFailed: "the passphrase could not be stretched (out of memory?)"
        case let .malformedKeyFile(why): "the key file is malformed: \(why)"
        }
    }
}

/// An Ed25519 signing key. The secret lives in memory allocated by this class and is wiped with
/// `sodium_memzero` when the last reference goes; it is never printed or encoded implicitly.
/// Deliberately not `Sendable`: a secret stays with the one task that loaded it.
public final class SigningKey {
    public let publicKey: PublicKey
    // Immutable after init; only read through `withUnsafeBufferPointer`.
    private let secret: UnsafeMutableBufferPointer<UInt8>

    /// A fresh key from libsodium's CSPRNG.
    public convenience init() {
        let seed = secureRandomBytes(32)
        try! self.init(seed: seed)
    }

    /// The key determined by a 32-byte seed (RFC 8032 private key).
    public init(seed: [UInt8]) throws {
        guard seed.count == 32 else { throw CryptoError.invalidSeedLength(seed.count) }
        Sodium.ready()
        let sk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Int(crypto_sign_SECRETKEYBYTES))
        var pk = [UInt8](repeating: 0, count: 32)
        let rc = pk.withUnsafeMutableBufferPointer { p in
            seed.withUnsafeBufferPointer { s in crypto_sign_seed_keypair(p.baseAddress!, sk.baseAddress!, s.baseAddress!) }
        }
        guard rc == 0 else {
            sodium_memzero(sk.baseAddress, sk.count)
            sk.deallocate()
            throw CryptoError.keyGenerationFailed
        }
        secret = sk
        publicKey = PublicKey(unchecked: pk)
    }

    deinit {
        sodium_memzero(secret.baseAddress, secret.count)
        secret.deallocate()
    }

    /// The 32-byte seed, for encrypting into a key file. Callers must not log it.
    public func exportSeed() -> [UInt8] { Array(secret[0..<32]) }

    public func sign(_ message: [UInt8]) -> Signature {
        var sig = [UInt8](repeating: 0, count: 64)
        sig.withUnsafeMutableBufferPointer { s in
            message.withUnsafeBufferPointer { m in
                _ = crypto_sign_detached(s.baseAddress!, nil, m.baseAddress, UInt64(m.count), secret.baseAddress!)
            }
        }
        return Signature(unchecked: sig)
    }
}

extension PublicKey {
    /// Verifies a detached Ed25519 signature (libsodium rejects small-order and non-canonical points).
    public func isValidSignature(_ signature: Signature, for message: [UInt8]) -> Bool {
        Sodium.ready()
        return signature.bytes.withUnsafeBufferPointer { s in
            message.withUnsafeBufferPointer { m in
                bytes.withUnsafeBufferPointer { k in
                    crypto_sign_verify_detached(s.baseAddress!, m.baseAddress, UInt64(m.count), k.baseAddress!) == 0
                }
            }
        }
    }
}

extension Address {
    /// The first 20 bytes of SHA-256(public key).
    public init(publicKey: PublicKey) {
        try! self.init(bytes: Array(SHA256.hash(publicKey.bytes).bytes.prefix(Address.byteCount)))
    }
}
