import Testing

@testable import LedgerP2P

func peerID(_ n: UInt8) -> NodeID { NodeID(unchecked: [UInt8](repeating: n, count: 20)) }
func peer(_ n: UInt8) -> PeerAddress { PeerAddress(id: peerID(n), host: "127.0.0.1", port: 26_600 + Int(n)) }

@Suite struct PeerManagerTests {
    var limits: PeerLimits {
        var l = PeerLimits()
        l.backoffBaseMillis = 100
        l.backoffMaxMillis = 1000
        l.banMillis = 5000
        l.maxPeers = 2
        l.inboundBytesPerSecond = 1000
        l.inboundBurstBytes = 2000
        return l
    }

    @Test func persistentPeersAreDialledThenRedialledWithCappedBackoff() {
        var m = PeerManager(limits: limits, persistentPeers: [peer(1)])
        #expect(m.handle(.tick(nowMillis: 0)) == [.dial(peer(1))])
        #expect(m.handle(.tick(nowMillis: 10)) == [], "no second dial while one is in flight")
        var now: UInt64 = 0
        var delays: [UInt64] = []
        for _ in 0..<6 {
            _ = m.handle(.dialFailed(peerID(1), nowMillis: now))
            let next = m.nextAttemptMillis(peerID(1))!
            delays.append(next - now)
            #expect(m.handle(.tick(nowMillis: next - 1)) == [])
            #expect(m.handle(.tick(nowMillis: next)) == [.dial(peer(1))])
            now = next
        }
        #expect(delays == [100, 200, 400, 800, 1000, 1000])
        #expect(m.handle(.connected(peerID(1), nowMillis: now)) == [])
        _ = m.handle(.disconnected(peerID(1), nowMillis: now))
        #expect(m.nextAttemptMillis(peerID(1)) == now + 100, "a successful connection resets the backoff")
    }

    @Test func maxPeersAndDuplicates() {
        var m = PeerManager(limits: limits, persistentPeers: [])
        #expect(m.handle(.connected(peerID(1), nowMillis: 0)) == [])
        #expect(m.handle(.connected(peerID(1), nowMillis: 0)) == [.disconnect(peerID(1), .duplicate)])
        #expect(m.handle(.connected(peerID(2), nowMillis: 0)) == [])
        #expect(m.handle(.connected(peerID(3), nowMillis: 0)) == [.disconnect(peerID(3), .tooManyPeers(limit: 2))])
    }

    @Test func aProtocolBreakerIsBannedForTheConfiguredTime() {
        var m = PeerManager(limits: limits, persistentPeers: [peer(1)])
        _ = m.handle(.tick(nowMillis: 0))
        _ = m.handle(.connected(peerID(1), nowMillis: 0))
        #expect(m.handle(.misbehaved(peerID(1), reason: "bad frame", nowMillis: 10)) == [.disconnect(peerID(1), .protocolViolation("bad frame"))])
        _ = m.handle(.disconnected(peerID(1), nowMillis: 10))
        #expect(m.handle(.tick(nowMillis: 5009)) == [], "no redial while banned")
        #expect(m.handle(.connected(peerID(1), nowMillis: 5000)) == [.disconnect(peerID(1), .banned(untilMillis: 5010))])
        #expect(m.handle(.tick(nowMillis: 5010)) == [.dial(peer(1))])
        #expect(m.handle(.connected(peerID(1), nowMillis: 5011)) == [])
    }

    @Test func inboundRateIsATokenBucket() {
        var m = PeerManager(limits: limits, persistentPeers: [])
        _ = m.handle(.connected(peerID(1), nowMillis: 0))
        #expect(m.handle(.received(peerID(1), bytes: 1500, nowMillis: 0)) == [])
        #expect(m.handle(.received(peerID(1), bytes: 600, nowMillis: 0)) == [.disconnect(peerID(1), .rateLimited)])
        #expect(m.handle(.received(peerID(1), bytes: 600, nowMillis: 100)) == [], "100 ms refill 100 bytes: 600 fit")
    }
}
