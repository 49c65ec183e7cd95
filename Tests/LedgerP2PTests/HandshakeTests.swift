import LedgerConsensus
import LedgerCore
import LedgerCrypto
import Testing

@testable import LedgerP2P

let testChain = ChainIdentity(chainID: "desci-p2p-test", genesisHash: Hash(unchecked: [UInt8](repeating: 9, count: 32)))

func nodeKey(_ n: UInt8) -> SigningKey { try! SigningKey(seed: [UInt8](repeating: n, count: 32)) }

/// Runs two handshake machines against each other, frame by frame, until both stop sending.
func runHandshake(_ a: inout Handshake, _ b: inout Handshake) -> (a: [Handshake.Action], b: [Handshake.Action]) {
    var aOut = a.handle(.start), bOut = b.handle(.start)
    var aAll = aOut, bAll = bOut
    while !aOut.isEmpty || !bOut.isEmpty {
        let toB = aOut.compactMap { if case let .send(f) = $0 { f } else { nil } }
        let toA = bOut.compactMap { if case let .send(f) = $0 { f } else { nil } }
        aOut = toA.flatMap { a.handle(.frame($0)) }
        bOut = toB.flatMap { b.handle(.frame($0)) }
        aAll += aOut
        bAll += bOut
    }
    return (aAll, bAll)
}

func session(_ actions: [Handshake.Action]) -> (Session, NodeID)? {
    for case let .established(s, _, id) in actions { return (s, id) }
    return nil
}

func failure(_ actions: [Handshake.Action]) -> P2PError? {
    for case let .fail(e) in actions { return e }
    return nil
}

@Suite struct HandshakeTests {
    @Test func bothSidesEstablishAndExchangeEncryptedFrames() throws {
        let ka = nodeKey(1), kb = nodeKey(2)
        var a = Handshake(role: .initiator, chain: testChain, nodeKey: ka, expectedPeer: NodeID(publicKey: kb.publicKey))
        var b = Handshake(role: .responder, chain: testChain, nodeKey: kb)
        let (aa, ba) = runHandshake(&a, &b)
        var (sa, idB) = try #require(session(aa))
        var (sb, idA) = try #require(session(ba))
        #expect(idB == NodeID(publicKey: kb.publicKey))
        #expect(idA == NodeID(publicKey: ka.publicKey))
        #expect(idA.hex.count == 40)
        for i in 0..<5 {
            let m = Array("frame \(i)".utf8)
            let c = sa.seal(m)
            #expect(c != m && c.count == m.count + SecretStream.overheadBytes)
            #expect(try sb.open(c) == m)
            #expect(try sa.open(sb.seal(m + m)) == m + m)
        }
    }

    @Test func anotherChainIsRefusedWithItsNames() {
        let other = ChainIdentity(chainID: "other-chain", genesisHash: testChain.genesisHash)
        var a = Handshake(role: .initiator, chain: testChain, nodeKey: nodeKey(1))
        var b = Handshake(role: .responder, chain: other, nodeKey: nodeKey(2))
        let (aa, ba) = runHandshake(&a, &b)
        #expect(session(aa) == nil && session(ba) == nil)
        let e = failure(aa)
        #expect(e?.code == "P2P_WRONG_CHAIN")
        #expect(e?.description.contains("other-chain") == true)
        // Same chain id, another genesis: refused too.
        var c = Handshake(role: .initiator, chain: testChain, nodeKey: nodeKey(1))
        var d = Handshake(role: .responder, chain: ChainIdentity(chainID: testChain.chainID, genesisHash: .zero), nodeKey: nodeKey(2))
        #expect(failure(runHandshake(&c, &d).b)?.code == "P2P_WRONG_CHAIN")
    }

    @Test func aDialledPeerWithAnotherNodeIDIsRefused() {
        var a = Handshake(role: .initiator, chain: testChain, nodeKey: nodeKey(1), expectedPeer: NodeID(publicKey: nodeKey(3).publicKey))
        var b = Handshake(role: .responder, chain: testChain, nodeKey: nodeKey(2))
        let (aa, _) = runHandshake(&a, &b)
        #expect(session(aa) == nil)
        #expect(failure(aa) == .unexpectedNodeID(expected: NodeID(publicKey: nodeKey(3).publicKey), got: NodeID(publicKey: nodeKey(2).publicKey)))
    }

    @Test func connectingToOurselvesIsRefused() {
        var a = Handshake(role: .initiator, chain: testChain, nodeKey: nodeKey(1))
        var b = Handshake(role: .responder, chain: testChain, nodeKey: nodeKey(1))
        #expect(failure(runHandshake(&a, &b).a) == .selfConnection)
    }

    /// A peer that signs anything but this exact transcript (e.g. a relay that swapped the
    /// ephemeral keys) is refused.
    @Test func aSignatureOverAnotherTranscriptIsRefused() throws {
        let responderEph = EphemeralKeyPair.fromSeed([UInt8](repeating: 0xB0, count: 32))
        var a = Handshake(role: .initiator, chain: testChain, nodeKey: nodeKey(1),
                          ephemeral: .fromSeed([UInt8](repeating: 0xA0, count: 32)))
        guard case let .send(hello) = a.handle(.start).first else { Issue.record("no hello"); return }
        let aEph = Array(hello.suffix(32))
        _ = a.handle(.frame(Handshake.hello(chain: testChain, ephemeral: responderEph.publicKey)))
        let keys = try Handshake.sessionKeys(role: .responder, own: responderEph, peer: aEph)
        var sender = try SecretStreamSender(key: keys.tx)
        let wrong = Handshake.transcript(chain: testChain, initiatorEphemeral: responderEph.publicKey, responderEphemeral: aEph)
        let evil = nodeKey(2)
        #expect(a.handle(.frame(sender.header)).isEmpty)
        let actions = a.handle(.frame(sender.push(evil.publicKey.bytes + evil.sign(wrong).bytes)))
        #expect(failure(actions) == .badSignature)
    }

    @Test func aTamperedFrameFailsToOpen() throws {
        var a = Handshake(role: .initiator, chain: testChain, nodeKey: nodeKey(1))
        var b = Handshake(role: .responder, chain: testChain, nodeKey: nodeKey(2))
        let (aa, ba) = runHandshake(&a, &b)
        var (sa, _) = try #require(session(aa))
        var (sb, _) = try #require(session(ba))
        var c = sa.seal(Array("hello".utf8))
        c[c.count - 1] ^= 1
        #expect(throws: P2PError.decryptionFailed) { try sb.open(c) }
        // A replayed or reordered frame fails as well.
        let c1 = sa.seal([1]), c2 = sa.seal([2])
        var sb2 = sb
        #expect(throws: P2PError.decryptionFailed) { try sb2.open(c2) }
        _ = c1
    }

    @Test func malformedHelloIsRefused() {
        var a = Handshake(role: .initiator, chain: testChain, nodeKey: nodeKey(1))
        _ = a.handle(.start)
        #expect(failure(a.handle(.frame([0, 0, 0, 1]))).map { $0.code } == "P2P_MALFORMED_HANDSHAKE")
    }
}
