import Synchronization

/// An in-memory store for unit tests. Not persistent; never used by a running node.
public final class MemoryStore: KeyValueStore {
    private let tables = Mutex<[Column: [[UInt8]: [UInt8]]]>([:])

    public init() {}

    public func get(_ column: Column, _ key: [UInt8]) throws -> [UInt8]? {
        tables.withLock { $0[column]?[key] }
    }

    public func write(_ batch: WriteBatch) throws {
        tables.withLock { t in
            for op in batch.operations {
                switch op {
                case let .put(c, k, v): t[c, default: [:]][k] = v
                case let .delete(c, k): t[c]?[k] = nil
                }
            }
        }
    }

    public func scan(_ column: Column, from start: [UInt8], prefix: [UInt8]?, _ body: ([UInt8], [UInt8]) throws -> Bool) throws {
        let sorted = tables.withLock { t in
            (t[column] ?? [:]).filter { !$0.key.lexicographicallyPrecedes(start) }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        }
        for (k, v) in sorted {
            if let prefix, !k.starts(with: prefix) {
                if prefix.lexicographicallyPrecedes(k) { break }
                continue
            }
            if try !body(k, v) { break }
        }
    }
}
