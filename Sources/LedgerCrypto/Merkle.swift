import LedgerCore

/// RFC 6962 / RFC 9162 Merkle tree hashing: leaves are `SHA-256(0x00 || data)`, interior nodes
/// `SHA-256(0x01 || left || right)`, the empty tree is `SHA-256("")`, and a tree of n leaves splits at
/// the largest power of two below n.
public enum MerkleTree {
    public static func leafHash(_ data: [UInt8]) -> Hash {
        var buf = [UInt8]()
        buf.reserveCapacity(data.count + 1)
        buf.append(0)
        buf.append(contentsOf: data)
        return SHA256.hash(buf)
    }

    public static func nodeHash(_ left: Hash, _ right: Hash) -> Hash {
        var buf = [UInt8]()
        buf.reserveCapacity(65)
        buf.append(1)
        buf.append(contentsOf: left.bytes)
        buf.append(contentsOf: right.bytes)
        return SHA256.hash(buf)
    }

    public static let emptyRoot: Hash = SHA256.hash([UInt8]())

    /// Root over already-hashed leaves.
    public static func root(leafHashes: [Hash]) -> Hash {
        if leafHashes.isEmpty { return emptyRoot }
        return subtreeRoot(leafHashes[...])
    }

    /// Root over raw leaf data.
    public static func root(leaves: [[UInt8]]) -> Hash { root(leafHashes: leaves.map(leafHash)) }

    private static func subtreeRoot(_ leaves: ArraySlice<Hash>) -> Hash {
        if leaves.count == 1 { return leaves.first! }
        let k = splitPoint(leaves.count)
        let mid = leaves.startIndex + k
        return nodeHash(subtreeRoot(leaves[..<mid]), subtreeRoot(leaves[mid...]))
    }

    /// The largest power of two strictly less than n (n ≥ 2).
    static func splitPoint(_ n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// The audit path for leaf `index` (RFC 9162 §2.1.3.1), nearest sibling first.
    public static func inclusionProof(index: Int, leafHashes: [Hash]) -> [Hash] {
        precondition(index >= 0 && index < leafHashes.count)
        return path(index, leafHashes[...])
    }

    private static func path(_ m: Int, _ d: ArraySlice<Hash>) -> [Hash] {
        if d.count <= 1 { return [] }
        let k = splitPoint(d.count)
        let mid = d.startIndex + k
        if m < k { return path(m, d[..<mid]) + [subtreeRoot(d[mid...])] }
        return path(m - k, d[mid...]) + [subtreeRoot(d[..<mid])]
    }

    /// Verifies an inclusion proof (RFC 9162 §2.1.3.2).
    public static func verifyInclusion(leafHash: Hash, index: Int, treeSize: Int, proof: [Hash], root: Hash) -> Bool {
        guard index >= 0, index < treeSize else { return false }
        var fn = index, sn = treeSize - 1
        var r = leafHash
        for p in proof {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }
}
