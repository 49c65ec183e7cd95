import LedgerCore

/// A reference from a parent (or from a version's root entry) to a child subtree.
public enum StateTreeChild: Sendable, Equatable {
    case empty
    /// A shortcut leaf, stored at `version`.
    case leaf(hash: Hash, version: UInt64)
    /// An internal node, stored at `version`.
    case `internal`(hash: Hash, version: UInt64)

    public var hash: Hash {
        switch self {
        case .empty: StateTreeHashing.empty
        case let .leaf(h, _), let .internal(h, _): h
        }
    }

    func encode(into out: inout [UInt8]) {
        switch self {
        case .empty: out.append(0)
        case let .leaf(h, v): out.append(1); out += h.bytes; out += StateTreeKeys.be64(v)
        case let .internal(h, v): out.append(2); out += h.bytes; out += StateTreeKeys.be64(v)
        }
    }

    static func decode(_ b: [UInt8], at i: inout Int) throws -> StateTreeChild {
        guard i < b.count else { throw StateTreeError.corruptNode("child reference truncated") }
        let tag = b[i]
        i += 1
        if tag == 0 { return .empty }
        guard tag <= 2, i + 40 <= b.count else { throw StateTreeError.corruptNode("bad child reference") }
        let h = Hash(unchecked: Array(b[i..<(i + 32)]))
        let v = StateTreeKeys.readBE64(b[(i + 32)..<(i + 40)])
        i += 40
        return tag == 1 ? .leaf(hash: h, version: v) : .internal(hash: h, version: v)
    }

    /// The encoding of a version's root entry.
    public var rootEntryBytes: [UInt8] {
        var out = [UInt8]()
        encode(into: &out)
        return out
    }

    public init(rootEntry b: [UInt8]) throws {
        var i = 0
        self = try Self.decode(b, at: &i)
        guard i == b.count else { throw StateTreeError.corruptNode("trailing bytes after root entry") }
    }
}

/// A stored tree node. Storage encoding (not hashed, so not consensus):
/// leaf `00 || key hash || value hash`; internal `01 || left child || right child`, a child being
/// `00` (empty), `01 || hash || u64 version` (leaf) or `02 || hash || u64 version` (internal).
public enum StateTreeNode: Sendable, Equatable {
    case leaf(keyHash: Hash, valueHash: Hash)
    case `internal`(left: StateTreeChild, right: StateTreeChild)

    public var bytes: [UInt8] {
        var out = [UInt8]()
        switch self {
        case let .leaf(k, v):
            out.reserveCapacity(65)
            out.append(0); out += k.bytes; out += v.bytes
        case let .internal(l, r):
            out.reserveCapacity(83)
            out.append(1); l.encode(into: &out); r.encode(into: &out)
        }
        return out
    }

    public init(bytes b: [UInt8]) throws {
        guard let tag = b.first else { throw StateTreeError.corruptNode("empty node") }
        switch tag {
        case 0:
            guard b.count == 65 else { throw StateTreeError.corruptNode("leaf of \(b.count) bytes") }
            self = .leaf(keyHash: Hash(unchecked: Array(b[1..<33])), valueHash: Hash(unchecked: Array(b[33..<65])))
        case 1:
            var i = 1
            let l = try StateTreeChild.decode(b, at: &i)
            let r = try StateTreeChild.decode(b, at: &i)
            guard i == b.count else { throw StateTreeError.corruptNode("trailing bytes after internal node") }
            self = .internal(left: l, right: r)
        default:
            throw StateTreeError.corruptNode("unknown node tag \(tag)")
        }
    }
}

public enum StateTreeError: Error, Equatable, CustomStringConvertible {
    case missingNode(version: UInt64, depth: Int)
    case missingVersion(UInt64)
    case corruptNode(String)
    case duplicateKey(Hash)

    /// Stable machine code.
    public var code: String {
        switch self {
        case .missingNode: "STATE_TREE_MISSING_NODE"
        case .missingVersion: "STATE_TREE_VERSION_PRUNED"
        case .corruptNode: "STATE_TREE_CORRUPT"
        case .duplicateKey: "STATE_TREE_DUPLICATE_KEY"
        }
    }

    public var description: String {
        switch self {
        case let .missingNode(v, d): "state tree node of version \(v) at depth \(d) is missing"
        case let .missingVersion(v): "the state tree holds no root for version \(v) (not committed yet, or pruned)"
        case let .corruptNode(why): "state tree node is corrupt: \(why)"
        case let .duplicateKey(k): "state tree update lists key hash \(k) twice"
        }
    }
}

/// Key layout of the tree's storage (one column family; sorted scans by version serve pruning):
/// - `01 || u64 version || u16 depth || 32-byte path` → node (`StateTreeNode`)
/// - `02 || u64 stale-since version || node key` → empty: the node is unused from that version on
/// - `03 || u64 version` → that version's root (`StateTreeChild` encoding)
public enum StateTreeKeys {
    public static let nodePrefix: UInt8 = 0x01
    public static let stalePrefix: UInt8 = 0x02
    public static let rootPrefix: UInt8 = 0x03

    public static func node(version: UInt64, depth: Int, path: [UInt8]) -> [UInt8] {
        var k = [UInt8]()
        k.reserveCapacity(43)
        k.append(nodePrefix)
        k += be64(version)
        k.append(UInt8(depth >> 8)); k.append(UInt8(depth & 0xFF))
        k += path
        return k
    }

    public static func stale(since version: UInt64, node: [UInt8]) -> [UInt8] { [stalePrefix] + be64(version) + node }
    public static func root(version: UInt64) -> [UInt8] { [rootPrefix] + be64(version) }

    public static func be64(_ v: UInt64) -> [UInt8] { withUnsafeBytes(of: v.bigEndian, Array.init) }
    public static func readBE64(_ b: some Collection<UInt8>) -> UInt64 { b.prefix(8).reduce(0) { $0 << 8 | UInt64($1) } }
}

/// Where the tree reads its stored entries (LedgerNode serves it from a RocksDB column family).
public protocol StateTreeSource {
    func treeEntry(_ key: [UInt8]) throws -> [UInt8]?
}

extension StateTreeSource {
    func node(version: UInt64, depth: Int, path: [UInt8]) throws -> StateTreeNode {
        guard let raw = try treeEntry(StateTreeKeys.node(version: version, depth: depth, path: path)) else {
            throw StateTreeError.missingNode(version: version, depth: depth)
        }
        return try StateTreeNode(bytes: raw)
    }

    /// The root of `version` (empty tree before anything was written at version 0).
    public func stateTreeRoot(version: UInt64) throws -> StateTreeChild {
        guard let raw = try treeEntry(StateTreeKeys.root(version: version)) else { throw StateTreeError.missingVersion(version) }
        return try StateTreeChild(rootEntry: raw)
    }
}
