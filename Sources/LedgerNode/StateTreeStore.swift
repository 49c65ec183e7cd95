import LedgerCore
import LedgerProofs
import LedgerStorage
import Synchronization

/// Recently written upper tree nodes, by storage key. A node key names immutable content (the
/// version is in the key), so entries never go stale; the upper levels are rewritten by nearly
/// every block and read by the next, which saves a RocksDB read per level. Bounded by clearing.
final class StateTreeCache: Sendable {
    static let maxDepth = 14
    static let maxEntries = 300_000
    private let nodes = Mutex<[[UInt8]: [UInt8]]>([:])

    func get(_ key: [UInt8]) -> [UInt8]? { nodes.withLock { $0[key] } }

    /// Keeps the update's nodes down to `maxDepth`; call only after the batch is durably written.
    func remember(_ update: StateTreeUpdate) {
        nodes.withLock { cache in
            if cache.count > Self.maxEntries { cache.removeAll(keepingCapacity: true) }
            for w in update.writes where w.key.count == 43 && w.key[0] == StateTreeKeys.nodePrefix {
                if Int(w.key[9]) << 8 | Int(w.key[10]) <= Self.maxDepth { cache[w.key] = w.value }
            }
        }
    }

    func clear() { nodes.withLock { $0.removeAll() } }
}

/// The state tree's storage in the `stateTree` column family, and the per-block steps around it:
/// computing a version's update, adding it (and pruning) to the block's write batch, and proofs.
struct StateTreeStore: StateTreeSource {
    let kv: any KeyValueStore
    var cache: StateTreeCache? = nil

    func treeEntry(_ key: [UInt8]) throws -> [UInt8]? {
        if let hit = cache?.get(key) { return hit }
        return try kv.get(.stateTree, key)
    }

    /// The tree update of `version` for a block's sorted state changes.
    func update(version: UInt64, changes: [(key: [UInt8], value: [UInt8]?)]) throws -> StateTreeUpdate {
        try StateTreeUpdater.apply(changes.map { StateTreeChange(stateKey: $0.key, value: $0.value) },
                                   to: version == 0 ? nil : version - 1, version: version, source: self)
    }

    /// Adds the update's writes and, when `keepVersions` > 0, the deletion of everything only
    /// versions older than the last `keepVersions` use. Read before the batch is written; the batch
    /// is the block's, so block, state and tree move together.
    ///
    /// `prunedBelow` is the oldest kept version of the last prune whose batch was written (nil
    /// when unknown, as after a restart): everything it pruned is deleted, so the scans start past
    /// it instead of walking the deleted keys again on every block (in RocksDB those are
    /// tombstones until compaction, so the walk grew with every block). Returns this prune's
    /// oldest kept version, for the caller to pass next time once the batch is written.
    @discardableResult
    func add(_ update: StateTreeUpdate, keepVersions: UInt64, prunedBelow: UInt64? = nil, to batch: inout WriteBatch) throws -> UInt64? {
        for w in update.writes { batch.put(.stateTree, w.key, w.value) }
        guard keepVersions > 0, update.version + 1 > keepVersions else { return nil }
        // Versions >= oldestKept stay provable. A node stale since s is used only by versions < s.
        let oldestKept = update.version + 1 - keepVersions
        let stalePrefix = [StateTreeKeys.stalePrefix]
        // The last prune deleted every stale entry with since <= its oldestKept, and every root below it.
        let staleFrom = prunedBelow.map { stalePrefix + StateTreeKeys.be64($0 &+ 1) } ?? stalePrefix
        try kv.scan(.stateTree, from: staleFrom, prefix: stalePrefix) { k, _ in
            let since = StateTreeKeys.readBE64(k.dropFirst())
            guard since <= oldestKept else { return false }
            batch.delete(.stateTree, Array(k.dropFirst(9)))
            batch.delete(.stateTree, k)
            return true
        }
        let rootPrefix = [StateTreeKeys.rootPrefix]
        let rootFrom = prunedBelow.map { StateTreeKeys.root(version: $0) } ?? rootPrefix
        try kv.scan(.stateTree, from: rootFrom, prefix: rootPrefix) { k, _ in
            guard StateTreeKeys.readBE64(k.dropFirst()) < oldestKept else { return false }
            batch.delete(.stateTree, k)
            return true
        }
        return oldestKept
    }

    func proof(stateKey: [UInt8], version: UInt64) throws -> StateProof {
        try StateProofBuilder.prove(keyHash: StateTreeHashing.keyHash(stateKey), version: version, source: self)
    }

    /// The root recomputed from every stored state entry (for `--check-state`): time in
    /// proportion to the whole state, so only on request.
    static func recomputeRoot(kv: any KeyValueStore) throws -> Hash {
        var entries: [(keyHash: Hash, valueHash: Hash)] = []
        try kv.scan(.state, from: [], prefix: nil) { k, v in
            entries.append((StateTreeHashing.keyHash(k), StateTreeHashing.valueHash(v)))
            return true
        }
        entries.sort { $0.keyHash.bytes.lexicographicallyPrecedes($1.keyHash.bytes) }
        return StateTreeRoot.of(sortedEntries: entries)
    }
}
