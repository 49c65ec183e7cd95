import LedgerConsensus
import LedgerCore

/// Every message two peers exchange after the handshake (Docs/NETWORK.md §4): `u8 tag || body`
/// in the canonical codec, one message per encrypted frame. Unknown tags, trailing bytes and
/// over-limit lists are refused (and the connection closed).
///
/// Blocks and commits in sync responses travel as their canonical bytes (PROTOCOL.md): this
/// layer moves them, the sync and consensus layers decode and check them.
///
/// Large blocks: the proposer cuts the block's canonical bytes into parts of `blockPartBytes`
/// (the last may be shorter) and sends `.proposal` with the SHA-256 of every part, then the parts.
/// A receiver checks each part against its hash as it arrives and the assembled block against the
/// proposal's signed value (the block hash), so a relay that alters hashes or parts is caught.
public enum P2PMessage: Hashable, Sendable {
    case transactions([[UInt8]])
    case proposal(Proposal, partHashes: [Hash])
    case blockPart(height: UInt64, round: UInt32, index: UInt32, bytes: [UInt8])
    case vote(Vote)
    case evidence(DuplicateVoteEvidence)
    case syncRequest(fromHeight: UInt64, count: UInt32)
    case syncResponse([SyncedBlock])
    case status(height: UInt64, nodeID: NodeID)
    case ping(UInt64)
    case pong(UInt64)

    public static let blockPartBytes = 65_536
    public static let maxTransactionsPerMessage = 4096
    public static let maxBlockParts = ProtocolLimits.maxBlockBytes / blockPartBytes
    public static let maxSyncBlocks: UInt32 = 64
    public static let maxCommitBytes = 1 << 20

    public var tag: UInt8 {
        switch self {
        case .transactions: 1
        case .proposal: 2
        case .blockPart: 3
        case .vote: 4
        case .evidence: 5
        case .syncRequest: 6
        case .syncResponse: 7
        case .status: 8
        case .ping: 9
        case .pong: 10
        }
    }

    /// Splits a block's canonical bytes into parts and their hashes.
    public static func parts(of block: [UInt8], hash: ([UInt8]) -> Hash) -> (parts: [[UInt8]], hashes: [Hash]) {
        var parts: [[UInt8]] = []
        var i = 0
        repeat {
            parts.append(Array(block[i..<min(i + blockPartBytes, block.count)]))
            i += blockPartBytes
        } while i < block.count
        return (parts, parts.map(hash))
    }
}

public struct SyncedBlock: Hashable, Sendable {
    public var block: [UInt8]
    public var commit: [UInt8]
    public init(block: [UInt8], commit: [UInt8]) {
        self.block = block
        self.commit = commit
    }
}

extension P2PMessage: CanonicalCodable {
    public func encode(to w: inout CanonicalWriter) {
        w.u8(tag)
        switch self {
        case let .transactions(txs): w.list(txs) { $0.data($1) }
        case let .proposal(p, hashes):
            w.value(p)
            w.list(hashes) { $0.fixed($1) }
        case let .blockPart(h, r, i, b):
            w.u64(h)
            w.u32(r)
            w.u32(i)
            w.data(b)
        case let .vote(v): w.value(v)
        case let .evidence(e):
            w.value(e.voteA)
            w.value(e.voteB)
        case let .syncRequest(h, c):
            w.u64(h)
            w.u32(c)
        case let .syncResponse(blocks):
            w.list(blocks) {
                $0.data($1.block)
                $0.data($1.commit)
            }
        case let .status(h, id):
            w.u64(h)
            w.raw(id.bytes)
        case let .ping(n), let .pong(n): w.u64(n)
        }
    }

    public init(from r: inout CanonicalReader) throws {
        let tag = try r.u8()
        switch tag {
        case 1:
            self = .transactions(try r.list(field: "transactions", limit: Self.maxTransactionsPerMessage) {
                try $0.data(field: "transaction", limit: ProtocolLimits.maxTransactionBytes)
            })
        case 2:
            let p = try r.value(Proposal.self)
            self = .proposal(p, partHashes: try r.list(field: "part hashes", limit: Self.maxBlockParts) { try $0.fixed(Hash.self) })
            if case let .proposal(_, h) = self, h.isEmpty {
                throw CodecError.invalidValue(field: "part hashes", reason: "a block has at least one part")
            }
        case 3:
            let h = try r.u64(), rd = try r.u32(), i = try r.u32()
            let bytes = try r.data(field: "block part", limit: Self.blockPartBytes)
            guard Int(i) < Self.maxBlockParts else {
                throw CodecError.invalidValue(field: "part index", reason: "must be below \(Self.maxBlockParts), got \(i)")
            }
            self = .blockPart(height: h, round: rd, index: i, bytes: bytes)
        case 4: self = .vote(try r.value(Vote.self))
        case 5:
            let a = try r.value(Vote.self), b = try r.value(Vote.self)
            let e = DuplicateVoteEvidence(a, b)
            // One encoding per evidence: the votes in canonical order, and really conflicting.
            guard e.voteA == a, a != b, a.type == b.type, a.height == b.height, a.round == b.round,
                  a.validatorIndex == b.validatorIndex, a.value != b.value
            else { throw CodecError.invalidValue(field: "evidence", reason: "two conflicting votes in canonical order expected") }
            self = .evidence(e)
        case 6:
            let h = try r.u64(), c = try r.u32()
            guard c >= 1, c <= Self.maxSyncBlocks else {
                throw CodecError.invalidValue(field: "sync count", reason: "must be 1...\(Self.maxSyncBlocks), got \(c)")
            }
            self = .syncRequest(fromHeight: h, count: c)
        case 7:
            self = .syncResponse(try r.list(field: "synced blocks", limit: Int(Self.maxSyncBlocks)) {
                SyncedBlock(block: try $0.data(field: "block", limit: ProtocolLimits.maxBlockBytes),
                            commit: try $0.data(field: "commit", limit: Self.maxCommitBytes))
            })
        case 8:
            let h = try r.u64()
            self = .status(height: h, nodeID: NodeID(unchecked: try r.raw(NodeID.byteCount)))
        case 9: self = .ping(try r.u64())
        case 10: self = .pong(try r.u64())
        default: throw CodecError.unknownTag(type: "p2p message", tag: UInt64(tag))
        }
    }
}
