import CRocksDB
import LedgerStorage
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The persistent store: one RocksDB database with a column family per `Column`.
///
/// Every `write` is one RocksDB write batch with a synced write-ahead log, so a block is either wholly
/// on disk or not at all, even after `kill -9` or power loss.
///
/// `@unchecked Sendable`: RocksDB's `rocksdb_t`, column-family handles and option objects are
/// documented thread-safe for concurrent reads and writes; the handles are created once in `init`, never
/// mutated, and released only in `deinit`/`close`, which the `closed` mutex guards.
public final class RocksDBStore: KeyValueStore, @unchecked Sendable {
    public let path: String
    private let db: OpaquePointer
    private let handles: [Column: OpaquePointer]
    private let options: OpaquePointer
    private let writeOptions: OpaquePointer
    private let readOptions: OpaquePointer
    /// The block cache shared by every column family.
    static let blockCacheBytes = 256 << 20
    private let closed = Mutex(false)

    /// Opens (creating if needed) the database at `path` with every column family.
    public init(path: String) throws {
        self.path = path
        let opts = rocksdb_options_create()!
        rocksdb_options_set_create_if_missing(opts, 1)
        rocksdb_options_set_create_missing_column_families(opts, 1)
        rocksdb_options_increase_parallelism(opts, 2)
        rocksdb_options_set_compression(opts, Int32(rocksdb_lz4_compression))
        // Point reads dominate (state entries, tree nodes on a changed key's path): a bloom filter
        // per table lets a get skip the files that cannot hold the key, and a block cache larger than
        // the 32 MiB default keeps the state tree's lower levels in memory at a million accounts.
        // The options, the factory and the families share the cache and filter (reference-counted
        // inside RocksDB; the filter policy is owned by the table options), so the C handles can go.
        let table = rocksdb_block_based_options_create()!
        let cache = rocksdb_cache_create_lru(Self.blockCacheBytes)!
        rocksdb_block_based_options_set_block_cache(table, cache)
        rocksdb_block_based_options_set_filter_policy(table, rocksdb_filterpolicy_create_bloom_full(10))
        rocksdb_block_based_options_set_cache_index_and_filter_blocks(table, 1)
        rocksdb_block_based_options_set_pin_l0_filter_and_index_blocks_in_cache(table, 1)
        rocksdb_options_set_block_based_table_factory(opts, table)
        rocksdb_block_based_options_destroy(table)
        rocksdb_cache_destroy(cache)

        // RocksDB always has a "default" family; ours follow it.
        let names = ["default"] + Column.allCases.map(\.rawValue)
        var cNames = names.map { strdup($0) }
        defer { cNames.forEach { free($0) } }
        var cfOptions: [OpaquePointer?] = names.map { _ in opts }
        var cfHandles = [OpaquePointer?](repeating: nil, count: names.count)
        var err: UnsafeMutablePointer<CChar>?
        let handle = cNames.withUnsafeMutableBufferPointer { namePtr in
            namePtr.withMemoryRebound(to: UnsafePointer<CChar>?.self) { constNames in
                rocksdb_open_column_families(opts, path, Int32(names.count), constNames.baseAddress, &cfOptions, &cfHandles, &err)
            }
        }
        if let err {
            let msg = String(cString: err)
            rocksdb_free(err)
            rocksdb_options_destroy(opts)
            throw StorageError.openFailed(path: path, reason: msg)
        }
        guard let handle else {
            rocksdb_options_destroy(opts)
            throw StorageError.openFailed(path: path, reason: "unknown error")
        }
        db = handle
        var map: [Column: OpaquePointer] = [:]
        for (i, c) in Column.allCases.enumerated() { map[c] = cfHandles[i + 1]! }
        // The default family is unused; release its handle now.
        rocksdb_column_family_handle_destroy(cfHandles[0])
        handles = map
        options = opts
        writeOptions = rocksdb_writeoptions_create()
        rocksdb_writeoptions_set_sync(writeOptions, 1)
        readOptions = rocksdb_readoptions_create()
    }

