import LedgerCore
import LedgerCrypto
import LedgerProofs
import LedgerRules
import LedgerStorage
import Synchronization

/// The last committed block (or genesis, at height 0).
public struct ChainTip: Sendable, Equatable {
    public var height: UInt64
    public var hash: Hash
    public var timeMillis: UInt64
    public var stateRoot: Hash
}

/// Where a committed transaction sits.
public struct TransactionLocation: Sendable, Equatable {
    public var height: UInt64
    public var index: UInt32
}

public enum ChainStoreError: Error, CustomStringConvertible, Equatable {
    case wrongChain(stored: String, requested: String)
    case wrongGenesis(stored: Hash, requested: Hash)
    case notInitialised
    case corrupt(String)

    public var description: String {
        switch self {
        case let .wrongChain(s, r): "this data folder belongs to chain '\(s)', not '\(r)'; use another --home or reset it"
        case let .wrongGenesis(s, r): "this data folder was created from a different genesis (stored \(s.hex.prefix(16))…, given \(r.hex.prefix(16))…)"
        case .notInitialised: "the data folder holds no chain yet"
        case let .corrupt(why): "the database is corrupt: \(why)"
        }
    }
}

/// Reads committed application state for execution.
struct StoreStateReader: StateReader {
    let kv: any KeyValueStore
    func read(_ key: [UInt8]) throws -> [UInt8]? { try kv.get(.state, key) }
    func scan(prefix: [UInt8], from: [UInt8], _ body: ([UInt8], [UInt8]) throws -> Bool) throws {
        try kv.scan(.state, from: from.lexicographicallyPrecedes(prefix) ? prefix : from, prefix: prefix, body)
    }
}

/// The chain as stored: blocks, commits, receipts, transaction locations, indexes and state. Each
/// block is written in one atomic, synced batch, so after a crash the store shows either the whole
/// block or none of it.
public final class ChainStore: Sendable {
    public let kv: any KeyValueStore
    private let tipState: Mutex<ChainTip?>
    /// State-tree versions kept provable (0 = all); older ones are pruned as blocks commit.
    public let stateTreeKeepVersions: UInt64
    private let treeCache = StateTreeCache()
    /// The oldest kept state-tree version of the last prune written in this process (nil before
    /// the first): the next prune starts its scans there (`StateTreeStore.add`).
    private let prunedBelow = Mutex<UInt64?>(nil)

    public init(kv: any KeyValueStore, stateTreeKeepVersions: UInt64 = 0) throws {
        self.kv = kv
        self.stateTreeKeepVersions = stateTreeKeepVersions
        tipState = Mutex(nil)
        tipState.withLock { $0 = nil }
        if try kv.get(.meta, StorageKeys.chainID) != nil {
            let tip = try loadTip()
            tipState.withLock { $0 = tip }
        }
    }

    public var isInitialised: Bool { tipState.withLock { $0 != nil } }

    public var tip: ChainTip {
        get throws {
            guard let t = tipState.withLock({ $0 }) else { throw ChainStoreError.notInitialised }
            return t
        }
    }

