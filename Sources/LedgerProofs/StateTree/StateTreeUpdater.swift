import LedgerCore

/// One change to the tree: set `keyHash` to `valueHash`, or remove it (nil).
public struct StateTreeChange: Sendable, Equatable {
    public var keyHash: Hash
    public var valueHash: Hash?
    public init(keyHash: Hash, valueHash: Hash?) {
        self.keyHash = keyHash
        self.valueHash = valueHash
    }

    /// The change for a state entry (hashes the key and the value).
    public init(stateKey: [UInt8], value: [UInt8]?) {
        self.init(keyHash: StateTreeHashing.keyHash(stateKey), valueHash: value.map(StateTreeHashing.valueHash))
    }
}

/// What one version adds to the tree's storage: new nodes, the root entry and stale marks. The
/// caller writes it in the same atomic batch as the block, so the tree can never lag the state.
public struct StateTreeUpdate: Sendable {
    public var version: UInt64
    public var root: StateTreeChild
    /// Entries to put: nodes, stale marks (empty values) and the version's root entry.
    public var writes: [(key: [UInt8], value: [UInt8])]
    public var rootHash: Hash { root.hash }
}

/// Applies a batch of changes to the tree of `previous` version and yields version `version`.
/// Cost: the nodes on the paths of the changed keys (changes × depth), never the whole state.
/// Nodes are immutable and keyed by the version that wrote them, so older versions stay readable
/// until pruned.
public struct StateTreeUpdater {
    private let source: any StateTreeSource
    private let version: UInt64
    private var writes: [(key: [UInt8], value: [UInt8])] = []

    /// A subtree during the update, before it is placed at its final depth.
    private enum Sub: Equatable {
        case empty
        /// Unchanged stored leaf at the position it was reached from (key not loaded).
        case storedLeaf(hash: Hash, version: UInt64, depth: Int)
        /// A leaf whose key is known; `origin` is where it is stored now (version, depth), if anywhere.
        case leaf(key: Hash, value: Hash, originVersion: UInt64?, originDepth: Int)
        case storedInternal(hash: Hash, version: UInt64)
    }

    /// - previous: the version to start from, nil for an empty tree.
    public static func apply(_ changes: [StateTreeChange], to previous: UInt64?, version: UInt64,
                             source: any StateTreeSource) throws -> StateTreeUpdate {
        let sorted = changes.sorted { $0.keyHash.bytes.lexicographicallyPrecedes($1.keyHash.bytes) }
        for i in sorted.indices.dropFirst() where sorted[i].keyHash == sorted[i - 1].keyHash {
            throw StateTreeError.duplicateKey(sorted[i].keyHash)
        }
        var u = StateTreeUpdater(source: source, version: version)
        let oldRoot = try previous.map { try source.stateTreeRoot(version: $0) } ?? .empty
        let start = u.sub(oldRoot, depth: 0)
        let zero = [UInt8](repeating: 0, count: 32)
        let newRoot = try u.update(start, depth: 0, path: zero, sorted[...])
        let rootRef = try u.place(newRoot, depth: 0)
        u.writes.append((StateTreeKeys.root(version: version), rootRef.rootEntryBytes))
        return StateTreeUpdate(version: version, root: rootRef, writes: u.writes)
    }

    private func sub(_ c: StateTreeChild, depth: Int) -> Sub {
        switch c {
        case .empty: .empty
        case let .leaf(h, v): .storedLeaf(hash: h, version: v, depth: depth)
        case let .internal(h, v): .storedInternal(hash: h, version: v)
        }
    }

    private mutating func markStale(version v: UInt64, depth: Int, path: [UInt8]) {
        writes.append((StateTreeKeys.stale(since: version, node: StateTreeKeys.node(version: v, depth: depth, path: path)), []))
    }

