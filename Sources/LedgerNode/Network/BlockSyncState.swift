import LedgerP2P

/// Block sync as a pure state machine (Docs/NETWORK.md §6): fed the heights peers report, the
/// local tip, responses and the clock, it says which peer to ask for which blocks. One request is
/// in flight at a time; a peer that does not answer in time, or answers with nothing usable, is
/// passed over for the next request. Tested without sockets or clocks (BlockSyncStateTests).
public struct BlockSyncState: Sendable {
    public enum Event: Sendable, Equatable {
        /// A peer's committed tip height (`status` message).
        case status(peer: NodeID, height: UInt64)
        case peerDown(NodeID)
        /// The local committed tip changed (by consensus or by sync).
        case localHeight(UInt64)
        /// The in-flight request was answered; `applied` blocks of it were committed.
        case responded(peer: NodeID, applied: Int)
        case tick
    }

    public enum Action: Sendable, Equatable {
        case request(peer: NodeID, fromHeight: UInt64, count: UInt32)
    }

    public private(set) var peerHeights: [NodeID: UInt64] = [:]
    public private(set) var localHeight: UInt64
    public private(set) var inFlight: (peer: NodeID, from: UInt64, deadline: UInt64)?
    /// The peer passed over at the next choice (it timed out or gave nothing).
    private var avoid: NodeID?
    /// Since when we have been exactly one height behind the best peer.
    private var behindByOneSince: UInt64?

    /// How long a request may take before another peer is asked.
    public let requestTimeoutMillis: UInt64
    /// Blocks asked for at once (at most P2PMessage.maxSyncBlocks).
    public let batch: UInt32
    /// One height behind is normal for a moment (a peer committed first and consensus will deliver
    /// the same block); only after this long does sync fetch it.
    public let lagGraceMillis: UInt64

    public init(localHeight: UInt64, requestTimeoutMillis: UInt64 = 5_000, batch: UInt32 = 16, lagGraceMillis: UInt64 = 1_500) {
        self.localHeight = localHeight
        self.requestTimeoutMillis = requestTimeoutMillis
        self.batch = min(max(batch, 1), P2PMessage.maxSyncBlocks)
        self.lagGraceMillis = lagGraceMillis
    }

    /// The highest height any peer reports.
    public var bestPeerHeight: UInt64 { peerHeights.values.max() ?? 0 }
    /// Whether this node is behind its peers by more than a moment's lag.
    public var isCatchingUp: Bool { bestPeerHeight > localHeight + 1 }

    public mutating func handle(_ event: Event, nowMillis now: UInt64) -> [Action] {
        switch event {
        case let .status(peer, h): peerHeights[peer] = h
        case let .peerDown(peer):
            peerHeights[peer] = nil
            if inFlight?.peer == peer { inFlight = nil }
        case let .localHeight(h):
            localHeight = max(localHeight, h)
            if let f = inFlight, localHeight >= f.from + UInt64(batch) - 1 { inFlight = nil }
        case let .responded(peer, applied):
            guard inFlight?.peer == peer else { break }
            inFlight = nil
            if applied == 0 { avoid = peer }
        case .tick:
            if let f = inFlight, now >= f.deadline {
                avoid = f.peer
                inFlight = nil
            }
        }
        return next(now)
    }

    private mutating func next(_ now: UInt64) -> [Action] {
        let best = bestPeerHeight
        if best == localHeight + 1 {
            if behindByOneSince == nil { behindByOneSince = now }
        } else {
            behindByOneSince = nil
        }
        guard inFlight == nil, best > localHeight else { return [] }
        if best == localHeight + 1, let since = behindByOneSince, now - since < lagGraceMillis { return [] }
        // The peers ahead of us, highest first (ties by id, so the choice is deterministic); the
        // one to avoid goes last.
        let ahead = peerHeights.filter { $0.value > localHeight }.sorted { a, b in
            if (a.key == avoid) != (b.key == avoid) { return b.key == avoid }
            return a.value != b.value ? a.value > b.value : a.key < b.key
        }
        guard let (peer, height) = ahead.first else { return [] }
        if peer == avoid { avoid = nil }
        let from = localHeight + 1
        let count = UInt32(min(UInt64(batch), height - localHeight))
        inFlight = (peer, from, now + requestTimeoutMillis)
        return [.request(peer: peer, fromHeight: from, count: count)]
    }
}
