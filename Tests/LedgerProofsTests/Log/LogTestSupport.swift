import LedgerCore
import LedgerCrypto
import LedgerProofs

/// An in-memory node store filled by `LogAppender`, so proofs are built exactly as the node builds
/// them (from stored complete nodes).
final class MemoryLogNodes: LogNodeReader {
    var nodes: [LogAppender.NodeKey: Hash] = [:]
    var entries: [[UInt8]] = []
    var reads = 0

    func node(level: Int, index: UInt64) throws -> Hash {
        reads += 1
        guard let h = nodes[LogAppender.NodeKey(level: level, index: index)] else { throw LogError.missingNode(level: level, index: index) }
        return h
    }

    func append(_ batch: [[UInt8]]) throws -> Hash {
        var a = LogAppender(size: UInt64(entries.count), base: self)
        for e in batch { try a.append(entry: e) }
        for n in a.newNodes { nodes[n.key] = n.hash }
        entries += batch
        return try a.root()
    }

    var leafHashes: [Hash] { entries.map(MerkleTree.leafHash) }
}

/// The SUBPROOF recursion of RFC 9162 §2.1.4.1 written directly over a list of leaf hashes, as an
/// independent reference for the stored-node implementation.
func referenceConsistency(_ m: Int, _ leaves: ArraySlice<Hash>, _ b: Bool) -> [Hash] {
    let n = leaves.count
    if m == n { return b ? [] : [MerkleTree.root(leafHashes: Array(leaves))] }
    var k = 1
    while k << 1 < n { k <<= 1 }
    let mid = leaves.startIndex + k
    if m <= k { return referenceConsistency(m, leaves[..<mid], b) + [MerkleTree.root(leafHashes: Array(leaves[mid...]))] }
    return referenceConsistency(m - k, leaves[mid...], false) + [MerkleTree.root(leafHashes: Array(leaves[..<mid]))]
}

func bytes(hex: String) -> [UInt8] { Hex.decode(hex)! }
