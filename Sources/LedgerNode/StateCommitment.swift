import LedgerCore
import LedgerCrypto
import LedgerStorage

/// The state root: an RFC 6962 Merkle root over `u32 len(key) || key || u32 len(value) || value` for
/// every state entry in ascending key order (Docs/PROTOCOL.md, "State root").
///
/// It is recomputed from the stored state merged with the block's changes, which costs time in
/// proportion to the whole state. The authenticated-state-tree issue replaces this file alone.
enum StateCommitment {
    static func leaf(key: [UInt8], value: [UInt8]) -> Hash {
        var w = CanonicalWriter(capacity: key.count + value.count + 8)
        w.data(key)
        w.data(value)
        return MerkleTree.leafHash(w.bytes)
    }

    /// Root of `stored` state after applying `changes` (sorted by key; nil value = delete).
    static func root(store: any KeyValueStore, changes: [(key: [UInt8], value: [UInt8]?)]) throws -> Hash {
        var leaves: [Hash] = []
        var ci = 0
        func emitChangesBefore(_ key: [UInt8]?) {
            while ci < changes.count, key.map({ changes[ci].key.lexicographicallyPrecedes($0) }) ?? true {
                if let v = changes[ci].value { leaves.append(leaf(key: changes[ci].key, value: v)) }
                ci += 1
            }
        }
        try store.scan(.state, from: [], prefix: nil) { k, v in
            emitChangesBefore(k)
            if ci < changes.count, changes[ci].key == k {
                if let nv = changes[ci].value { leaves.append(leaf(key: k, value: nv)) }
                ci += 1
            } else {
                leaves.append(leaf(key: k, value: v))
            }
            return true
        }
        emitChangesBefore(nil)
        return MerkleTree.root(leafHashes: leaves)
    }
}
