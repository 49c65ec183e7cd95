import LedgerCore
import LedgerCrypto

/// The hashing rules of the authenticated state tree (Docs/PROTOCOL.md, "State root"): a binary
/// sparse Merkle tree over 256-bit key hashes in which a subtree holding a single entry is replaced
/// by that entry's leaf (a "shortcut leaf"), so a tree of n entries is about log2(n) deep.
///
/// - key hash   = SHA-256(state key)
/// - value hash = SHA-256(state value)
/// - leaf       = SHA-256(0x00 || key hash || value hash)
/// - internal   = SHA-256(0x01 || left || right)
/// - empty      = 32 zero bytes (no preimage is known, so it cannot be confused with a node)
public enum StateTreeHashing {
    public static let leafDomain: UInt8 = 0x00
    public static let internalDomain: UInt8 = 0x01
    public static let empty = Hash.zero
    /// Key hashes are 256 bits, so no node is deeper than this.
    public static let maxDepth = 256

    public static func keyHash(_ stateKey: [UInt8]) -> Hash { SHA256.hash(stateKey) }
    public static func valueHash(_ value: [UInt8]) -> Hash { SHA256.hash(value) }

    public static func leaf(keyHash: Hash, valueHash: Hash) -> Hash {
        var buf = [UInt8]()
        buf.reserveCapacity(65)
        buf.append(leafDomain)
        buf.append(contentsOf: keyHash.bytes)
        buf.append(contentsOf: valueHash.bytes)
        return SHA256.hash(buf)
    }

    public static func internalNode(left: Hash, right: Hash) -> Hash {
        var buf = [UInt8]()
        buf.reserveCapacity(65)
        buf.append(internalDomain)
        buf.append(contentsOf: left.bytes)
        buf.append(contentsOf: right.bytes)
        return SHA256.hash(buf)
    }

    /// Bit `index` of a key hash, most significant bit of byte 0 first: 0 goes left, 1 right.
    @inline(__always)
    public static func bit(_ key: [UInt8], _ index: Int) -> Bool {
        key[index >> 3] & (0x80 >> UInt8(index & 7)) != 0
    }

    /// The first `depth` bits of `key`, the rest zeroed: the path of the node at `depth` above `key`.
    public static func path(_ key: [UInt8], depth: Int) -> [UInt8] {
        var out = key
        let full = depth >> 3
        if full < 32 {
            let keep = depth & 7
            out[full] &= keep == 0 ? 0 : ~(0xFF >> UInt8(keep))
            for i in (full + 1)..<32 { out[i] = 0 }
        }
        return out
    }

    /// Whether `a` and `b` agree on their first `bits` bits.
    public static func sharePrefix(_ a: [UInt8], _ b: [UInt8], bits: Int) -> Bool {
        path(a, depth: bits) == path(b, depth: bits)
    }
}

/// The root over a whole map, computed from scratch: entries sorted by key hash, no duplicates.
/// Used by `--check-state` and `desci-node verify` style audits; the node itself updates the tree
/// incrementally (`StateTreeUpdater`).
public enum StateTreeRoot {
    public static func of(sortedEntries entries: [(keyHash: Hash, valueHash: Hash)]) -> Hash {
        subtree(entries[...], depth: 0)
    }

    private static func subtree(_ e: ArraySlice<(keyHash: Hash, valueHash: Hash)>, depth: Int) -> Hash {
        if e.isEmpty { return StateTreeHashing.empty }
        if e.count == 1 { return StateTreeHashing.leaf(keyHash: e.first!.keyHash, valueHash: e.first!.valueHash) }
        // Sorted by key hash and sharing the first `depth` bits, so the 0-bit entries come first.
        let split = e.firstIndex { StateTreeHashing.bit($0.keyHash.bytes, depth) } ?? e.endIndex
        return StateTreeHashing.internalNode(left: subtree(e[..<split], depth: depth + 1),
                                             right: subtree(e[split...], depth: depth + 1))
    }
}
