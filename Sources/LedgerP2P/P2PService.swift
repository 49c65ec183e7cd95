import LedgerCore
import LedgerCrypto
import NIOCore
import NIOPosix

/// Everything a `P2PService` needs from config.toml's `[p2p]` and genesis.
public struct P2PConfig: Sendable {
    public var chain: ChainIdentity
    public var listenHost: String
    /// 0 = an ephemeral port (tests); `P2PService.start()` returns the port bound.
    public var listenPort: Int
    public var persistentPeers: [PeerAddress]
    public var limits: PeerLimits
    /// How often the peer manager is ticked (redials).
    public var tickMillis: UInt64 = 100

    public init(chain: ChainIdentity, listenHost: String, listenPort: Int, persistentPeers: [PeerAddress], limits: PeerLimits) {
        self.chain = chain
        self.listenHost = listenHost
        self.listenPort = listenPort
        self.persistentPeers = persistentPeers
        self.limits = limits
    }
}

public enum PeerEvent: Sendable, Hashable {
    case up(NodeID)
    case down(NodeID)
    /// A connection was refused or closed for a reason (handshake failure, bad frame, ban…).
    case refused(NodeID?, code: String, reason: String)
}

/// The network as the node sees it (driven by `LedgerNode.NetworkService`):
/// `messages` in, `send(_:to:)` and `broadcast(_:)` out, `events` for peers going up and down.
/// Listens on `laddr`, dials `persistent_peers` (redialled with backoff by `PeerManager`).
public actor P2PService {
    public nonisolated let messages: AsyncStream<(peer: NodeID, message: P2PMessage)>
    public nonisolated let events: AsyncStream<PeerEvent>
    public nonisolated let nodeID: NodeID

    private let messageSink: AsyncStream<(peer: NodeID, message: P2PMessage)>.Continuation
    private let eventSink: AsyncStream<PeerEvent>.Continuation
    private let config: P2PConfig
    private let nodeKeySeed: [UInt8]
    private let group: any EventLoopGroup
    private var manager: PeerManager
    private var channels: [NodeID: any Channel] = [:]
    private var server: (any Channel)?
    private var ticker: Task<Void, Never>?
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant

    /// `nodeKeySeed`: the 32-byte seed of `config/node_key.json`. Each connection re-creates the
    /// `SigningKey` on its event loop, since a key object never crosses tasks.
    public init(config: P2PConfig, nodeKeySeed: [UInt8], group: any EventLoopGroup) throws {
        let key = try SigningKey(seed: nodeKeySeed)
        nodeID = NodeID(publicKey: key.publicKey)
        self.config = config
        self.nodeKeySeed = nodeKeySeed
        self.group = group
        manager = PeerManager(limits: config.limits, persistentPeers: config.persistentPeers)
        (messages, messageSink) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(65_536))
        (events, eventSink) = AsyncStream.makeStream()
        started = ContinuousClock.now
    }

    private var nowMillis: UInt64 {
        let d = clock.now - started
        return UInt64(d.components.seconds) * 1000 + UInt64(d.components.attoseconds / 1_000_000_000_000_000)
    }

    /// Binds the listener and starts dialling; returns the port bound.
    public func start() async throws -> Int {
        let init_ = channelInitializer(role: .responder, expected: nil)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer(init_)
            .bind(host: config.listenHost, port: config.listenPort).get()
        server = channel
        let interval = config.tickMillis
        ticker = Task { [weak self] in
            while !Task.isCancelled {
                await self?.tick()
                try? await Task.sleep(for: .milliseconds(interval))
            }
        }
        return channel.localAddress?.port ?? config.listenPort
    }

    public func stop() async {
        ticker?.cancel()
        ticker = nil
        try? await server?.close()
        for c in channels.values { try? await c.close() }
        channels = [:]
        messageSink.finish()
        eventSink.finish()
    }

    public var connectedPeers: [NodeID] { channels.keys.sorted() }

    /// Sends to one peer; false if it is not connected.
    @discardableResult
    public func send(_ message: P2PMessage, to peer: NodeID) -> Bool {
        guard let c = channels[peer] else { return false }
        c.writeAndFlush(message, promise: nil)
        return true
    }

    public func broadcast(_ message: P2PMessage) {
        for c in channels.values { c.writeAndFlush(message, promise: nil) }
    }

    private func tick() {
        perform(manager.handle(.tick(nowMillis: nowMillis)))
    }

    private func perform(_ actions: [PeerManager.Action]) {
        for action in actions {
            switch action {
            case let .dial(address): dial(address)
            case let .disconnect(id, reason):
                eventSink.yield(.refused(id, code: reason.code, reason: reason.description))
                if let c = channels.removeValue(forKey: id) {
                    c.close(promise: nil)
                    eventSink.yield(.down(id))
                }
            }
        }
    }

    private func dial(_ address: PeerAddress) {
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.seconds(5))
            .channelInitializer(channelInitializer(role: .initiator, expected: address.id))
        let future = bootstrap.connect(host: address.host, port: address.port)
        future.whenFailure { [weak self] _ in
            Task { await self?.dialFailed(address.id) }
        }
    }

    private func dialFailed(_ id: NodeID) {
        perform(manager.handle(.dialFailed(id, nowMillis: nowMillis)))
    }

    private nonisolated func channelInitializer(role: Handshake.Role, expected: NodeID?) -> @Sendable (any Channel) -> EventLoopFuture<Void> {
        let seed = nodeKeySeed, chain = config.chain, limits = config.limits
        let callbacks = ConnectionCallbacks(
            established: { [weak self] id, role, channel in Task { await self?.established(id, role: role, channel: channel) } },
            message: { [weak self] id, message, bytes in
                guard let self else { return }
                self.messageSink.yield((peer: id, message: message))
                Task { await self.received(id, bytes: bytes) }
            },
            failed: { [weak self] id, error, afterHandshake in
                Task { await self?.failed(id, error: error, afterHandshake: afterHandshake) }
            },
            closed: { [weak self] id, channel in Task { await self?.closed(id, channel: channel) } })
        return { channel in
            channel.eventLoop.makeCompletedFuture {
                let key = try SigningKey(seed: seed)
                let hs = Handshake(role: role, chain: chain, nodeKey: key, expectedPeer: expected)
                try channel.pipeline.syncOperations.addHandler(ConnectionHandler(handshake: hs, limits: limits, callbacks: callbacks))
            }
        }
    }

    private func established(_ id: NodeID, role: Handshake.Role, channel: any Channel) {
        if let existing = channels[id] {
            // Both sides dialled each other: keep the connection whose initiator has the smaller
            // node id, which both ends compute alike.
            let newIsPreferred = role == .initiator ? nodeID < id : id < nodeID
            if newIsPreferred {
                channels[id] = channel
                existing.close(promise: nil)
            } else {
                channel.close(promise: nil)
            }
            return
        }
        let actions = manager.handle(.connected(id, nowMillis: nowMillis))
        if actions.isEmpty {
            channels[id] = channel
            eventSink.yield(.up(id))
        } else {
            channel.close(promise: nil)
            for case let .disconnect(_, reason) in actions {
                eventSink.yield(.refused(id, code: reason.code, reason: reason.description))
            }
        }
    }

    private func received(_ id: NodeID, bytes: Int) {
        perform(manager.handle(.received(id, bytes: bytes, nowMillis: nowMillis)))
    }

    private func failed(_ id: NodeID?, error: P2PError, afterHandshake: Bool) {
        eventSink.yield(.refused(id, code: error.code, reason: error.description))
        // A peer that proved its identity and then sent garbage is banned for a while.
        if let id, afterHandshake { perform(manager.handle(.misbehaved(id, reason: error.description, nowMillis: nowMillis))) }
    }

    private func closed(_ id: NodeID?, channel: any Channel) {
        guard let id else { return }
        if let c = channels[id], c === channel {
            channels[id] = nil
            eventSink.yield(.down(id))
            perform(manager.handle(.disconnected(id, nowMillis: nowMillis)))
        } else if channels[id] == nil {
            perform(manager.handle(.disconnected(id, nowMillis: nowMillis)))
        }
    }
}