    /// Flushes and releases the database. Further calls throw `StorageError.closed`.
    public func close() {
        let wasClosed = closed.withLock { c -> Bool in
            defer { c = true }
            return c
        }
        if wasClosed { return }
        for h in handles.values { rocksdb_column_family_handle_destroy(h) }
        rocksdb_close(db)
        rocksdb_writeoptions_destroy(writeOptions)
        rocksdb_readoptions_destroy(readOptions)
        rocksdb_options_destroy(options)
    }

    deinit { close() }

    private func checkOpen() throws {
        if closed.withLock({ $0 }) { throw StorageError.closed }
    }

    public func get(_ column: Column, _ key: [UInt8]) throws -> [UInt8]? {
        try checkOpen()
        var len = 0
        var err: UnsafeMutablePointer<CChar>?
        let value = key.withUnsafeBufferPointer { k in
            k.withMemoryRebound(to: CChar.self) { kc in
                rocksdb_get_cf(db, readOptions, handles[column]!, kc.baseAddress, kc.count, &len, &err)
            }
        }
        if let err {
            let msg = String(cString: err)
            rocksdb_free(err)
            throw StorageError.readFailed(msg)
        }
        guard let value else { return nil }
        defer { rocksdb_free(value) }
        return value.withMemoryRebound(to: UInt8.self, capacity: len) { Array(UnsafeBufferPointer(start: $0, count: len)) }
    }

    public func write(_ batch: WriteBatch) throws {
        try checkOpen()
        let wb = rocksdb_writebatch_create()
        defer { rocksdb_writebatch_destroy(wb) }
        for op in batch.operations {
            switch op {
            case let .put(c, k, v):
                k.withUnsafeBufferPointer { kp in
                    v.withUnsafeBufferPointer { vp in
                        kp.withMemoryRebound(to: CChar.self) { kc in
                            vp.withMemoryRebound(to: CChar.self) { vc in
                                rocksdb_writebatch_put_cf(wb, handles[c]!, kc.baseAddress, kc.count, vc.baseAddress, vc.count)
                            }
                        }
                    }
                }
            case let .delete(c, k):
                k.withUnsafeBufferPointer { kp in
                    kp.withMemoryRebound(to: CChar.self) { kc in
                        rocksdb_writebatch_delete_cf(wb, handles[c]!, kc.baseAddress, kc.count)
                    }
                }
            }
        }
        var err: UnsafeMutablePointer<CChar>?
        rocksdb_write(db, writeOptions, wb, &err)
        if let err {
            let msg = String(cString: err)
            rocksdb_free(err)
            throw StorageError.writeFailed(msg)
        }
    }

    public func scan(_ column: Column, from start: [UInt8], prefix: [UInt8]?, _ body: ([UInt8], [UInt8]) throws -> Bool) throws {
        try checkOpen()
        let it = rocksdb_create_iterator_cf(db, readOptions, handles[column]!)!
        defer { rocksdb_iter_destroy(it) }
        start.withUnsafeBufferPointer { s in
            s.withMemoryRebound(to: CChar.self) { rocksdb_iter_seek(it, $0.baseAddress, $0.count) }
        }
        while rocksdb_iter_valid(it) != 0 {
            var klen = 0, vlen = 0
            let kp = rocksdb_iter_key(it, &klen)!
            let vp = rocksdb_iter_value(it, &vlen)
            let key = kp.withMemoryRebound(to: UInt8.self, capacity: klen) { Array(UnsafeBufferPointer(start: $0, count: klen)) }
            if let prefix, !key.starts(with: prefix) {
                if prefix.lexicographicallyPrecedes(key) { break }
                rocksdb_iter_next(it)
                continue
            }
            let value: [UInt8] = vp.map { p in p.withMemoryRebound(to: UInt8.self, capacity: vlen) { Array(UnsafeBufferPointer(start: $0, count: vlen)) } } ?? []
            if try !body(key, value) { return }
            rocksdb_iter_next(it)
        }
        var err: UnsafeMutablePointer<CChar>?
        rocksdb_iter_get_error(it, &err)
        if let err {
            let msg = String(cString: err)
            rocksdb_free(err)
            throw StorageError.readFailed(msg)
        }
    }
}
