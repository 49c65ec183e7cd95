import LedgerCore
import LedgerCrypto
import NIOPosix
import Testing

@testable import LedgerP2P

/// Real services on 127.0.0.1 with ephemeral ports, through the real handshake.
@Suite(.serialized) struct LoopbackTests {
    static func seed(_ n: UInt8) -> [UInt8] { [UInt8](repeating: n, count: 32) }
    static func id(_ n: UInt8) -> NodeID { NodeID(publicKey: try! SigningKey(seed: seed(n)).publicKey) }

    static func service(_ n: UInt8, chain: ChainIdentity = testChain, peers: [PeerAddress] = []) throws -> P2PService {
        var limits = PeerLimits()
        limits.backoffBaseMillis = 50
        limits.backoffMaxMillis = 200
        var config = P2PConfig(chain: chain, listenHost: "127.0.0.1", listenPort: 0, persistentPeers: peers, limits: limits)
        config.tickMillis = 20
        return try P2PService(config: config, nodeKeySeed: seed(n), group: MultiThreadedEventLoopGroup.singleton)
    }

    /// Waits for `condition` on the service's state, up to ~10 s (loopback is fast; the machine is busy).
    static func eventually(_ condition: () async -> Bool) async -> Bool {
        for _ in 0..<500 {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    @Test func threeServicesConnectAndExchangeMessages() async throws {
        let a = try Self.service(1), b = try Self.service(2)
        let pa = try await a.start(), pb = try await b.start()
        let c = try Self.service(3, peers: [
            PeerAddress(id: Self.id(1), host: "127.0.0.1", port: pa), PeerAddress(id: Self.id(2), host: "127.0.0.1", port: pb),
        ])
        _ = try await c.start()
        #expect(await Self.eventually { await c.connectedPeers.count == 2 })
        #expect(await Self.eventually { await a.connectedPeers == [Self.id(3)] })
        #expect(await Self.eventually { await b.connectedPeers == [Self.id(3)] })

        await c.broadcast(.ping(77))
        #expect(await a.send(.transactions([[1, 2, 3]]), to: Self.id(3)))
        #expect(await !a.send(.ping(1), to: Self.id(2)), "not connected")

        var gotA: (peer: NodeID, message: P2PMessage)?
        for await m in a.messages { gotA = m; break }
        #expect(gotA?.peer == Self.id(3) && gotA?.message == .ping(77))
        var gotB: (peer: NodeID, message: P2PMessage)?
        for await m in b.messages { gotB = m; break }
        #expect(gotB?.peer == Self.id(3) && gotB?.message == .ping(77))
        var gotC: (peer: NodeID, message: P2PMessage)?
        for await m in c.messages { gotC = m; break }
        #expect(gotC?.peer == Self.id(1) && gotC?.message == .transactions([[1, 2, 3]]))

        // A peer that goes away is redialled once it is back (same port, new process-like service).
        await a.stop()
        #expect(await Self.eventually { await c.connectedPeers == [Self.id(2)] })
        await b.stop()
        await c.stop()
    }

    @Test func aPeerOnAnotherChainIsRefused() async throws {
        let other = ChainIdentity(chainID: "another-net", genesisHash: testChain.genesisHash)
        let a = try Self.service(1)
        let pa = try await a.start()
        let x = try Self.service(4, chain: other, peers: [PeerAddress(id: Self.id(1), host: "127.0.0.1", port: pa)])
        _ = try await x.start()
        var refusal: PeerEvent?
        for await e in a.events {
            if case .refused = e { refusal = e; break }
        }
        guard case let .refused(_, code, reason) = refusal else { Issue.record("no refusal"); return }
        #expect(code == "P2P_WRONG_CHAIN")
        #expect(reason.contains("another-net"))
        #expect(await a.connectedPeers.isEmpty)
        #expect(await x.connectedPeers.isEmpty)
        await a.stop()
        await x.stop()
    }
}
