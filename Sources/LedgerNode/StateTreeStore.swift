import LedgerCore
import LedgerProofs
import LedgerStorage
import Synchronization

/// The upper levels of the state tree in memory, by position (depth and path), each holding the
/// newest node known at that position with the version that wrote it. A node key names immutable
/// content (the version is in the key), so a hit is exact; the upper levels are rewritten by nearly
/// every block and read by the next, so this saves a RocksDB read per level on every changed key's
/// path. Filled by commits and by reads (so the first blocks after a start or a genesis seeding
/// warm it), never by an older node than the one it holds; bounded by the number of positions at
/// depth ≤ `maxDepth` (at most 2^(maxDepth+1)), so it never has to be cleared while running.
final class StateTreeCache: Sendable {
    /// 2^17 positions at most (about 25 MiB); at a million accounts leaves sit near depth 20, so a
    /// changed key's path leaves only its last few nodes to RocksDB.
    static let maxDepth = 16
    private struct Slot { var version: UInt64; var bytes: [UInt8] }
    private let nodes = Mutex<[[UInt8]: Slot]>([:])

    /// A node key is `prefix | u64 version | u16 depth | 32-byte path`; nil for anything else or too deep.
    private static func position(_ key: [UInt8]) -> (version: UInt64, slot: [UInt8])? {
        guard key.count == 43, key[0] == StateTreeKeys.nodePrefix, Int(key[9]) << 8 | Int(key[10]) <= maxDepth else { return nil }
        return (StateTreeKeys.readBE64(key[1..<9]), Array(key[9...]))
    }

    func get(_ key: [UInt8]) -> [UInt8]? {
        guard let p = Self.position(key) else { return nil }
        return nodes.withLock { $0[p.slot].flatMap { $0.version == p.version ? $0.bytes : nil } }
    }

    /// Keeps `bytes`, read from storage under `key`, unless the position already holds a newer node.
    func offer(_ key: [UInt8], _ bytes: [UInt8]) {
        guard let p = Self.position(key) else { return }
        nodes.withLock { cache in
            if let held = cache[p.slot], held.version >= p.version { return }
            cache[p.slot] = Slot(version: p.version, bytes: bytes)
        }
    }

    /// Keeps the update's nodes down to `maxDepth`; call only after the batch is durably written.
    func remember(_ update: StateTreeUpdate) {
        nodes.withLock { cache in
            for w in update.writes {
                guard let p = Self.position(w.key) else { continue }
                if let held = cache[p.slot], held.version > p.version { continue }
                cache[p.slot] = Slot(version: p.version, bytes: w.value)
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
        guard let cache else { return try kv.get(.stateTree, key) }
        if let hit = cache.get(key) { return hit }
        let stored = try kv.get(.stateTree, key)
        // Only committed entries are read from storage, so whatever is found may be kept.
        if let stored { cache.offer(key, stored) }
        return stored
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
