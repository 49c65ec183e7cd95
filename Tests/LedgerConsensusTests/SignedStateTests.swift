import LedgerConsensus
import LedgerCore
import LedgerCrypto
import Testing

@Suite("Double-sign protection")
struct SignedStateTests {
    let net = TestNet(powers: [1, 1, 1, 1])
    let chain = TestNet.chain

    func unsigned(_ type: VoteType, h: UInt64, r: UInt32, _ v: Hash?) -> Vote {
        Vote(type: type, height: h, round: r, value: v, validatorIndex: 0, signature: Signature(unchecked: [UInt8](repeating: 0, count: 64)))
    }

    @Test func forwardProgressIsAllowed() {
        var s = GuardedSigner(key: net.keys[0], chain: chain)
        let p = Proposal(height: 5, round: 0, value: value("a"), validRound: nil, signature: Signature(unchecked: [UInt8](repeating: 0, count: 64)))
        #expect((try? s.sign(p).get()) != nil)
        #expect((try? s.sign(unsigned(.prevote, h: 5, r: 0, value("a"))).get()) != nil)
        #expect((try? s.sign(unsigned(.precommit, h: 5, r: 0, value("a"))).get()) != nil)
        #expect((try? s.sign(unsigned(.prevote, h: 5, r: 1, nil)).get()) != nil)
        #expect((try? s.sign(unsigned(.prevote, h: 6, r: 0, nil)).get()) != nil)
        #expect(s.last?.height == 6 && s.last?.step == .prevote)
    }

    @Test func conflictingVoteForTheSameStepIsRefused() {
        var s = GuardedSigner(key: net.keys[0], chain: chain)
        let first = try! s.sign(unsigned(.prevote, h: 5, r: 2, value("a"))).get()
        #expect(s.sign(unsigned(.prevote, h: 5, r: 2, value("b"))) == .failure(.conflictingMessage))
        #expect(s.sign(unsigned(.prevote, h: 5, r: 2, nil)) == .failure(.conflictingMessage))
        // The very same vote may be signed again (after a restart): same signature.
        #expect(s.sign(unsigned(.prevote, h: 5, r: 2, value("a"))) == .success(first))
    }

    @Test func regressionsAreRefused() {
        var s = GuardedSigner(key: net.keys[0], chain: chain)
        _ = s.sign(unsigned(.precommit, h: 5, r: 2, nil))
        #expect(s.sign(unsigned(.prevote, h: 5, r: 2, nil)) == .failure(.stepRegression(last: .precommit, requested: .prevote)))
        #expect(s.sign(unsigned(.precommit, h: 5, r: 1, nil)) == .failure(.roundRegression(last: 2, requested: 1)))
        #expect(s.sign(unsigned(.precommit, h: 4, r: 9, nil)) == .failure(.heightRegression(last: 5, requested: 4)))
        let late = Proposal(height: 5, round: 2, value: value("a"), validRound: nil, signature: Signature(unchecked: [UInt8](repeating: 0, count: 64)))
        #expect(s.sign(late) == .failure(.stepRegression(last: .precommit, requested: .proposal)))
        #expect(SignedState.Refusal.conflictingMessage.code == "SIGN_CONFLICT")
    }

    @Test func aRestartedSignerWithPersistedStateCannotDoubleSign() throws {
        var before = GuardedSigner(key: net.keys[0], chain: chain)
        _ = before.sign(unsigned(.prevote, h: 9, r: 0, value("a")))
        // What the node writes to validator_state.json, read back after a crash.
        let stored = before.last!.canonicalBytes
        let restored = try SignedState(canonical: stored)
        var after = GuardedSigner(key: net.keys[0], chain: chain, last: restored)
        #expect(after.sign(unsigned(.prevote, h: 9, r: 0, value("b"))) == .failure(.conflictingMessage))
        #expect((try? after.sign(unsigned(.precommit, h: 9, r: 0, nil)).get()) != nil)
    }

    @Test func signedStateCodecIsStrict() throws {
        let s = SignedState.recording(height: 1, round: 2, step: .precommit, message: [1, 2, 3])
        let bytes = s.canonicalBytes
        #expect(bytes.count == 8 + 4 + 1 + 32)
        #expect(try SignedState(canonical: bytes) == s)
        var bad = bytes
        bad[12] = 4
        #expect(throws: CodecError.unknownTag(type: "signed step", tag: 4)) { try SignedState(canonical: bad) }
        #expect(throws: CodecError.trailingBytes(1)) { try SignedState(canonical: bytes + [0]) }
    }

    @Test func theStateMachineNeverAsksForAConflictingSignature() {
        // Drive one validator through several rounds with timeouts; every request it makes must be
        // signable in order by a single guarded signer (the Driver would trap on a refusal).
        var d = Driver(net: net, me: 0)
        d.send(.start)
        for r: UInt32 in 0..<6 {
            if d.sm.round != r { break }
            d.send(.timeout(.propose, height: 1, round: r))
            d.votes(.prevote, round: r, nil, from: Array(d.others.prefix(2)))
            d.votes(.precommit, round: r, nil, from: Array(d.others.prefix(2)))
            d.send(.timeout(.precommit, height: 1, round: r))
        }
        #expect(d.sm.round == 6)
        #expect(d.log.votes.count == 12)
    }
}