    private mutating func update(_ s: Sub, depth: Int, path: [UInt8], _ changes: ArraySlice<StateTreeChange>) throws -> Sub {
        if changes.isEmpty { return s }
        switch s {
        case .empty:
            return try build(depth: depth, path: path, changes.compactMap { c in c.valueHash.map { (c.keyHash, $0) } }[...])
        case let .storedLeaf(_, v, d):
            guard case let .leaf(k, vh) = try source.node(version: v, depth: d, path: path) else {
                throw StateTreeError.corruptNode("leaf reference points to an internal node")
            }
            let loaded = Sub.leaf(key: k, value: vh, originVersion: v, originDepth: d)
            let r = try update(loaded, depth: depth, path: path, changes)
            return r == loaded ? s : r
        case let .leaf(k, vh, ov, od):
            var live: [(Hash, Hash)] = []
            var seen = false
            for c in changes {
                if !seen, k.bytes.lexicographicallyPrecedes(c.keyHash.bytes) { live.append((k, vh)); seen = true }
                if c.keyHash == k {
                    seen = true
                    if let nv = c.valueHash { live.append((k, nv)) }
                } else if let nv = c.valueHash {
                    live.append((c.keyHash, nv))
                }
            }
            if !seen { live.append((k, vh)) }
            if live.count == 1, live[0].0 == k, live[0].1 == vh { return s }
            if let ov { markStale(version: ov, depth: od, path: StateTreeHashing.path(k.bytes, depth: od)) }
            return try build(depth: depth, path: path, live[...])
        case let .storedInternal(_, v):
            guard case let .internal(l, r) = try source.node(version: v, depth: depth, path: path) else {
                throw StateTreeError.corruptNode("internal reference points to a leaf")
            }
            let split = changes.firstIndex { StateTreeHashing.bit($0.keyHash.bytes, depth) } ?? changes.endIndex
            let oldL = sub(l, depth: depth + 1), oldR = sub(r, depth: depth + 1)
            let newL = try update(oldL, depth: depth + 1, path: path, changes[..<split])
            let newR = try update(oldR, depth: depth + 1, path: childPath(path, depth: depth, right: true), changes[split...])
            if newL == oldL && newR == oldR { return s }
            markStale(version: v, depth: depth, path: path)
            return try combine(depth: depth, path: path, newL, newR)
        }
    }

    /// A fresh subtree over `entries` (sorted, distinct, all under `path`).
    private mutating func build(depth: Int, path: [UInt8], _ entries: ArraySlice<(Hash, Hash)>) throws -> Sub {
        if entries.isEmpty { return .empty }
        if entries.count == 1 { return .leaf(key: entries.first!.0, value: entries.first!.1, originVersion: nil, originDepth: 0) }
        let split = entries.firstIndex { StateTreeHashing.bit($0.0.bytes, depth) } ?? entries.endIndex
        let l = try build(depth: depth + 1, path: path, entries[..<split])
        let r = try build(depth: depth + 1, path: childPath(path, depth: depth, right: true), entries[split...])
        return try combine(depth: depth, path: path, l, r)
    }

    private mutating func combine(depth: Int, path: [UInt8], _ l: Sub, _ r: Sub) throws -> Sub {
        switch (l, r) {
        case (.empty, .empty): return .empty
        // A lone leaf moves up to where it is alone (shortcut leaf).
        case (.empty, .leaf), (.leaf, .empty): return l == .empty ? r : l
        case let (.empty, .storedLeaf(_, v, d)):
            return try loadLeaf(version: v, depth: d, path: childPath(path, depth: depth, right: true))
        case let (.storedLeaf(_, v, d), .empty):
            return try loadLeaf(version: v, depth: d, path: path)
        default:
            let lc = try place(l, depth: depth + 1)
            let rc = try place(r, depth: depth + 1)
            let node = StateTreeNode.internal(left: lc, right: rc)
            writes.append((StateTreeKeys.node(version: version, depth: depth, path: path), node.bytes))
            return .storedInternal(hash: StateTreeHashing.internalNode(left: lc.hash, right: rc.hash), version: version)
        }
    }

    private func loadLeaf(version v: UInt64, depth d: Int, path: [UInt8]) throws -> Sub {
        guard case let .leaf(k, vh) = try source.node(version: v, depth: d, path: path) else {
            throw StateTreeError.corruptNode("leaf reference points to an internal node")
        }
        return .leaf(key: k, value: vh, originVersion: v, originDepth: d)
    }

    /// Fixes a subtree at `depth`, writing a leaf that is new or has moved.
    private mutating func place(_ s: Sub, depth: Int) throws -> StateTreeChild {
        switch s {
        case .empty: return .empty
        case let .storedLeaf(h, v, _): return .leaf(hash: h, version: v)
        case let .storedInternal(h, v): return .internal(hash: h, version: v)
        case let .leaf(k, vh, ov, od):
            let h = StateTreeHashing.leaf(keyHash: k, valueHash: vh)
            if let ov, od == depth { return .leaf(hash: h, version: ov) }
            if let ov { markStale(version: ov, depth: od, path: StateTreeHashing.path(k.bytes, depth: od)) }
            writes.append((StateTreeKeys.node(version: version, depth: depth, path: StateTreeHashing.path(k.bytes, depth: depth)),
                           StateTreeNode.leaf(keyHash: k, valueHash: vh).bytes))
            return .leaf(hash: h, version: version)
        }
    }

    private func childPath(_ path: [UInt8], depth: Int, right: Bool) -> [UInt8] {
        guard right else { return path }
        var p = path
        p[depth >> 3] |= 0x80 >> UInt8(depth & 7)
        return p
    }
}
