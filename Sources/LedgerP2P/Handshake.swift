import CSodium
import LedgerCore
import LedgerCrypto

/// An X25519 key pair for one connection (`crypto_kx`). Fresh per connection; a seed only in tests
/// and the worked example of Docs/NETWORK.md.
public struct EphemeralKeyPair {
    public let publicKey: [UInt8]
    let secretKey: [UInt8]

    public static func random() -> EphemeralKeyPair {
        _ = sodium_init()
        var pk = [UInt8](repeating: 0, count: 32), sk = [UInt8](repeating: 0, count: 32)
        _ = crypto_kx_keypair(&pk, &sk)
        return EphemeralKeyPair(publicKey: pk, secretKey: sk)
    }

    public static func fromSeed(_ seed: [UInt8]) -> EphemeralKeyPair {
        precondition(seed.count == 32)
        _ = sodium_init()
        var pk = [UInt8](repeating: 0, count: 32), sk = [UInt8](repeating: 0, count: 32)
        _ = crypto_kx_seed_keypair(&pk, &sk, seed)
        return EphemeralKeyPair(publicKey: pk, secretKey: sk)
    }

    private init(publicKey: [UInt8], secretKey: [UInt8]) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }
}

/// The encrypted session a finished handshake yields: frames out through `seal`, frames in
/// through `open` (a failure there closes the connection).
public struct Session {
    var sender: SecretStreamSender
    var receiver: SecretStreamReceiver

    public mutating func seal(_ plaintext: [UInt8]) -> [UInt8] { sender.push(plaintext) }
    public mutating func open(_ cipher: [UInt8]) throws(P2PError) -> [UInt8] { try receiver.pull(cipher) }
}

/// The authenticated key exchange (Docs/NETWORK.md §2) as a pure state machine: frames in,
/// frames out; the shell does the socket I/O and the length prefixes.
///
/// Both sides, without waiting: frame 1 `hello` = `string chain id || genesis hash (32) ||
/// ephemeral X25519 key (32)`. On the peer's hello: refuse another chain; transcript =
/// `string "desci/p2p-handshake/v1" || string chain id || genesis hash || initiator ephemeral ||
/// responder ephemeral`; session keys by `crypto_kx_client_session_keys` (initiator) /
/// `crypto_kx_server_session_keys` (responder); send frame 2, the secretstream header of our
/// sending direction, and frame 3, `node public key (32) || Ed25519 signature over the transcript
/// (64)` pushed through that stream (so a passive observer does not learn node identities).
/// On the peer's frames 2 and 3: open its stream, verify its signature, check its node id.
public struct Handshake {
    public enum Role: Sendable { case initiator, responder }

    public enum Event {
        case start
        /// The payload of one frame received from the peer.
        case frame([UInt8])
    }

    public enum Action {
        /// Send this as one frame.
        case send([UInt8])
        case established(Session, peerKey: PublicKey, peerID: NodeID)
        /// Refuse the peer and close the connection.
        case fail(P2PError)
    }

    public static let domain = "desci/p2p-handshake/v1"
    public static let authBytes = 96

    enum State {
        case idle
        case awaitingHello
        case awaitingHeader(transcript: [UInt8], sender: SecretStreamSender, rxKey: [UInt8])
        case awaitingAuth(transcript: [UInt8], sender: SecretStreamSender, receiver: SecretStreamReceiver)
        case done
    }

    public let role: Role
    public let chain: ChainIdentity
    public let expectedPeer: NodeID?
    private let nodeKey: SigningKey
    private let ephemeral: EphemeralKeyPair
    private var state: State = .idle

    public init(role: Role, chain: ChainIdentity, nodeKey: SigningKey, expectedPeer: NodeID? = nil,
                ephemeral: EphemeralKeyPair = .random()) {
        self.role = role
        self.chain = chain
        self.nodeKey = nodeKey
        self.expectedPeer = expectedPeer
        self.ephemeral = ephemeral
    }

    public var isDone: Bool { if case .done = state { true } else { false } }

    public static func hello(chain: ChainIdentity, ephemeral: [UInt8]) -> [UInt8] {
        var w = CanonicalWriter(capacity: 128)
        w.string(chain.chainID)
        w.fixed(chain.genesisHash)
        w.raw(ephemeral)
        return w.bytes
    }

