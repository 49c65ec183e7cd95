import LedgerCore
import LedgerCrypto

/// Reads the hash of a complete subtree of the log: the node at `level` covering leaves
/// `[index << level, (index + 1) << level)`. Level 0 nodes are leaf hashes. A log store keeps every
/// complete node, so each read is one key lookup.
public protocol LogNodeReader {
    func node(level: Int, index: UInt64) throws -> Hash
}

/// RFC 9162 tree heads and proofs computed from stored complete-subtree hashes. Every function
/// reads O(log n) nodes: the tree of size n is the fold of at most 64 complete subtrees (its
/// compact range), and a proof never needs more than one incomplete range.
public enum LogTree {
    /// The largest power of two strictly below n (n ≥ 2).
    static func split(_ n: UInt64) -> UInt64 { UInt64(1) << (63 - (n - 1).leadingZeroBitCount) }

    /// MTH(D[start:end]) where `start` is a multiple of the smallest power of two ≥ `end - start` —
    /// true of every range the RFC 9162 recursions visit. Reads one node per set bit of the width.
    public static func rangeHash(start: UInt64, end: UInt64, reader: some LogNodeReader) throws -> Hash {
        precondition(end > start)
        var nodes: [Hash] = []
        var pos = start
        var width = end - start
        while width > 0 {
            let level = 63 - width.leadingZeroBitCount
            nodes.append(try reader.node(level: level, index: pos >> UInt64(level)))
            pos += UInt64(1) << UInt64(level)
            width -= UInt64(1) << UInt64(level)
        }
        var h = nodes.removeLast()
        while let left = nodes.popLast() { h = MerkleTree.nodeHash(left, h) }
        return h
    }

    /// The root of the first `size` leaves (the empty-tree hash at size 0).
    public static func root(size: UInt64, reader: some LogNodeReader) throws -> Hash {
        size == 0 ? MerkleTree.emptyRoot : try rangeHash(start: 0, end: size, reader: reader)
    }

    /// PATH(index, D[0:size]) of RFC 9162 §2.1.3.1, nearest sibling first.
    public static func inclusionProof(index: UInt64, size: UInt64, reader: some LogNodeReader) throws -> [Hash] {
        guard index < size else { throw LogError.indexOutOfRange(index: index, size: size) }
        var path: [Hash] = []
        var start: UInt64 = 0, end = size
        while end - start > 1 {
            let k = split(end - start)
            if index < start + k {
                path.append(try rangeHash(start: start + k, end: end, reader: reader))
                end = start + k
            } else {
                path.append(try rangeHash(start: start, end: start + k, reader: reader))
                start += k
            }
        }
        return path.reversed()
    }

    /// PROOF(from, D[0:to]) of RFC 9162 §2.1.4.1 (SUBPROOF with b = true); empty when from is 0 or
    /// equals to.
    public static func consistencyProof(from m: UInt64, to n: UInt64, reader: some LogNodeReader) throws -> [Hash] {
        guard m <= n else { throw LogError.sizeOutOfRange(from: m, to: n) }
        if m == 0 || m == n { return [] }
        var proof: [Hash] = []
        var start: UInt64 = 0, end = n, mm = m, b = true
        while true {
            let width = end - start
            if mm == width {
                if !b { proof.append(try rangeHash(start: start, end: end, reader: reader)) }
                break
            }
            let k = split(width)
            if mm <= k {
                proof.append(try rangeHash(start: start + k, end: end, reader: reader))
                end = start + k
            } else {
                proof.append(try rangeHash(start: start, end: start + k, reader: reader))
                start += k
                mm -= k
                b = false
            }
        }
        return proof.reversed()
    }
}

/// Appends leaves to a log whose complete nodes are held by a reader, without writing: it returns
/// the nodes that became complete (to be stored in the block's write batch) and the new root. Each
/// leaf costs one read and one hash per level it completes, O(log n) at worst, O(1) on average.
public struct LogAppender {
    public struct NodeKey: Hashable, Sendable {
        public var level: Int
        public var index: UInt64
        public init(level: Int, index: UInt64) {
            self.level = level
            self.index = index
        }
    }

    public private(set) var size: UInt64
    /// Nodes completed by this appender, in the order they were completed.
    public private(set) var newNodes: [(key: NodeKey, hash: Hash)] = []
    private var pending: [NodeKey: Hash] = [:]
    private let base: any LogNodeReader

    public init(size: UInt64, base: any LogNodeReader) {
        self.size = size
        self.base = base
    }

    private func read(_ level: Int, _ index: UInt64) throws -> Hash {
        if let h = pending[NodeKey(level: level, index: index)] { return h }
        return try base.node(level: level, index: index)
    }

    private mutating func put(_ level: Int, _ index: UInt64, _ h: Hash) {
        let k = NodeKey(level: level, index: index)
        pending[k] = h
        newNodes.append((k, h))
    }

    /// Appends one leaf (its raw entry bytes); returns its index.
    @discardableResult
    public mutating func append(entry: [UInt8]) throws -> UInt64 {
        let index = size
        var h = MerkleTree.leafHash(entry)
        put(0, index, h)
        var level = 0
        var i = index
        while i & 1 == 1 {
            h = MerkleTree.nodeHash(try read(level, i - 1), h)
            level += 1
            i >>= 1
            put(level, i, h)
        }
        size += 1
        return index
    }

    /// The root over all leaves appended so far (and before).
    public func root() throws -> Hash {
        struct Overlay: LogNodeReader {
            let appender: LogAppender
            func node(level: Int, index: UInt64) throws -> Hash { try appender.read(level, index) }
        }
        return try LogTree.root(size: size, reader: Overlay(appender: self))
    }
}
