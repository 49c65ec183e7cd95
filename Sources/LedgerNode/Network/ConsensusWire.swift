import LedgerConsensus
import LedgerCore
import LedgerCrypto
import LedgerP2P

/// Outgoing P2P traffic, in the order the node produced it, for the one task that writes to
/// `P2PService` (so a proposal's parts never overtake its announcement).
enum Outbound: Sendable {
    case broadcast(P2PMessage)
    case send(P2PMessage, to: NodeID)
}

/// The engine's network port over P2P: a proposal goes out as its announcement (with the part
/// hashes) and then its parts; a vote as itself. Own messages of the current height are kept so
/// they can be sent again to a peer that (re)connects or when the height stalls (TCP delivers
/// what a live connection carries; what a dropped one lost is sent again).
final class P2PConsensusTransport: ConsensusTransport {
    private let out: AsyncStream<Outbound>.Continuation
    private(set) var ownHeight: UInt64 = 0
    private(set) var ownMessages: [P2PMessage] = []
    /// At most this many own messages are kept for resending (rounds of one height).
    static let maxKept = 512

    init(out: AsyncStream<Outbound>.Continuation) { self.out = out }

    func broadcast(_ message: ConsensusMessage) {
        let wire = Self.wire(message)
        if message.height != ownHeight {
            ownHeight = message.height
            ownMessages = []
        }
        if ownMessages.count + wire.count <= Self.maxKept { ownMessages += wire }
        for m in wire { out.yield(.broadcast(m)) }
    }

    static func wire(_ message: ConsensusMessage) -> [P2PMessage] {
        switch message {
        case let .vote(v): return [.vote(v)]
        case let .proposal(p, block):
            let (parts, hashes) = P2PMessage.parts(of: block.canonicalBytes, hash: { SHA256.hash($0) })
            return [.proposal(p, partHashes: hashes)]
                + parts.enumerated().map { .blockPart(height: p.height, round: p.round, index: UInt32($0.offset), bytes: $0.element) }
        }
    }
}

/// The engine's timers as sleeping tasks that call back into the network actor. A stale timeout
/// (another height or round by then) is ignored by the engine.
final class TaskTimers: TimerScheduler {
    private let fire: @Sendable (ConsensusTimeout) async -> Void
    private let nextHeight: @Sendable (UInt64) async -> Void

    init(fire: @escaping @Sendable (ConsensusTimeout) async -> Void, nextHeight: @escaping @Sendable (UInt64) async -> Void) {
        self.fire = fire
        self.nextHeight = nextHeight
    }

    func schedule(afterMillis ms: UInt64, _ timeout: ConsensusTimeout) {
        let fire = fire
        Task {
            guard (try? await Task.sleep(for: .milliseconds(Int64(min(ms, 86_400_000))))) != nil else { return }
            await fire(timeout)
        }
    }

    func scheduleNextHeight(afterMillis ms: UInt64, height: UInt64) {
        let next = nextHeight
        Task {
            guard (try? await Task.sleep(for: .milliseconds(Int64(min(ms, 86_400_000))))) != nil else { return }
            await next(height)
        }
    }
}

extension P2PSettings {
    /// config.toml's `[p2p]` as the transport takes it.
    func transportConfig(chain: ChainIdentity) throws -> P2PConfig {
        var limits = PeerLimits()
        limits.maxPeers = maxPeers
        limits.maxFrameBytes = maxFrameBytes
        limits.backoffBaseMillis = backoffBaseMillis
        limits.backoffMaxMillis = backoffMaxMillis
        limits.banMillis = banMillis
        limits.inboundBytesPerSecond = inboundBytesPerSecond
        limits.inboundBurstBytes = inboundBurstBytes
        limits.maxOutboundQueue = maxOutboundQueue
        let peers = try persistentPeers.map { text throws -> PeerAddress in
            do { return try PeerAddress(parsing: text) } catch { throw NodeConfig.ConfigError.invalid("'p2p.persistent_peers' entry '\(text)': \(error)") }
        }
        return P2PConfig(chain: chain, listenHost: host, listenPort: port, persistentPeers: peers, limits: limits)
    }
}
