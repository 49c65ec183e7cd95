import LedgerCore

/// Why a connection was refused or closed. `code` is stable (logs, peer scoring, tests).
public enum P2PError: Error, Hashable, Sendable, CustomStringConvertible {
    case wrongChain(expectedChainID: String, expectedGenesis: Hash, gotChainID: String, gotGenesis: Hash)
    case badSignature
    case unexpectedNodeID(expected: NodeID, got: NodeID)
    case selfConnection
    case malformedHandshake(String)
    case frameTooLarge(length: Int, limit: Int)
    case decryptionFailed
    case malformedMessage(String)
    case invalidPeerAddress(String, reason: String)
    case cryptoFailure(String)

    public var code: String {
        switch self {
        case .wrongChain: "P2P_WRONG_CHAIN"
        case .badSignature: "P2P_BAD_SIGNATURE"
        case .unexpectedNodeID: "P2P_UNEXPECTED_NODE_ID"
        case .selfConnection: "P2P_SELF_CONNECTION"
        case .malformedHandshake: "P2P_MALFORMED_HANDSHAKE"
        case .frameTooLarge: "P2P_FRAME_TOO_LARGE"
        case .decryptionFailed: "P2P_DECRYPTION_FAILED"
        case .malformedMessage: "P2P_MALFORMED_MESSAGE"
        case .invalidPeerAddress: "P2P_INVALID_PEER_ADDRESS"
        case .cryptoFailure: "P2P_CRYPTO_FAILURE"
        }
    }

    public var description: String {
        switch self {
        case let .wrongChain(ec, eg, gc, gg):
            "peer is on chain '\(gc)' (genesis \(gg.hex)), this node is on '\(ec)' (genesis \(eg.hex))"
        case .badSignature: "the peer's signature over the handshake transcript does not verify"
        case let .unexpectedNodeID(e, g): "dialled node \(e.hex) but the peer proved node id \(g.hex)"
        case .selfConnection: "the peer has this node's own id"
        case let .malformedHandshake(r): "malformed handshake message: \(r)"
        case let .frameTooLarge(l, lim): "frame of \(l) bytes exceeds max_frame_bytes \(lim)"
        case .decryptionFailed: "a frame failed to decrypt or authenticate"
        case let .malformedMessage(r): "malformed message: \(r)"
        case let .invalidPeerAddress(t, r): "invalid peer address '\(t)': \(r)"
        case let .cryptoFailure(r): "libsodium failed: \(r)"
        }
    }
}
