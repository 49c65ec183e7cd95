import CSodium

/// One direction of `crypto_secretstream_xchacha20poly1305`: every frame after the handshake is
/// pushed through the sender of one side and pulled through the receiver of the other, so frames
/// cannot be reordered, replayed, dropped or truncated without the next pull failing.
public enum SecretStream {
    public static let headerBytes = 24
    public static let overheadBytes = 17
    public static let keyBytes = 32
}

public struct SecretStreamSender {
    private var state = crypto_secretstream_xchacha20poly1305_state()
    /// The 24-byte header the receiver needs (sent in the clear; it is a random nonce).
    public let header: [UInt8]

    public init(key: [UInt8]) throws(P2PError) {
        precondition(key.count == SecretStream.keyBytes)
        precondition(crypto_secretstream_xchacha20poly1305_headerbytes() == SecretStream.headerBytes)
        precondition(crypto_secretstream_xchacha20poly1305_abytes() == SecretStream.overheadBytes)
        _ = sodium_init()
        var h = [UInt8](repeating: 0, count: SecretStream.headerBytes)
        let rc = crypto_secretstream_xchacha20poly1305_init_push(&state, &h, key)
        guard rc == 0 else { throw .cryptoFailure("secretstream init_push") }
        header = h
    }

    public mutating func push(_ message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: message.count + SecretStream.overheadBytes)
        var outLen: UInt64 = 0
        _ = crypto_secretstream_xchacha20poly1305_push(
            &state, &out, &outLen, message, UInt64(message.count), nil, 0,
            UInt8(crypto_secretstream_xchacha20poly1305_tag_message()))
        return out
    }
}

public struct SecretStreamReceiver {
    private var state = crypto_secretstream_xchacha20poly1305_state()

    public init(key: [UInt8], header: [UInt8]) throws(P2PError) {
        precondition(key.count == SecretStream.keyBytes)
        guard header.count == SecretStream.headerBytes else {
            throw .malformedHandshake("secretstream header must be \(SecretStream.headerBytes) bytes, got \(header.count)")
        }
        _ = sodium_init()
        guard crypto_secretstream_xchacha20poly1305_init_pull(&state, header, key) == 0 else {
            throw .malformedHandshake("invalid secretstream header")
        }
    }

    /// The plaintext, or `.decryptionFailed`; only the plain message tag is accepted.
    public mutating func pull(_ cipher: [UInt8]) throws(P2PError) -> [UInt8] {
        guard cipher.count >= SecretStream.overheadBytes else { throw .decryptionFailed }
        var out = [UInt8](repeating: 0, count: cipher.count - SecretStream.overheadBytes)
        var outLen: UInt64 = 0
        var tag: UInt8 = 0
        let rc = crypto_secretstream_xchacha20poly1305_pull(&state, &out, &outLen, &tag, cipher, UInt64(cipher.count), nil, 0)
        guard rc == 0, tag == UInt8(crypto_secretstream_xchacha20poly1305_tag_message()) else { throw .decryptionFailed }
        return out
    }
}
