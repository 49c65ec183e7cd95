import LedgerCore
import LedgerCrypto
import NIOCore

/// What a connection reports to its `P2PService`. Called on the channel's event loop; the
/// closures hop to the service themselves.
struct ConnectionCallbacks: Sendable {
    var established: @Sendable (_ peer: NodeID, _ role: Handshake.Role, _ channel: any Channel) -> Void
    var message: @Sendable (_ peer: NodeID, _ message: P2PMessage, _ bytes: Int) -> Void
    /// The connection failed or broke the protocol (`peer` nil if it never finished the handshake).
    var failed: @Sendable (_ peer: NodeID?, _ error: P2PError, _ afterHandshake: Bool) -> Void
    var closed: @Sendable (_ peer: NodeID?, _ channel: any Channel) -> Void
}

/// One TCP connection: drives the pure `Handshake` with the frames read, then seals every
/// outbound `P2PMessage` and opens every inbound frame. Lives on its event loop only.
final class ConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = P2PMessage
    typealias OutboundOut = ByteBuffer

    private var handshake: Handshake
    private var session: Session?
    private var peer: NodeID?
    private var reader: FrameReader
    private let callbacks: ConnectionCallbacks
    private let maxOutboundQueue: Int
    private var pendingWrites = 0
    private var closing = false

    init(handshake: Handshake, limits: PeerLimits, callbacks: ConnectionCallbacks) {
        self.handshake = handshake
        reader = FrameReader(maxFrameBytes: limits.maxFrameBytes)
        self.callbacks = callbacks
        maxOutboundQueue = limits.maxOutboundQueue
    }

    func channelActive(context: ChannelHandlerContext) {
        run(handshake.handle(.start), context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        callbacks.closed(peer ?? handshake.expectedPeer, context.channel)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        let buffer = unwrapInboundIn(data)
        reader.append(buffer.readableBytesView)
        do {
            while !closing, let frame = try reader.next() {
                if var s = session, let peer {
                    let plain = try s.open(frame)
                    session = s
                    let message: P2PMessage
                    do { message = try P2PMessage(canonical: plain) } catch {
                        throw P2PError.malformedMessage("\(error)")
                    }
                    callbacks.message(peer, message, frame.count + 4)
                } else {
                    run(handshake.handle(.frame(frame)), context: context)
                }
            }
        } catch {
            fail(error, context: context)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let message = unwrapOutboundIn(data)
        guard var s = session, !closing else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        // Outbound queue limit: a slow peer gets messages dropped rather than unbounded memory.
        guard pendingWrites < maxOutboundQueue else {
            promise?.fail(ChannelError.writeHostUnreachable)
            return
        }
        let sealed = s.seal(message.canonicalBytes)
        session = s
        pendingWrites += 1
        let p = promise ?? context.eventLoop.makePromise()
        p.futureResult.assumeIsolated().whenComplete { [self] _ in pendingWrites -= 1 }
        context.write(wrapOutboundOut(context.channel.allocator.buffer(bytes: FrameReader.frame(sealed))), promise: p)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func run(_ actions: [Handshake.Action], context: ChannelHandlerContext) {
        for action in actions {
            switch action {
            case let .send(payload):
                context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: FrameReader.frame(payload))), promise: nil)
            case let .established(s, _, id):
                session = s
                peer = id
                callbacks.established(id, handshake.role, context.channel)
            case let .fail(error):
                fail(error, context: context)
            }
        }
    }

    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        guard !closing else { return }
        closing = true
        let e = (error as? P2PError) ?? .malformedMessage("\(error)")
        callbacks.failed(peer, e, session != nil)
        context.close(promise: nil)
    }
}
