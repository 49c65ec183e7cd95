/// Two conflicting signed votes of one validator at one height, round and vote type: proof that it
/// equivocated (Docs/PROTOCOL.md §5.5). Kept compact and independent of LedgerConsensus' `Vote`:
/// each signature is over the vote bytes `signingMessage(chain:value:)` rebuilds, byte for byte
/// `Vote.signingMessage` of that vote, so the consensus engine's `DuplicateVoteEvidence` converts
/// without re-signing.
public struct EquivocationEvidence: Hashable, Sendable, CanonicalCodable, Codable {
    /// 1 prevote, 2 precommit (LedgerConsensus `VoteType`).
    public var voteType: UInt8
    public var height: UInt64
    public var round: UInt32
    public var validatorIndex: UInt32
    /// The two voted values (nil is a vote for nil), different, the encoding of `valueA` first in
    /// byte order so the pair has one encoding.
    public var valueA: Hash?
    public var signatureA: Signature
    public var valueB: Hash?
    public var signatureB: Signature

    /// At most this many pieces of evidence in one block.
    public static let maxPerBlock = 64

    enum CodingKeys: String, CodingKey {
        case voteType = "vote_type", height, round, validatorIndex = "validator_index", valueA = "value_a", signatureA = "signature_a",
             valueB = "value_b", signatureB = "signature_b"
    }

    public init(voteType: UInt8, height: UInt64, round: UInt32, validatorIndex: UInt32, valueA: Hash?, signatureA: Signature,
                valueB: Hash?, signatureB: Signature) {
        self.voteType = voteType
        self.height = height
        self.round = round
        self.validatorIndex = validatorIndex
        // Canonical order of the pair.
        if Self.valueBytes(valueB).lexicographicallyPrecedes(Self.valueBytes(valueA)) {
            self.valueA = valueB
            self.signatureA = signatureB
            self.valueB = valueA
            self.signatureB = signatureA
        } else {
            self.valueA = valueA
            self.signatureA = signatureA
            self.valueB = valueB
            self.signatureB = signatureB
        }
    }

    static func valueBytes(_ v: Hash?) -> [UInt8] {
        var w = CanonicalWriter()
        w.optional(v) { $0.fixed($1) }
        return w.bytes
    }

    /// The vote message the validator signed for `value`:
    /// vote domain || `u8 type || u64 height || u32 round || optional(value) || u32 validator index`.
    public func signingMessage(chain: ChainIdentity, value: Hash?) -> [UInt8] {
        var w = CanonicalWriter()
        w.u8(voteType)
        w.u64(height)
        w.u32(round)
        w.optional(value) { $0.fixed($1) }
        w.u32(validatorIndex)
        return SigningDomain.vote.message(chain: chain, payload: w.bytes)
    }

    /// Orders evidence in a block and identifies a duplicate: (height, round, type, validator index).
    public var sortKey: [UInt8] {
        var w = CanonicalWriter()
        w.u64(height)
        w.u32(round)
        w.u8(voteType)
        w.u32(validatorIndex)
        return w.bytes
    }

    public func encode(to w: inout CanonicalWriter) {
        w.u8(voteType)
        w.u64(height)
        w.u32(round)
        w.u32(validatorIndex)
        w.optional(valueA) { $0.fixed($1) }
        w.fixed(signatureA)
        w.optional(valueB) { $0.fixed($1) }
        w.fixed(signatureB)
    }

    public init(from r: inout CanonicalReader) throws {
        voteType = try r.u8()
        guard voteType == 1 || voteType == 2 else { throw CodecError.unknownTag(type: "vote type", tag: UInt64(voteType)) }
        height = try r.u64()
        round = try r.u32()
        validatorIndex = try r.u32()
        valueA = try r.optional { try $0.fixed(Hash.self) }
        signatureA = try r.fixed(Signature.self)
        valueB = try r.optional { try $0.fixed(Hash.self) }
        signatureB = try r.fixed(Signature.self)
        guard Self.valueBytes(valueA).lexicographicallyPrecedes(Self.valueBytes(valueB)) else {
            throw CodecError.invalidValue(field: "evidence", reason: "the two values must differ, the smaller encoding first")
        }
    }
}
