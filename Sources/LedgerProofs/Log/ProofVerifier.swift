import LedgerCore
import LedgerCrypto

/// RFC 9162 proof verification, strict: the index must be below the size, the proof must have
/// exactly the length the index and sizes imply, and the recomputed roots must match.
public enum LogVerifier {
    /// The number of hashes in an inclusion proof for `index` in a tree of `size` (RFC 9162 §2.1.3).
    public static func inclusionProofLength(index: UInt64, size: UInt64) -> Int {
        precondition(index < size)
        // One hash per split of the PATH recursion on the way down to the leaf.
        var count = 0
        var start: UInt64 = 0, end = size
        while end - start > 1 {
            let k = LogTree.split(end - start)
            if index < start + k { end = start + k } else { start += k }
            count += 1
        }
        return count
    }

    /// RFC 9162 §2.1.3.2.
    public static func verifyInclusion(leafHash: Hash, index: UInt64, size: UInt64, proof: [Hash], root: Hash) throws {
        guard index < size else { throw LogError.indexOutOfRange(index: index, size: size) }
        let expected = inclusionProofLength(index: index, size: size)
        guard proof.count == expected else { throw LogError.wrongProofLength(expected: expected, got: proof.count) }
        var fn = index, sn = size - 1
        var r = leafHash
        for p in proof {
            guard sn != 0 else { throw LogError.wrongProofLength(expected: expected, got: proof.count) }
            if fn & 1 == 1 || fn == sn {
                r = MerkleTree.nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = MerkleTree.nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw LogError.wrongProofLength(expected: expected, got: proof.count) }
        guard r == root else { throw LogError.rootMismatch }
    }

    /// RFC 9162 §2.1.4.2, with the edge cases made explicit: sizes must satisfy from ≤ to; equal
    /// sizes need an empty proof and equal roots; size 0 needs an empty proof and the empty-tree root.
    public static func verifyConsistency(from m: UInt64, to n: UInt64, fromRoot: Hash, toRoot: Hash, proof: [Hash]) throws {
        guard m <= n else { throw LogError.sizeOutOfRange(from: m, to: n) }
        if m == 0 || m == n {
            guard proof.isEmpty else { throw LogError.wrongProofLength(expected: 0, got: proof.count) }
            if m == 0 { guard fromRoot == MerkleTree.emptyRoot else { throw LogError.rootMismatch } } else {
                guard fromRoot == toRoot else { throw LogError.rootMismatch }
            }
            return
        }
        let expected = consistencyProofLength(from: m, to: n)
        guard proof.count == expected else { throw LogError.wrongProofLength(expected: expected, got: proof.count) }
        var path = proof
        if m & (m - 1) == 0 { path.insert(fromRoot, at: 0) }
        var fn = m - 1, sn = n - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0], sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else { throw LogError.wrongProofLength(expected: expected, got: proof.count) }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleTree.nodeHash(c, fr)
                sr = MerkleTree.nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = MerkleTree.nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw LogError.wrongProofLength(expected: expected, got: proof.count) }
        guard fr == fromRoot, sr == toRoot else { throw LogError.rootMismatch }
    }

    /// The number of hashes in PROOF(m, D[n]) for 0 < m < n, following the SUBPROOF recursion.
    public static func consistencyProofLength(from m: UInt64, to n: UInt64) -> Int {
        precondition(m > 0 && m < n)
        var count = 0
        var mm = m, width = n, b = true
        while mm != width {
            let k = LogTree.split(width)
            count += 1
            if mm <= k { width = k } else {
                mm -= k
                width -= k
                b = false
            }
        }
        return b ? count : count + 1
    }
}
