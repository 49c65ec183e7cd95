/// Column families: one per concern, so each can be scanned and tuned on its own.
public enum Column: String, CaseIterable, Sendable {
    /// Chain identity, genesis hash, latest committed height.
    case meta
    /// Height (u64 BE) -> canonical block; plus commit and hash->height entries (see Docs/PROTOCOL.md).
    case blocks
    /// Transaction id -> location (height, index) in the chain.
    case transactions
    /// Height (u64 BE) || index (u32 BE) -> canonical receipt.
    case receipts
    /// Application state, keyed `contract prefix | record kind | ids`.
    case state
    /// Secondary indexes (e.g. sender address || height || index).
    case indexes
    /// Authenticated state tree: versioned nodes, stale marks and per-version roots (LedgerProofs `StateTreeKeys`).
    case stateTree
    /// The record log: RFC 9162 tree nodes, entries and size (LedgerNode/RecordLog.swift).
    case log
}

public enum StorageError: Error, CustomStringConvertible, Equatable {
    case openFailed(path: String, reason: String)
    case readFailed(String)
    case writeFailed(String)
    case closed

    public var description: String {
        switch self {
        case let .openFailed(path, reason): "cannot open the database at \(path): \(reason)"
        case let .readFailed(r): "database read failed: \(r)"
        case let .writeFailed(r): "database write failed: \(r)"
        case .closed: "the database is closed"
        }
    }
}

/// A set of writes applied all together or not at all.
public struct WriteBatch: Sendable {
    public enum Operation: Sendable, Equatable {
        case put(Column, key: [UInt8], value: [UInt8])
        case delete(Column, key: [UInt8])
    }

    public private(set) var operations: [Operation] = []

    public init() {}

    public mutating func put(_ column: Column, _ key: [UInt8], _ value: [UInt8]) {
        operations.append(.put(column, key: key, value: value))
    }

    public mutating func delete(_ column: Column, _ key: [UInt8]) {
        operations.append(.delete(column, key: key))
    }

    public var isEmpty: Bool { operations.isEmpty }
}

/// An ordered key-value store with column families and atomic batches.
///
/// Keys within a column are ordered bytewise (unsigned, lexicographic), so big-endian integer keys
/// scan in numeric order. `write` is atomic and, for a persistent store, durable when it returns.
public protocol KeyValueStore: Sendable {
    func get(_ column: Column, _ key: [UInt8]) throws -> [UInt8]?
    func write(_ batch: WriteBatch) throws
    /// Visits entries with `key >= start` (and, if given, starting with `prefix`) in key order until
    /// `body` returns false.
    func scan(_ column: Column, from start: [UInt8], prefix: [UInt8]?, _ body: ([UInt8], [UInt8]) throws -> Bool) throws
}

extension KeyValueStore {
    /// All entries whose key starts with `prefix`, up to `limit`.
    public func entries(_ column: Column, prefix: [UInt8], limit: Int = .max) throws -> [(key: [UInt8], value: [UInt8])] {
        var out: [(key: [UInt8], value: [UInt8])] = []
        guard limit > 0 else { return out }
        try scan(column, from: prefix, prefix: prefix) { k, v in
            out.append((k, v))
            return out.count < limit
        }
        return out
    }

    /// The entry with the largest key that starts with `prefix`, if any.
    public func last(_ column: Column, prefix: [UInt8]) throws -> (key: [UInt8], value: [UInt8])? {
        var found: (key: [UInt8], value: [UInt8])?
        try scan(column, from: prefix, prefix: prefix) { k, v in
            found = (k, v)
            return true
        }
        return found
    }
}
