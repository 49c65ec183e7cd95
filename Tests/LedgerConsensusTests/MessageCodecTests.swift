import LedgerConsensus
import LedgerCore
import LedgerCrypto
import Testing

@Suite("Votes, proposals and signing")
struct MessageCodecTests {
    let net = TestNet(powers: [1, 1, 1, 1])

    @Test func voteRoundTripsAndHasAFixedLayout() throws {
        let v = net.vote(.precommit, height: 0x0102, round: 3, value(""), from: 2)
        let bytes = v.canonicalBytes
        #expect(try Vote(canonical: bytes) == v)
        let body = "02" + "0000000000000102" + "00000003" + "01" + value("").hex + "00000002"
        #expect(Hex.encode(v.signedPayload) == body)
        #expect(Hex.encode(bytes) == body + v.signature.hex)
        let nilVote = net.vote(.prevote, round: 0, nil, from: 0)
        #expect(try Vote(canonical: nilVote.canonicalBytes) == nilVote)
        #expect(nilVote.canonicalBytes.count == 1 + 8 + 4 + 1 + 4 + 64)
    }

    @Test func voteDecoderRejectsNonCanonicalInput() {
        let v = net.vote(.prevote, round: 0, nil, from: 0)
        var badType = v.canonicalBytes
        badType[0] = 3
        #expect(throws: CodecError.unknownTag(type: "vote type", tag: 3)) { try Vote(canonical: badType) }
        var badTag = v.canonicalBytes
        badTag[13] = 2
        #expect(throws: CodecError.invalidOptionalTag(2)) { try Vote(canonical: badTag) }
        #expect(throws: CodecError.trailingBytes(1)) { try Vote(canonical: v.canonicalBytes + [0]) }
        #expect(throws: (any Error).self) { try Vote(canonical: Array(v.canonicalBytes.dropLast())) }
    }

    @Test func proposalRoundTripsAndRejectsABadValidRound() throws {
        let p = net.proposal(round: 4, value("b"), validRound: 2, from: 1)
        #expect(try Proposal(canonical: p.canonicalBytes) == p)
        #expect(Hex.encode(p.signedPayload) == "0000000000000001" + "00000004" + value("b").hex + "01" + "00000002")
        let bad = Proposal(height: 1, round: 2, value: value("b"), validRound: 2, signature: p.signature)
        #expect(throws: CodecError.self) { try Proposal(canonical: bad.canonicalBytes) }
    }

    @Test func signaturesAreDomainSeparated() {
        let v = net.vote(.prevote, round: 0, value("x"), from: 0)
        let key = net.keys[0].publicKey
        #expect(v.hasValidSignature(by: key, chain: net.chain))
        #expect(v.signingMessage(chain: net.chain) == SigningDomain.vote.message(chain: net.chain, payload: v.signedPayload))
        // The same bytes under another domain do not verify.
        #expect(!key.isValidSignature(v.signature, for: SigningDomain.proposal.message(chain: net.chain, payload: v.signedPayload)))
        // Prevote and precommit of the same value differ.
        var asPrecommit = v
        asPrecommit.type = .precommit
        #expect(!asPrecommit.hasValidSignature(by: key, chain: net.chain))
    }

    @Test func timeoutsGrowWithTheRound() {
        let c = ConsensusConfig.default
        #expect(c.duration(.propose, round: 0) == 3000)
        #expect(c.duration(.propose, round: 4) == 5000)
        #expect(c.duration(.prevote, round: 2) == 2000)
        #expect(c.duration(.precommit, round: 1) == 1500)
        let huge = ConsensusConfig(proposeBaseMillis: .max - 1, proposeDeltaMillis: .max, prevoteBaseMillis: 0,
                                   prevoteDeltaMillis: 0, precommitBaseMillis: 0, precommitDeltaMillis: 0)
        #expect(huge.duration(.propose, round: 2) == .max)
    }
}
