import Foundation
import LedgerStorage
import LedgerStorageRocksDB
import Testing

/// The backends every contract test runs against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory
    case rocksdb

    var testDescription: String { rawValue }
}

/// A fresh, empty directory under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ledger-storage-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Runs `body` against a fresh store of the given backend and releases it afterwards
/// (a RocksDB store is closed and its directory deleted).
func withStore(_ backend: Backend, _ body: (any KeyValueStore) async throws -> Void) async throws {
    switch backend {
    case .memory:
        try await body(MemoryStore())
    case .rocksdb:
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try RocksDBStore(path: dir.path + "/db")
        defer { store.close() }
        try await body(store)
    }
}

/// A u64 as 8 big-endian bytes, the way heights are keyed.
func be(_ v: UInt64) -> [UInt8] {
    withUnsafeBytes(of: v.bigEndian) { Array($0) }
}

/// Every entry of a column visited by `scan(from:prefix:)`, in visit order.
func collect(_ store: any KeyValueStore, _ column: Column, from start: [UInt8] = [], prefix: [UInt8]? = nil) throws -> [[UInt8]] {
    var keys: [[UInt8]] = []
    try store.scan(column, from: start, prefix: prefix) { k, _ in
        keys.append(k)
        return true
    }
    return keys
}

/// Writes each key with a value derived from it, in one batch.
func putAll(_ store: any KeyValueStore, _ column: Column, _ keys: [[UInt8]]) throws {
    var batch = WriteBatch()
    for k in keys { batch.put(column, k, valueFor(k)) }
    try store.write(batch)
}

func valueFor(_ key: [UInt8]) -> [UInt8] { [0xAA] + key }