    public var chainID: String? {
        (try? kv.get(.meta, StorageKeys.chainID)).flatMap { $0 }.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The hash of the genesis this store was initialised with: the network every signature it
    /// accepts is bound to.
    public func genesisHash() throws -> Hash {
        guard let raw = try kv.get(.meta, StorageKeys.genesisHash) else { throw ChainStoreError.corrupt("genesis hash missing") }
        return try Hash(bytes: raw)
    }

    /// Writes genesis state on an empty store, or checks that a used store belongs to this genesis.
    public func initialise(genesis: GenesisDocument) throws {
        let gh = genesis.hash
        if let stored = try kv.get(.meta, StorageKeys.chainID) {
            let storedID = String(decoding: stored, as: UTF8.self)
            guard storedID == genesis.chainID else { throw ChainStoreError.wrongChain(stored: storedID, requested: genesis.chainID) }
            guard let sh = try kv.get(.meta, StorageKeys.genesisHash), sh == gh.bytes else {
                let storedHash = (try? kv.get(.meta, StorageKeys.genesisHash)).flatMap { $0 }.flatMap { try? Hash(bytes: $0) } ?? .zero
                throw ChainStoreError.wrongGenesis(stored: storedHash, requested: gh)
            }
            return
        }
        let overlay = genesis.initialState()
        let changes = overlay.sortedChanges()
        let tree = try stateTree.update(version: 0, changes: changes)
        let root = tree.rootHash
        var batch = WriteBatch()
        try stateTree.add(tree, keepVersions: 0, to: &batch)
        for c in changes {
            if let v = c.value { batch.put(.state, c.key, v) }
        }
        batch.put(.meta, StorageKeys.chainID, Array(genesis.chainID.utf8))
        batch.put(.meta, StorageKeys.genesisHash, gh.bytes)
        batch.put(.meta, StorageKeys.genesisStateRoot, root.bytes + StorageKeys.be64(genesis.genesisTimeMillis ?? 0))
        batch.put(.meta, StorageKeys.latestHeight, StorageKeys.be64(0))
        // "Block 0 announces the set of height 1": the base of the validator-set index.
        batch.put(.blocks, StorageKeys.validatorSetChange(0),
                  ValidatorSetState.encode(genesis.validators.map { ValidatorUpdate(publicKey: $0.publicKey, power: $0.power) }))
        try kv.write(batch)
        tipState.withLock { $0 = ChainTip(height: 0, hash: gh, timeMillis: genesis.genesisTimeMillis ?? 0, stateRoot: root) }
    }

    private func loadTip() throws -> ChainTip {
        guard let hraw = try kv.get(.meta, StorageKeys.latestHeight), hraw.count == 8 else { throw ChainStoreError.corrupt("latest height missing") }
        let height = StorageKeys.readBE64(hraw)
        if height == 0 {
            guard let gh = try kv.get(.meta, StorageKeys.genesisHash), let gs = try kv.get(.meta, StorageKeys.genesisStateRoot), gs.count == 40 else {
                throw ChainStoreError.corrupt("genesis record missing")
            }
            return ChainTip(height: 0, hash: try Hash(bytes: gh), timeMillis: StorageKeys.readBE64(gs[32...]), stateRoot: try Hash(bytes: Array(gs[..<32])))
        }
        guard let header = try header(height: height) else { throw ChainStoreError.corrupt("block \(height) missing") }
        return ChainTip(height: height, hash: header.hash, timeMillis: header.timeMillis, stateRoot: header.stateRoot)
    }

    // MARK: reads

    public func block(height: UInt64) throws -> Block? {
        try kv.get(.blocks, StorageKeys.block(height)).map { try Block(canonical: $0) }
    }

    /// The header of block `height`, decoded alone (a block starts with its header): the tip and
    /// historical state roots need no transactions decoded. The full block is checked when read
    /// with `block(height:)`.
    public func header(height: UInt64) throws -> BlockHeader? {
        guard let bytes = try kv.get(.blocks, StorageKeys.block(height)) else { return nil }
        var r = CanonicalReader(bytes)
        return try r.value(BlockHeader.self)
    }

    /// Every block whose header announces a new set for the next height, with that set, in height order.
    public func validatorSetChanges() throws -> [(height: UInt64, set: [ValidatorUpdate])] {
        try allValidatorSets().filter { $0.height > 0 }
    }

    /// The genesis entry (height 0) and every change, in height order.
    private func allValidatorSets() throws -> [(height: UInt64, set: [ValidatorUpdate])] {
        try kv.entries(.blocks, prefix: StorageKeys.validatorSetChangePrefix).map {
            (height: StorageKeys.readBE64($0.key.dropFirst()), set: try ValidatorSetState.decode($0.value))
        }
    }

    /// The set that signs `height`, from the index alone (its height-0 entry is the genesis set).
    public func validatorSet(height: UInt64) throws -> [ValidatorUpdate] {
        guard let set = try allValidatorSets().last(where: { $0.height < height })?.set else {
            throw ChainStoreError.corrupt("the validator-set index has no entry below height \(height)")
        }
        return set
    }

    public func commit(height: UInt64) throws -> Commit? {
        try kv.get(.blocks, StorageKeys.commit(height)).map { try Commit(canonical: $0) }
    }

    public func height(ofBlock hash: Hash) throws -> UInt64? {
        try kv.get(.blocks, StorageKeys.heightByHash(hash)).map { StorageKeys.readBE64($0) }
    }

    public func location(ofTransaction id: Hash) throws -> TransactionLocation? {
        guard let raw = try kv.get(.transactions, StorageKeys.txLocation(id)), raw.count == 12 else { return nil }
        return TransactionLocation(height: StorageKeys.readBE64(raw), index: StorageKeys.readBE32(raw[8...]))
    }

    /// The events of a block's end-block hooks (empty when there were none).
    public func endBlockEvents(height: UInt64) throws -> [Event] {
        guard let raw = try kv.get(.blocks, StorageKeys.endBlockEvents(height)) else { return [] }
        var r = CanonicalReader(raw)
        let events = try r.list(field: "end-block events", limit: 100_000) { try Event(from: &$0) }
        try r.finish()
        return events
    }

    public func receipt(height: UInt64, index: UInt32) throws -> Receipt? {
        try kv.get(.receipts, StorageKeys.receipt(height, index)).map { try Receipt(canonical: $0) }
    }

    public func account(_ address: Address) throws -> Account {
        try BankContract.account(address, in: stateReader)
    }

    public func params() throws -> AppParams {
        guard let raw = try kv.get(.state, StateKey.params) else { throw ChainStoreError.corrupt("application parameters missing") }
        return try AppParams(canonical: raw)
    }

    var stateReader: StoreStateReader { StoreStateReader(kv: kv) }

    var stateTree: StateTreeStore { StateTreeStore(kv: kv, cache: treeCache) }

    /// A membership or non-membership proof for `stateKey` against the state root of block `height`
    /// (0 = genesis), while that version is kept.
    public func stateProof(stateKey: [UInt8], height: UInt64) throws -> StateProof {
        try stateTree.proof(stateKey: stateKey, version: height)
    }

    /// The state root committed by block `height` (the genesis state root at 0).
    public func stateRoot(height: UInt64) throws -> Hash {
        if height == 0 {
            guard let gs = try kv.get(.meta, StorageKeys.genesisStateRoot), gs.count == 40 else { throw ChainStoreError.corrupt("genesis record missing") }
            return try Hash(bytes: Array(gs[..<32]))
        }
        guard let h = try header(height: height) else { throw ChainStoreError.corrupt("block \(height) missing") }
        return h.stateRoot
    }

    /// The stored tree root of the tip (cheap; read at startup instead of rescanning the state).
    public func storedStateTreeRoot() throws -> Hash {
        try stateTree.stateTreeRoot(version: try tip.height).hash
    }

    /// Bulk-adds state entries to genesis without transactions (benchmarks build a large state this
    /// way). Only at height 0: version 0 of the tree is rebuilt in place and the genesis root
    /// updated, in batches of `batchSize` entries (each batch atomic). Not a consensus path: a node
    /// seeded this way has a different genesis state root from its peers.
    public func seedGenesisState(_ entries: [(key: [UInt8], value: [UInt8])], batchSize: Int = 50_000) throws {
        let tip = try tip
        guard tip.height == 0 else { throw ChainStoreError.corrupt("state can be seeded only at genesis, the tip is at \(tip.height)") }
        var root = tip.stateRoot
        for start in stride(from: 0, to: entries.count, by: max(1, batchSize)) {
            let chunk = entries[start..<min(start + batchSize, entries.count)]
            // No cache while version 0 is rewritten in place: a cached version-0 node could be outdated.
            let update = try StateTreeUpdater.apply(chunk.map { StateTreeChange(stateKey: $0.key, value: $0.value) },
                                                    to: 0, version: 0, source: StateTreeStore(kv: kv))
            var batch = WriteBatch()
            for c in chunk { batch.put(.state, c.key, c.value) }
            // Version 0 is rewritten in place, so nothing it replaces may be marked stale.
            for w in update.writes where w.key.first != StateTreeKeys.stalePrefix { batch.put(.stateTree, w.key, w.value) }
            root = update.rootHash
            batch.put(.meta, StorageKeys.genesisStateRoot, root.bytes + StorageKeys.be64(tip.timeMillis))
            try kv.write(batch)
        }
        // Version 0 was rewritten in place: cached version-0 nodes may be outdated.
        treeCache.clear()
        tipState.withLock { $0?.stateRoot = root }
    }

    /// Computes (without writing) the tree update the next block would make for `changes`, and
    /// returns how many tree entries it would write: for measuring the tree's cost per block.
    public func dryRunStateTreeUpdate(_ changes: [(key: [UInt8], value: [UInt8]?)]) throws -> Int {
        try stateTree.update(version: try tip.height + 1, changes: changes).writes.count
    }

    /// The state root recomputed from every state entry (time in proportion to the state).
    public func recomputedStateRoot() throws -> Hash {
        try StateTreeStore.recomputeRoot(kv: kv)
    }

    // MARK: commit

    /// Writes a block, its commit, receipts, locations, indexes and state changes in one synced batch.
    func commit(_ executed: ExecutedBlock, commit: Commit) throws {
        let h = executed.block.header.height
        let hash = executed.block.header.hash
        var batch = WriteBatch()
        batch.put(.blocks, StorageKeys.block(h), executed.block.canonicalBytes)
        batch.put(.blocks, StorageKeys.commit(h), commit.canonicalBytes)
        batch.put(.blocks, StorageKeys.heightByHash(hash), StorageKeys.be64(h))
        if let change = executed.validatorSetChange {
            batch.put(.blocks, StorageKeys.validatorSetChange(h), ValidatorSetState.encode(change))
        }
        if !executed.endBlockEvents.isEmpty {
            batch.put(.blocks, StorageKeys.endBlockEvents(h), BlockExecutor.endBlockEventsBytes(executed.endBlockEvents))
        }
        for (i, tx) in executed.transactions.enumerated() {
            let idx = UInt32(i)
            batch.put(.transactions, StorageKeys.txLocation(tx.id), StorageKeys.be64(h) + StorageKeys.be32(idx))
            batch.put(.receipts, StorageKeys.receipt(h, idx), executed.receipts[i].canonicalBytes)
            batch.put(.indexes, StorageKeys.bySender(tx.senderAddress, h, idx), tx.id.bytes)
        }
        for c in executed.stateChanges {
            if let v = c.value { batch.put(.state, c.key, v) } else { batch.delete(.state, c.key) }
        }
        let pruned = try stateTree.add(executed.stateTree, keepVersions: stateTreeKeepVersions,
                                       prunedBelow: prunedBelow.withLock { $0 }, to: &batch)
        for w in executed.logWrites { batch.put(.log, w.key, w.value) }
        batch.put(.meta, StorageKeys.latestHeight, StorageKeys.be64(h))
        try kv.write(batch)
        if let pruned { prunedBelow.withLock { $0 = pruned } }
        treeCache.remember(executed.stateTree)
        tipState.withLock {
            $0 = ChainTip(height: h, hash: hash, timeMillis: executed.block.header.timeMillis, stateRoot: executed.block.header.stateRoot)
        }
    }
}
