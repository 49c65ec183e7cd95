import LedgerCore
import LedgerCrypto

/// The two kinds of vote in Tendermint.
public enum VoteType: UInt8, Hashable, Sendable, Comparable {
    case prevote = 1
    case precommit = 2

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// A signed prevote or precommit. `value == nil` is a vote for nil.
///
/// Canonical bytes (Docs/PROTOCOL.md, "Consensus messages"): `u8 type || u64 height || u32 round ||
/// optional(hash value) || u32 validator index || signature (64)`. The signature covers
/// `SigningDomain.vote.message(chain:payload:)` over the same bytes without the signature.
public struct Vote: Hashable, Sendable, CanonicalCodable {
    public var type: VoteType
    public var height: UInt64
    public var round: UInt32
    public var value: Hash?
    public var validatorIndex: UInt32
    public var signature: Signature

    public init(type: VoteType, height: UInt64, round: UInt32, value: Hash?, validatorIndex: UInt32, signature: Signature) {
        self.type = type
        self.height = height
        self.round = round
        self.value = value
        self.validatorIndex = validatorIndex
        self.signature = signature
    }

    /// The bytes the validator signs (before the domain and network are prefixed).
    public var signedPayload: [UInt8] {
        var w = CanonicalWriter(capacity: 56)
        writeBody(&w)
        return w.bytes
    }

    public func signingMessage(chain: ChainIdentity) -> [UInt8] {
        SigningDomain.vote.message(chain: chain, payload: signedPayload)
    }

    /// A vote signed with `key`.
    public static func signed(type: VoteType, height: UInt64, round: UInt32, value: Hash?, validatorIndex: UInt32,
                              key: SigningKey, chain: ChainIdentity) -> Vote {
        var v = Vote(type: type, height: height, round: round, value: value, validatorIndex: validatorIndex,
                     signature: Signature(unchecked: [UInt8](repeating: 0, count: 64)))
        v.signature = key.sign(v.signingMessage(chain: chain))
        return v
    }

    public func hasValidSignature(by key: PublicKey, chain: ChainIdentity) -> Bool {
        key.isValidSignature(signature, for: signingMessage(chain: chain))
    }

    private func writeBody(_ w: inout CanonicalWriter) {
        w.u8(type.rawValue)
        w.u64(height)
        w.u32(round)
        w.optional(value) { $0.fixed($1) }
        w.u32(validatorIndex)
    }

    public func encode(to w: inout CanonicalWriter) {
        writeBody(&w)
        w.fixed(signature)
    }

    public init(from r: inout CanonicalReader) throws {
        let t = try r.u8()
        guard let type = VoteType(rawValue: t) else { throw CodecError.unknownTag(type: "vote type", tag: UInt64(t)) }
        self.type = type
        height = try r.u64()
        round = try r.u32()
        value = try r.optional { try $0.fixed(Hash.self) }
        validatorIndex = try r.u32()
        signature = try r.fixed(Signature.self)
    }
}

/// A signed proposal of a value (a block hash) for one round. `validRound` is the paper's `vr`:
/// nil (−1) for a fresh value, or the earlier round in which the proposer saw a polka for it.
///
/// Canonical bytes: `u64 height || u32 round || hash value || optional(u32 valid round) ||
/// signature (64)`; the signature covers `SigningDomain.proposal.message(chain:payload:)` over the
/// bytes before it. The signer is the round's proposer, so no index is carried.
public struct Proposal: Hashable, Sendable, CanonicalCodable {
    public var height: UInt64
    public var round: UInt32
    public var value: Hash
    public var validRound: UInt32?
    public var signature: Signature

    public init(height: UInt64, round: UInt32, value: Hash, validRound: UInt32?, signature: Signature) {
        self.height = height
        self.round = round
        self.value = value
        self.validRound = validRound
        self.signature = signature
    }

    public var signedPayload: [UInt8] {
        var w = CanonicalWriter(capacity: 52)
        writeBody(&w)
        return w.bytes
    }

    public func signingMessage(chain: ChainIdentity) -> [UInt8] {
        SigningDomain.proposal.message(chain: chain, payload: signedPayload)
    }

    public static func signed(height: UInt64, round: UInt32, value: Hash, validRound: UInt32?, key: SigningKey,
                              chain: ChainIdentity) -> Proposal {
        var p = Proposal(height: height, round: round, value: value, validRound: validRound,
                         signature: Signature(unchecked: [UInt8](repeating: 0, count: 64)))
        p.signature = key.sign(p.signingMessage(chain: chain))
        return p
    }

    public func hasValidSignature(by key: PublicKey, chain: ChainIdentity) -> Bool {
        key.isValidSignature(signature, for: signingMessage(chain: chain))
    }

    private func writeBody(_ w: inout CanonicalWriter) {
        w.u64(height)
        w.u32(round)
        w.fixed(value)
        w.optional(validRound) { $0.u32($1) }
    }

    public func encode(to w: inout CanonicalWriter) {
        writeBody(&w)
        w.fixed(signature)
    }

    public init(from r: inout CanonicalReader) throws {
        height = try r.u64()
        round = try r.u32()
        value = try r.fixed(Hash.self)
        validRound = try r.optional { try $0.u32() }
        signature = try r.fixed(Signature.self)
        if let vr = validRound, vr >= round {
            throw CodecError.invalidValue(field: "valid round", reason: "must be below the round \(round), got \(vr)")
        }
    }
}
