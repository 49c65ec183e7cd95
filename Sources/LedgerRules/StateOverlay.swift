import LedgerCore

/// Read access to committed state. Storage failures are thrown as-is: they are not rule
/// failures, and the node stops rather than commit a block computed from a failed read.
public protocol StateReader {
    func read(_ key: [UInt8]) throws -> [UInt8]?
    /// Visits entries with `key >= from` that start with `prefix`, in key order, until `body` returns false.
    func scan(prefix: [UInt8], from: [UInt8], _ body: ([UInt8], [UInt8]) throws -> Bool) throws
}

/// Buffered writes over a reader. A block has one overlay over committed state; each transaction's
/// actions run in a child overlay that is merged into the block's only if every action succeeds.
public final class StateOverlay: StateReader {
    private let base: any StateReader
    /// `nil` value = deleted.
    public private(set) var writes: [[UInt8]: [UInt8]?] = [:]

    public init(base: any StateReader) {
        self.base = base
    }

    public func read(_ key: [UInt8]) throws -> [UInt8]? {
        if let w = writes[key] { return w }
        return try base.read(key)
    }

    public func write(_ key: [UInt8], _ value: [UInt8]) { writes[key] = .some(value) }
    public func delete(_ key: [UInt8]) { writes[key] = .some(nil) }

    /// Merges the base's entries with this overlay's writes (deletes hide, puts replace or add).
    public func scan(prefix: [UInt8], from: [UInt8], _ body: ([UInt8], [UInt8]) throws -> Bool) throws {
        let start = from.lexicographicallyPrecedes(prefix) ? prefix : from
        let mine = writes.filter { $0.key.starts(with: prefix) && !$0.key.lexicographicallyPrecedes(start) }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
        var i = 0
        var stopped = false
        // Emits overlay entries before `key` (all of them when nil); false when the body asked to stop.
        func flush(before key: [UInt8]?) throws -> Bool {
            while i < mine.count, key.map({ mine[i].key.lexicographicallyPrecedes($0) }) ?? true {
                let (k, v) = (mine[i].key, mine[i].value)
                i += 1
                if let v, try !body(k, v) { return false }
            }
            return true
        }
        try base.scan(prefix: prefix, from: start) { k, v in
            guard try flush(before: k) else {
                stopped = true
                return false
            }
            if i < mine.count, mine[i].key == k {
                let nv = mine[i].value
                i += 1
                if let nv, try !body(k, nv) {
                    stopped = true
                    return false
                }
                return true
            }
            if try !body(k, v) {
                stopped = true
                return false
            }
            return true
        }
        if !stopped { _ = try flush(before: nil) }
    }

    /// Applies a child overlay's writes to this one.
    public func absorb(_ child: StateOverlay) {
        for (k, v) in child.writes { writes[k] = .some(v) }
    }

    /// The writes in key order, ready for a storage batch and the state root.
    public func sortedChanges() -> [(key: [UInt8], value: [UInt8]?)] {
        writes.map { (key: $0.key, value: $0.value) }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }
}

/// A reader over nothing: the state before genesis.
public struct EmptyState: StateReader {
    public init() {}
    public func read(_ key: [UInt8]) throws -> [UInt8]? { nil }
    public func scan(prefix: [UInt8], from: [UInt8], _ body: ([UInt8], [UInt8]) throws -> Bool) throws {}
}
