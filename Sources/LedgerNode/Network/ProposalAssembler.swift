import LedgerConsensus
import LedgerCore
import LedgerCrypto
import LedgerP2P

/// Reassembles proposals sent in parts (Docs/NETWORK.md §4, "Blocks in parts"). Pure and bounded:
/// a proposal is buffered only when it is signed by a member of the expected validator set, for the
/// current or the next height, at most `maxPending` at once and at most `maxBlockBytes` each; the
/// first proposal for a height and round is kept. Each part is checked against its hash as it
/// arrives and the whole block against the signed value.
struct ProposalAssembler {
    enum Outcome: Equatable {
        case incomplete
        case complete(ConsensusMessage)
        /// The message was dropped; the reason is for the debug log.
        case dropped(String)
    }

    private struct Key: Hashable, Comparable {
        var height: UInt64
        var round: UInt32
        static func < (a: Key, b: Key) -> Bool { (a.height, a.round) < (b.height, b.round) }
    }

    private struct Pending {
        var proposal: Proposal
        var hashes: [Hash]
        var parts: [[UInt8]?]
        var received = 0
    }

    private var pending: [Key: Pending] = [:]
    static let maxPending = 8

    /// A proposal announcement. `signers`: the public keys that may have signed it (the set of its height).
    mutating func proposal(_ p: Proposal, partHashes: [Hash], currentHeight: UInt64, signers: [PublicKey], chain: ChainIdentity,
                           maxBlockBytes: UInt64) -> Outcome {
        guard p.height == currentHeight || p.height == currentHeight + 1 else { return .dropped("proposal for height \(p.height), at \(currentHeight)") }
        let key = Key(height: p.height, round: p.round)
        guard pending[key] == nil else { return .dropped("already assembling height \(p.height) round \(p.round)") }
        guard UInt64(partHashes.count - 1) * UInt64(P2PMessage.blockPartBytes) < maxBlockBytes else {
            return .dropped("\(partHashes.count) parts exceed the block size limit")
        }
        guard signers.contains(where: { p.hasValidSignature(by: $0, chain: chain) }) else { return .dropped("proposal not signed by a validator") }
        prune(below: currentHeight)
        if pending.count >= Self.maxPending, let oldest = pending.keys.min() { pending[oldest] = nil }
        pending[key] = Pending(proposal: p, hashes: partHashes, parts: Array(repeating: nil, count: partHashes.count))
        return .incomplete
    }

    mutating func part(height: UInt64, round: UInt32, index: UInt32, bytes: [UInt8]) -> Outcome {
        let key = Key(height: height, round: round)
        guard var p = pending[key] else { return .dropped("part of no proposal being assembled") }
        let i = Int(index)
        guard i < p.parts.count else { return .dropped("part \(i) of \(p.parts.count)") }
        guard p.parts[i] == nil else { return .incomplete }
        guard SHA256.hash(bytes) == p.hashes[i] else { return .dropped("part \(i) does not match its hash") }
        p.parts[i] = bytes
        p.received += 1
        guard p.received == p.parts.count else {
            pending[key] = p
            return .incomplete
        }
        pending[key] = nil
        let whole = p.parts.reduce(into: [UInt8]()) { $0 += $1! }
        guard let block = try? Block(canonical: whole) else { return .dropped("assembled block does not decode") }
        guard block.header.hash == p.proposal.value else { return .dropped("assembled block is not the proposed value") }
        return .complete(.proposal(p.proposal, block))
    }

    mutating func prune(below height: UInt64) {
        pending = pending.filter { $0.key.height >= height }
    }

    var pendingCount: Int { pending.count }
}