    public static func transcript(chain: ChainIdentity, initiatorEphemeral: [UInt8], responderEphemeral: [UInt8]) -> [UInt8] {
        var w = CanonicalWriter(capacity: 192)
        w.string(domain)
        w.string(chain.chainID)
        w.fixed(chain.genesisHash)
        w.raw(initiatorEphemeral)
        w.raw(responderEphemeral)
        return w.bytes
    }

    /// `(rx, tx)` session keys for this side (libsodium's naming: the initiator is the client).
    public static func sessionKeys(role: Role, own: EphemeralKeyPair, peer: [UInt8]) throws(P2PError) -> (rx: [UInt8], tx: [UInt8]) {
        var rx = [UInt8](repeating: 0, count: 32), tx = [UInt8](repeating: 0, count: 32)
        let rc = switch role {
        case .initiator: crypto_kx_client_session_keys(&rx, &tx, own.publicKey, own.secretKey, peer)
        case .responder: crypto_kx_server_session_keys(&rx, &tx, own.publicKey, own.secretKey, peer)
        }
        guard rc == 0 else { throw .malformedHandshake("the peer's ephemeral key is not a usable X25519 key") }
        return (rx, tx)
    }

    public mutating func handle(_ event: Event) -> [Action] {
        do {
            return try step(event)
        } catch {
            state = .done
            return [.fail(error)]
        }
    }

    private mutating func step(_ event: Event) throws(P2PError) -> [Action] {
        switch (state, event) {
        case (.idle, .start):
            state = .awaitingHello
            return [.send(Self.hello(chain: chain, ephemeral: ephemeral.publicKey))]
        case let (.awaitingHello, .frame(bytes)):
            let peerEphemeral = try decodeHello(bytes)
            let transcript = switch role {
            case .initiator: Self.transcript(chain: chain, initiatorEphemeral: ephemeral.publicKey, responderEphemeral: peerEphemeral)
            case .responder: Self.transcript(chain: chain, initiatorEphemeral: peerEphemeral, responderEphemeral: ephemeral.publicKey)
            }
            let keys = try Self.sessionKeys(role: role, own: ephemeral, peer: peerEphemeral)
            var sender = try SecretStreamSender(key: keys.tx)
            let auth = nodeKey.publicKey.bytes + nodeKey.sign(transcript).bytes
            let sealed = sender.push(auth)
            state = .awaitingHeader(transcript: transcript, sender: sender, rxKey: keys.rx)
            return [.send(sender.header), .send(sealed)]
        case let (.awaitingHeader(transcript, sender, rxKey), .frame(bytes)):
            let receiver = try SecretStreamReceiver(key: rxKey, header: bytes)
            state = .awaitingAuth(transcript: transcript, sender: sender, receiver: receiver)
            return []
        case let (.awaitingAuth(transcript, sender, receiver), .frame(bytes)):
            var rx = receiver
            let auth = try rx.pull(bytes)
            guard auth.count == Self.authBytes else {
                throw .malformedHandshake("auth message must be \(Self.authBytes) bytes, got \(auth.count)")
            }
            let key = PublicKey(unchecked: Array(auth[0..<32]))
            let signature = Signature(unchecked: Array(auth[32..<96]))
            guard key.isValidSignature(signature, for: transcript) else { throw .badSignature }
            let id = NodeID(publicKey: key)
            if key == nodeKey.publicKey { throw .selfConnection }
            if let expected = expectedPeer, expected != id { throw .unexpectedNodeID(expected: expected, got: id) }
            state = .done
            return [.established(Session(sender: sender, receiver: rx), peerKey: key, peerID: id)]
        case (.done, _):
            return []
        default:
            throw .malformedHandshake("unexpected event in this handshake state")
        }
    }

    private func decodeHello(_ bytes: [UInt8]) throws(P2PError) -> [UInt8] {
        do {
            var r = CanonicalReader(bytes)
            let chainID = try r.string(field: "chain id", limit: ProtocolLimits.maxChainIDBytes)
            let genesis = try r.fixed(Hash.self)
            let eph = try r.raw(32)
            try r.finish()
            guard chainID == chain.chainID, genesis == chain.genesisHash else {
                throw P2PError.wrongChain(expectedChainID: chain.chainID, expectedGenesis: chain.genesisHash,
                                          gotChainID: chainID, gotGenesis: genesis)
            }
            return eph
        } catch let e as P2PError {
            throw e
        } catch {
            throw .malformedHandshake("hello: \(error)")
        }
    }
}
