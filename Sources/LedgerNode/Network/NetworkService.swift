import Foundation
import LedgerConsensus
import LedgerCore
import LedgerP2P
import Logging
import NIOPosix
import ServiceLifecycle

/// The peer-to-peer side of a node as one service (Docs/NETWORK.md §6): starts `P2PService`,
/// feeds its messages and peer events to `NodeNetwork` (consensus, sync) one at a time, writes
/// `NodeNetwork`'s outgoing messages in order, ticks it, and gossips transactions both ways —
/// those this node admitted go out in batches every few milliseconds, those peers send are
/// admitted off the consensus actor (a bounded queue: under overload the oldest batches are dropped,
/// which only delays them, since every node's mempool gossips what it admits).
public struct NetworkService: Service {
    let p2p: P2PService
    let network: NodeNetwork
    let node: NodeCore
    let logger: Logger
    private let outbound: AsyncStream<Outbound>
    public let nodeID: NodeID

    static let tickMillis: UInt64 = 200
    static let txFlushMillis: UInt64 = 10
    static let maxTxBatchBytes = 1 << 20

    public init(node: NodeCore, p2p: P2PSettings, nodeKeySeed: [UInt8], settings: NodeNetwork.Settings, logger: Logger) throws {
        let config = try p2p.transportConfig(chain: node.genesis.identity)
        let service = try P2PService(config: config, nodeKeySeed: nodeKeySeed, group: MultiThreadedEventLoopGroup.singleton)
        let (stream, continuation) = AsyncStream<Outbound>.makeStream()
        self.p2p = service
        self.node = node
        self.logger = logger
        outbound = stream
        nodeID = service.nodeID
        network = try NodeNetwork(node: node, ownID: service.nodeID, settings: settings, logger: logger, out: continuation)
        node.txGossip.enable()
    }

    public func run() async throws {
        let port = try await p2p.start()
        logger.info("P2P listening", metadata: ["node_id": "\(nodeID)", "port": "\(port)"])
        try await network.start()
        let (txIn, txSink) = AsyncStream<[[UInt8]]>.makeStream(bufferingPolicy: .bufferingNewest(1024))
        let p2p = p2p, network = network, node = node, outbound = outbound, logger = logger
        do {
            try await cancelWhenGracefulShutdown {
                try await withThrowingTaskGroup(of: String.self) { group in
                    group.addTask {
                        for await (peer, message) in p2p.messages {
                            if case let .transactions(raws) = message { txSink.yield(raws) } else { try await network.receive(message, from: peer) }
                        }
                        return "inbound messages"
                    }
                    group.addTask {
                        for await event in p2p.events { await network.peer(event) }
                        return "peer events"
                    }
                    group.addTask {
                        for await o in outbound {
                            switch o {
                            case let .broadcast(m): await p2p.broadcast(m)
                            case let .send(m, peer): await p2p.send(m, to: peer)
                            }
                        }
                        return "outbound messages"
                    }
                    group.addTask {
                        for await raws in txIn { await node.admitFromPeer(raws) }
                        return "transaction admission"
                    }
                    group.addTask {
                        while !Task.isCancelled {
                            try await Task.sleep(for: .milliseconds(Int64(Self.txFlushMillis)))
                            for batch in node.txGossip.drain(maxCount: P2PMessage.maxTransactionsPerMessage, maxBatchBytes: Self.maxTxBatchBytes) {
                                await p2p.broadcast(.transactions(batch))
                            }
                        }
                        return "transaction gossip"
                    }
                    group.addTask {
                        while !Task.isCancelled {
                            try await Task.sleep(for: .milliseconds(Int64(Self.tickMillis)))
                            try await network.tick()
                        }
                        return "ticker"
                    }
                    // Every task runs until shutdown; one that ends early is a bug worth naming.
                    if let ended = try await group.next(), !Task.isCancelled {
                        logger.error("a network task ended on its own; the node shuts down", metadata: ["task": "\(ended)"])
                    }
                    group.cancelAll()
                }
            }
        } catch is CancellationError {
            // Graceful shutdown.
        } catch {
            logger.critical("the network service stopped on an error; the node shuts down", metadata: ["error": "\(error)"])
            await p2p.stop()
            throw error
        }
        await p2p.stop()
        logger.info("P2P stopped")
    }
}
