import LedgerCore
import LedgerCrypto

/// A node's P2P identity: the first 20 bytes of SHA-256(node Ed25519 public key), shown as 40
/// lowercase hex characters (the `<id>` of `<id>@host:port` in `persistent_peers`).
public struct NodeID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public static let byteCount = 20
    public let bytes: [UInt8]

    public init(publicKey: PublicKey) {
        bytes = Array(SHA256.hash(publicKey.bytes).bytes.prefix(Self.byteCount))
    }

    public init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// Parses 40 lowercase hex characters; anything else is refused.
    public init?(hex: String) {
        guard hex.utf8.count == 2 * Self.byteCount, hex == hex.lowercased(), let b = Hex.decode(hex) else { return nil }
        bytes = b
    }

    public var hex: String { Hex.encode(bytes) }
    public var description: String { hex }
    public static func < (a: Self, b: Self) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}

/// A peer address from config: `<node id>@host:port`.
public struct PeerAddress: Hashable, Sendable, CustomStringConvertible {
    public var id: NodeID
    public var host: String
    public var port: Int

    public init(id: NodeID, host: String, port: Int) {
        self.id = id
        self.host = host
        self.port = port
    }

    public init(parsing text: String) throws(P2PError) {
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let id = NodeID(hex: String(parts[0])) else {
            throw .invalidPeerAddress(text, reason: "expected <40 hex node id>@host:port")
        }
        let hp = parts[1]
        guard let colon = hp.lastIndex(of: ":"), let port = Int(hp[hp.index(after: colon)...]), (1...65535).contains(port),
              colon != hp.startIndex
        else { throw .invalidPeerAddress(text, reason: "expected host:port with a port in 1...65535") }
        self.init(id: id, host: String(hp[..<colon]), port: port)
    }

    public var description: String { "\(id.hex)@\(host):\(port)" }
}
