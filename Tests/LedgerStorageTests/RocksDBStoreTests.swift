import Foundation
import LedgerStorage
import LedgerStorageRocksDB
import Testing

/// What only a persistent store promises: durability across close/reopen, a clean shutdown, and
/// useful errors.
@Suite("RocksDBStore")
struct RocksDBStoreTests {
    @Test("data in every column survives close and reopen")
    func survivesReopen() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/db"

        do {
            let store = try RocksDBStore(path: path)
            var batch = WriteBatch()
            for (i, column) in Column.allCases.enumerated() {
                batch.put(column, be(7), [UInt8(i)])
                batch.put(column, [UInt8(i), 0xEE], [])
            }
            batch.put(.blocks, be(1), [1])
            batch.put(.blocks, be(256), [2])
            batch.put(.state, [0xDE, 0xAD], [3])
            try store.write(batch)
            var del = WriteBatch()
            del.delete(.state, [0xDE, 0xAD])
            try store.write(del)
            store.close()
        }

        let reopened = try RocksDBStore(path: path)
        defer { reopened.close() }
        #expect(reopened.path == path)
        for (i, column) in Column.allCases.enumerated() {
            #expect(try reopened.get(column, be(7)) == [UInt8(i)], "column \(column)")
            #expect(try reopened.get(column, [UInt8(i), 0xEE]) == [], "column \(column)")
        }
        #expect(try reopened.get(.state, [0xDE, 0xAD]) == nil, "a delete must survive reopening too")
        #expect(try collect(reopened, .blocks) == [be(1), be(7), be(256), [1, 0xEE]])
    }

    @Test("data written without an explicit close survives when the store is released")
    func survivesDeinit() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/db"
        func writeAndDrop() throws {
            let store = try RocksDBStore(path: path)
            var batch = WriteBatch()
            batch.put(.meta, [1], [42])
            try store.write(batch)
        }
        try writeAndDrop()
        let reopened = try RocksDBStore(path: path)
        defer { reopened.close() }
        #expect(try reopened.get(.meta, [1]) == [42])
    }

    @Test("a database can be reopened after close(), many times")
    func reopenAfterClose() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/db"
        for round in UInt64(0)..<4 {
            let store = try RocksDBStore(path: path)
            #expect(try store.get(.meta, [0]) == (round == 0 ? nil : be(round - 1)))
            var batch = WriteBatch()
            batch.put(.meta, [0], be(round))
            try store.write(batch)
            store.close()
            store.close()  // idempotent
        }
        let last = try RocksDBStore(path: path)
        defer { last.close() }
        #expect(try last.get(.meta, [0]) == be(3))
    }

    @Test("a second open of a database in use fails until the first is closed")
    func exclusiveOpen() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/db"
        let first = try RocksDBStore(path: path)
        let error = #expect(throws: StorageError.self) { try RocksDBStore(path: path) }
        if case let .openFailed(p, reason) = error {
            #expect(p == path)
            #expect(!reason.isEmpty)
        } else {
            Issue.record("expected openFailed, got \(String(describing: error))")
        }
        first.close()
        let second = try RocksDBStore(path: path)
        second.close()
    }

    @Test("every operation after close throws StorageError.closed")
    func operationsAfterClose() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try RocksDBStore(path: dir.path + "/db")
        var batch = WriteBatch()
        batch.put(.meta, [1], [1])
        try store.write(batch)
        store.close()

        #expect(throws: StorageError.closed) { try store.get(.meta, [1]) }
        #expect(throws: StorageError.closed) { try store.write(batch) }
        #expect(throws: StorageError.closed) { try store.write(WriteBatch()) }
        var called = false
        #expect(throws: StorageError.closed) {
            try store.scan(.meta, from: [], prefix: nil) { _, _ in
                called = true
                return true
            }
        }
        #expect(!called)
        #expect(throws: StorageError.closed) { try store.entries(.meta, prefix: []) }
        #expect(throws: StorageError.closed) { try store.last(.meta, prefix: []) }
        #expect(StorageError.closed.description == "the database is closed")
    }

    @Test("opening a path that is a regular file fails with openFailed and a clear message")
    func openRegularFileFails() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = dir.path + "/not-a-database"
        try Data("hello".utf8).write(to: URL(fileURLWithPath: file))

        let error = #expect(throws: StorageError.self) { try RocksDBStore(path: file) }
        guard case let .openFailed(path, reason) = error else {
            Issue.record("expected openFailed, got \(String(describing: error))")
            return
        }
        #expect(path == file)
        #expect(!reason.isEmpty)
        #expect(reason != "unknown error", "the reason should come from RocksDB")
        #expect(reason.contains(file), "RocksDB names the offending path: \(reason)")
        let message = error?.description ?? ""
        #expect(message.hasPrefix("cannot open the database at \(file): "))
        #expect(message.contains(reason))
        // The file is left as it was.
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data("hello".utf8))
    }

    @Test("opening under a missing parent directory fails with openFailed")
    func openMissingParentFails() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/missing/parent/db"
        let error = #expect(throws: StorageError.self) { try RocksDBStore(path: path) }
        if case let .openFailed(p, reason)? = error {
            #expect(p == path)
            #expect(!reason.isEmpty)
        } else {
            Issue.record("expected openFailed, got \(String(describing: error))")
        }
    }
}
