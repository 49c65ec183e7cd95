/// Limits and timings of the peer manager (`[p2p]` in config.toml, Docs/OPERATIONS.md).
public struct PeerLimits: Hashable, Sendable {
    public var maxPeers: Int = 50
    public var maxFrameBytes: Int = 4 << 20
    public var backoffBaseMillis: UInt64 = 500
    public var backoffMaxMillis: UInt64 = 60_000
    public var banMillis: UInt64 = 600_000
    /// Inbound rate per peer: a token bucket of `inboundBurstBytes`, refilled at this rate.
    public var inboundBytesPerSecond: UInt64 = 8 << 20
    public var inboundBurstBytes: UInt64 = 16 << 20
    /// Messages waiting to be written to one peer; beyond this, new messages to it are dropped.
    public var maxOutboundQueue: Int = 1024

    public init() {}
}

/// Why the manager wants a connection closed.
public enum DisconnectReason: Hashable, Sendable, CustomStringConvertible {
    case banned(untilMillis: UInt64)
    case tooManyPeers(limit: Int)
    case duplicate
    case rateLimited
    case protocolViolation(String)

    public var code: String {
        switch self {
        case .banned: "P2P_BANNED"
        case .tooManyPeers: "P2P_TOO_MANY_PEERS"
        case .duplicate: "P2P_DUPLICATE_CONNECTION"
        case .rateLimited: "P2P_RATE_LIMITED"
        case .protocolViolation: "P2P_PROTOCOL_VIOLATION"
        }
    }

    public var description: String {
        switch self {
        case let .banned(t): "peer is banned until t=\(t) ms"
        case let .tooManyPeers(l): "already connected to max_peers = \(l) peers"
        case .duplicate: "already connected to this node"
        case .rateLimited: "peer exceeded its inbound rate"
        case let .protocolViolation(r): "protocol violation: \(r)"
        }
    }
}

/// Which peers to keep, dial, drop and ban, as a pure state machine: the shell reports what
/// happened (with the time as a number of milliseconds), the manager answers with actions.
/// Persistent peers are redialled with exponential backoff `base × 2^(failures−1)`, capped.
public struct PeerManager {
    public enum Event: Hashable, Sendable {
        case tick(nowMillis: UInt64)
        case dialFailed(NodeID, nowMillis: UInt64)
        /// A handshake finished; the manager accepts it or answers `.disconnect`.
        case connected(NodeID, nowMillis: UInt64)
        case disconnected(NodeID, nowMillis: UInt64)
        case received(NodeID, bytes: Int, nowMillis: UInt64)
        case misbehaved(NodeID, reason: String, nowMillis: UInt64)
    }

    public enum Action: Hashable, Sendable {
        case dial(PeerAddress)
        case disconnect(NodeID, DisconnectReason)
    }

    struct Redial {
        var address: PeerAddress
        var failures: UInt32 = 0
        var nextAttemptMillis: UInt64 = 0
        var dialling = false
    }

    struct Bucket {
        var tokens: UInt64
        var lastMillis: UInt64
    }

    public let limits: PeerLimits
    private(set) var persistent: [NodeID: Redial] = [:]
    public private(set) var connected: Set<NodeID> = []
    private var buckets: [NodeID: Bucket] = [:]
    public private(set) var bannedUntil: [NodeID: UInt64] = [:]

    public init(limits: PeerLimits, persistentPeers: [PeerAddress]) {
        self.limits = limits
        for p in persistentPeers { persistent[p.id] = Redial(address: p) }
    }

    public func backoffMillis(failures: UInt32) -> UInt64 {
        guard failures > 0 else { return 0 }
        let shift = min(failures - 1, 40)
        let (v, overflow) = limits.backoffBaseMillis.multipliedReportingOverflow(by: 1 << UInt64(shift))
        return overflow ? limits.backoffMaxMillis : min(v, limits.backoffMaxMillis)
    }

    public func nextAttemptMillis(_ id: NodeID) -> UInt64? { persistent[id]?.nextAttemptMillis }

    public mutating func handle(_ event: Event) -> [Action] {
        switch event {
        case let .tick(now):
            var out: [Action] = []
            bannedUntil = bannedUntil.filter { $0.value > now }
            for id in persistent.keys.sorted() {
                guard var r = persistent[id], !r.dialling, !connected.contains(id), r.nextAttemptMillis <= now,
                      bannedUntil[id] == nil
                else { continue }
                r.dialling = true
                persistent[id] = r
                out.append(.dial(r.address))
            }
            return out
        case let .dialFailed(id, now):
            scheduleRedial(id, now: now)
            return []
        case let .connected(id, now):
            if let until = bannedUntil[id], until > now { return [.disconnect(id, .banned(untilMillis: until))] }
            if connected.contains(id) { return [.disconnect(id, .duplicate)] }
            if connected.count >= limits.maxPeers { return [.disconnect(id, .tooManyPeers(limit: limits.maxPeers))] }
            connected.insert(id)
            buckets[id] = Bucket(tokens: limits.inboundBurstBytes, lastMillis: now)
            if var r = persistent[id] {
                r.failures = 0
                r.dialling = false
                persistent[id] = r
            }
            return []
        case let .disconnected(id, now):
            guard connected.remove(id) != nil else {
                if persistent[id]?.dialling == true { scheduleRedial(id, now: now) }
                return []
            }
            buckets[id] = nil
            scheduleRedial(id, now: now)
            return []
        case let .received(id, bytes, now):
            guard var b = buckets[id] else { return [] }
            let elapsed = now &- b.lastMillis
            let refill = elapsed.multipliedReportingOverflow(by: limits.inboundBytesPerSecond)
            let add = refill.overflow ? limits.inboundBurstBytes : refill.partialValue / 1000
            b.tokens = min(limits.inboundBurstBytes, b.tokens &+ add)
            b.lastMillis = now
            guard UInt64(bytes) <= b.tokens else {
                buckets[id] = b
                return [.disconnect(id, .rateLimited)]
            }
            b.tokens -= UInt64(bytes)
            buckets[id] = b
            return []
        case let .misbehaved(id, reason, now):
            bannedUntil[id] = now &+ limits.banMillis
            if var r = persistent[id] {
                r.nextAttemptMillis = now &+ limits.banMillis
                persistent[id] = r
            }
            return [.disconnect(id, .protocolViolation(reason))]
        }
    }

    private mutating func scheduleRedial(_ id: NodeID, now: UInt64) {
        guard var r = persistent[id] else { return }
        r.dialling = false
        r.failures &+= 1
        let ban = bannedUntil[id] ?? 0
        r.nextAttemptMillis = max(now &+ backoffMillis(failures: r.failures), ban)
        persistent[id] = r
    }
}
