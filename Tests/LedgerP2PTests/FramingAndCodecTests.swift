import LedgerConsensus
import LedgerCore
import LedgerCrypto
import Testing

@testable import LedgerP2P

@Suite struct FramingTests {
    @Test func framesArriveInPiecesAndTogether() throws {
        var r = FrameReader(maxFrameBytes: 100)
        let stream = FrameReader.frame([1, 2, 3]) + FrameReader.frame([]) + FrameReader.frame(Array(repeating: 7, count: 100))
        var got: [[UInt8]] = []
        for b in stream {
            r.append([b])
            while let f = try r.next() { got.append(f) }
        }
        #expect(got == [[1, 2, 3], [], Array(repeating: 7, count: 100)])
    }

    @Test func anOversizedLengthIsRefusedBeforeItsPayloadArrives() {
        var r = FrameReader(maxFrameBytes: 100)
        r.append([0, 0, 0, 101])
        #expect(throws: P2PError.frameTooLarge(length: 101, limit: 100)) { try r.next() }
        var r2 = FrameReader(maxFrameBytes: 1 << 20)
        r2.append([0xff, 0xff, 0xff, 0xff])
        #expect(throws: P2PError.frameTooLarge(length: 0xffff_ffff, limit: 1 << 20)) { try r2.next() }
    }
}

@Suite struct MessageCodecTests {
    static var key: SigningKey { nodeKey(5) }
    static func vote(_ v: UInt8?) -> Vote {
        Vote.signed(type: .prevote, height: 3, round: 1, value: v.map { Hash(unchecked: [UInt8](repeating: $0, count: 32)) },
                    validatorIndex: 2, key: key, chain: testChain)
    }

    static let samples: [P2PMessage] = [
        .transactions([[1, 2, 3], []]),
        .proposal(Proposal.signed(height: 3, round: 1, value: SHA256.hash([1]), validRound: 0, key: key, chain: testChain),
                  partHashes: [SHA256.hash([2]), SHA256.hash([3])]),
        .blockPart(height: 3, round: 1, index: 1, bytes: [9, 9]),
        .vote(vote(4)),
        .evidence(DuplicateVoteEvidence(vote(4), vote(5))),
        .syncRequest(fromHeight: 10, count: 64),
        .syncResponse([SyncedBlock(block: [1], commit: [2, 3])]),
        .status(height: 42, nodeID: NodeID(publicKey: key.publicKey)),
        .ping(7), .pong(7),
    ]

    @Test func everyMessageRoundTrips() throws {
        for m in Self.samples {
            let bytes = m.canonicalBytes
            #expect(bytes.first == m.tag)
            #expect(try P2PMessage(canonical: bytes) == m)
            #expect(throws: CodecError.self) { try P2PMessage(canonical: bytes + [0]) }
            #expect(throws: CodecError.self) { try P2PMessage(canonical: Array(bytes.dropLast())) }
        }
    }

    @Test func unknownTagsAndOutOfRangeValuesAreRefused() {
        #expect(throws: CodecError.unknownTag(type: "p2p message", tag: 0)) { try P2PMessage(canonical: [0]) }
        #expect(throws: CodecError.unknownTag(type: "p2p message", tag: 11)) { try P2PMessage(canonical: [11]) }
        #expect(throws: CodecError.self) { try P2PMessage(canonical: P2PMessage.syncRequest(fromHeight: 1, count: 65).canonicalBytes) }
        #expect(throws: CodecError.self) { try P2PMessage(canonical: P2PMessage.syncRequest(fromHeight: 1, count: 0).canonicalBytes) }
        #expect(throws: CodecError.self) { try P2PMessage(canonical: P2PMessage.proposal(
            Proposal.signed(height: 1, round: 0, value: .zero, validRound: nil, key: Self.key, chain: testChain), partHashes: []).canonicalBytes) }
    }

    @Test func evidenceHasOneEncoding() throws {
        let e = DuplicateVoteEvidence(Self.vote(4), Self.vote(5))
        var w = CanonicalWriter()
        w.u8(5)
        w.value(e.voteB)
        w.value(e.voteA)
        #expect(throws: CodecError.self) { try P2PMessage(canonical: w.bytes) }
        var same = CanonicalWriter()
        same.u8(5)
        same.value(Self.vote(4))
        same.value(Self.vote(4))
        #expect(throws: CodecError.self) { try P2PMessage(canonical: same.bytes) }
    }

    @Test func blocksSplitIntoHashCheckedParts() {
        let block = (0..<(P2PMessage.blockPartBytes * 2 + 5)).map { UInt8($0 & 0xff) }
        let (parts, hashes) = P2PMessage.parts(of: block, hash: SHA256.hash)
        #expect(parts.count == 3 && parts.last?.count == 5 && parts.joined().elementsEqual(block))
        #expect(hashes == parts.map { SHA256.hash($0) })
        #expect(P2PMessage.parts(of: [], hash: SHA256.hash).parts == [[]])
    }
}
