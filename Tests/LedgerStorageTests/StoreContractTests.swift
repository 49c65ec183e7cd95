import Foundation
import LedgerStorage
import Synchronization
import Testing

/// The `KeyValueStore` contract: every backend must pass every test here.
@Suite("KeyValueStore contract")
struct StoreContractTests {
    @Test("get of a missing key is nil", arguments: Backend.allCases)
    func missingKeyIsNil(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            for column in Column.allCases {
                #expect(try store.get(column, [1, 2, 3]) == nil)
                #expect(try store.get(column, []) == nil)
            }
            var batch = WriteBatch()
            batch.put(.state, [1, 2, 3], [9])
            try store.write(batch)
            // Neighbours and prefixes of a present key are still missing.
            #expect(try store.get(.state, [1, 2]) == nil)
            #expect(try store.get(.state, [1, 2, 3, 0]) == nil)
            #expect(try store.get(.state, [1, 2, 4]) == nil)
        }
    }

    @Test("put and get per column; columns are independent", arguments: Backend.allCases)
    func columnsAreIndependent(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let key = be(42)
            var batch = WriteBatch()
            batch.put(.blocks, key, [1])
            batch.put(.state, key, [2, 2])
            batch.put(.receipts, key, [3, 3, 3])
            try store.write(batch)

            #expect(try store.get(.blocks, key) == [1])
            #expect(try store.get(.state, key) == [2, 2])
            #expect(try store.get(.receipts, key) == [3, 3, 3])
            for column in [Column.meta, .transactions, .indexes] {
                #expect(try store.get(column, key) == nil, "column \(column) must not see other columns' keys")
                #expect(try collect(store, column).isEmpty)
            }

            // Overwriting in one column leaves the others alone.
            var overwrite = WriteBatch()
            overwrite.put(.state, key, [7])
            try store.write(overwrite)
            #expect(try store.get(.state, key) == [7])
            #expect(try store.get(.blocks, key) == [1])
            #expect(try store.get(.receipts, key) == [3, 3, 3])
        }
    }

    @Test("delete removes a key from its column only", arguments: Backend.allCases)
    func delete(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            var batch = WriteBatch()
            batch.put(.state, [1], [10])
            batch.put(.state, [2], [20])
            batch.put(.indexes, [1], [30])
            try store.write(batch)

            var del = WriteBatch()
            del.delete(.state, [1])
            del.delete(.state, [99])  // deleting a missing key is not an error
            try store.write(del)

            #expect(try store.get(.state, [1]) == nil)
            #expect(try store.get(.state, [2]) == [20])
            #expect(try store.get(.indexes, [1]) == [30])
            #expect(try collect(store, .state) == [[2]])

            // A deleted key can be written again.
            var again = WriteBatch()
            again.put(.state, [1], [11])
            try store.write(again)
            #expect(try store.get(.state, [1]) == [11])
        }
    }

    @Test("an empty batch is a no-op", arguments: Backend.allCases)
    func emptyBatch(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try putAll(store, .meta, [[1]])
            let empty = WriteBatch()
            #expect(empty.isEmpty)
            try store.write(empty)
            #expect(try store.get(.meta, [1]) == valueFor([1]))
        }
    }

    @Test("within a batch later operations win", arguments: Backend.allCases)
    func laterOpsWin(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            var setup = WriteBatch()
            setup.put(.state, [0xD0], [1])  // deleted then re-put below
            setup.put(.state, [0xD1], [1])  // put then deleted below
            try store.write(setup)

            var batch = WriteBatch()
            // Many operations: 1000 puts across two columns, every key then overwritten once.
            for i in UInt64(0)..<1000 { batch.put(.blocks, be(i), [0]) }
            for i in UInt64(0)..<1000 { batch.put(.blocks, be(i), be(i * 3)) }
            for i in UInt64(0)..<1000 where i % 10 == 0 { batch.delete(.blocks, be(i)) }
            batch.put(.meta, [1], [1])
            batch.put(.meta, [1], [2])
            batch.put(.meta, [1], [3])
            batch.delete(.state, [0xD0])
            batch.put(.state, [0xD0], [2])
            batch.put(.state, [0xD1], [2])
            batch.delete(.state, [0xD1])
            batch.put(.state, [0xD2], [1])  // new key, put then deleted in the same batch
            batch.delete(.state, [0xD2])
            #expect(batch.operations.count == 2100 + 3 + 6)
            try store.write(batch)

            #expect(try store.get(.meta, [1]) == [3])
            #expect(try store.get(.state, [0xD0]) == [2])
            #expect(try store.get(.state, [0xD1]) == nil)
            #expect(try store.get(.state, [0xD2]) == nil)
            var seen = 0
            try store.scan(.blocks, from: [], prefix: nil) { k, v in
                let i = k.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                #expect(i % 10 != 0, "key \(i) was deleted later in the batch")
                #expect(v == be(i * 3))
                seen += 1
                return true
            }
            #expect(seen == 900)
        }
    }

    @Test("a batch is atomic: a concurrent reader never sees half of it", arguments: Backend.allCases)
    func batchIsAtomic(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let keys = (UInt64(0)..<64).map { be($0) }
            // RocksDB syncs every batch, so it needs fewer rounds to give the reader as many chances.
            let rounds: UInt64 = backend == .memory ? 2_000 : 40
            // Version 0 everywhere first, so the reader always finds all the keys.
            var initial = WriteBatch()
            for k in keys { initial.put(.state, k, be(0)) }
            try store.write(initial)

            // The writer runs on its own thread, not in the cooperative pool: the reader below busy-loops,
            // and with two cores two such readers would otherwise starve the writers.
            let done = Atomic<Bool>(false)
            let writeError = Mutex<(any Error)?>(nil)
            let halfway = Atomic<Bool>(false)
            let readerSawHalfway = Atomic<Bool>(false)
            let writer = Thread {
                defer { done.store(true, ordering: .releasing) }
                do {
                    for version in UInt64(1)...rounds {
                        var batch = WriteBatch()
                        for k in keys { batch.put(.state, k, be(version)) }
                        try store.write(batch)
                        if version == rounds / 2 {
                            // Halfway, wait for one whole scan, so the reader surely sees a middle version.
                            halfway.store(true, ordering: .releasing)
                            while !readerSawHalfway.load(ordering: .acquiring) { Thread.sleep(forTimeInterval: 0.001) }
                        }
                    }
                } catch {
                    writeError.withLock { $0 = error }
                }
            }
            writer.start()

            var snapshots = 0
            var versionsSeen = Set<[UInt8]>()
            while true {
                let finished = done.load(ordering: .acquiring)
                let paused = halfway.load(ordering: .acquiring)
                var values: [[UInt8]] = []
                try store.scan(.state, from: [], prefix: nil) { _, v in
                    values.append(v)
                    return true
                }
                #expect(values.count == keys.count)
                #expect(Set(values).count == 1, "a scan saw a mix of batch versions: \(Set(values).sorted { $0.lexicographicallyPrecedes($1) })")
                versionsSeen.formUnion(values)
                snapshots += 1
                if paused { readerSawHalfway.store(true, ordering: .releasing) }
                if finished { break }
            }
            #expect(writeError.withLock { $0 } == nil)
            #expect(snapshots > 0)
            #expect(versionsSeen.contains(be(rounds / 2)), "the reader scanned while the writer paused halfway")
            #expect(versionsSeen.contains(be(rounds)))
            for k in keys { #expect(try store.get(.state, k) == be(rounds)) }
        }
    }

    @Test("scan visits big-endian u64 keys in numeric order", arguments: Backend.allCases)
    func scanNumericOrder(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let heights: [UInt64] = [65536, 1, 256, UInt64.max, 255, 0, 1 << 32, 257, 65535]
            // Written one by one and in a scrambled order, so nothing depends on insertion order.
            for h in heights {
                var b = WriteBatch()
                b.put(.blocks, be(h), be(h))
                try store.write(b)
            }
            var visited: [UInt64] = []
            try store.scan(.blocks, from: [], prefix: nil) { k, v in
                #expect(k.count == 8)
                #expect(v == k)
                visited.append(k.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
                return true
            }
            #expect(visited == heights.sorted())
            #expect(visited.prefix(5) == [0, 1, 255, 256, 257])
        }
    }

    @Test("scan orders bytes as unsigned and shorter prefixes first", arguments: Backend.allCases)
    func scanBytewiseOrder(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let keys: [[UInt8]] = [[0xFF], [0x7F], [0x80], [0x00], [0x80, 0x00], [0x7F, 0xFF, 0xFF], [0x01]]
            try putAll(store, .indexes, keys)
            #expect(try collect(store, .indexes) == [[0x00], [0x01], [0x7F], [0x7F, 0xFF, 0xFF], [0x80], [0x80, 0x00], [0xFF]])
        }
    }

    /// Keys around the prefix `02`: below it, inside it (including the prefix itself), and after it.
    static let prefixKeys: [[UInt8]] = [
        [0x01], [0x01, 0xFF, 0xFF], [0x01, 0xFF, 0xFF, 0xFF],
        [0x02], [0x02, 0x00], [0x02, 0x00, 0x01], [0x02, 0x05], [0x02, 0xFF, 0xFF],
        [0x03], [0x03, 0x00], [0x03, 0x02],
    ]
    static let inPrefix: [[UInt8]] = [[0x02], [0x02, 0x00], [0x02, 0x00, 0x01], [0x02, 0x05], [0x02, 0xFF, 0xFF]]

    @Test("scan with a prefix stops at the prefix end and skips keys before it", arguments: Backend.allCases)
    func scanPrefix(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try putAll(store, .state, Self.prefixKeys)
            // `from` below the prefix: the keys before the prefix are skipped, not returned.
            #expect(try collect(store, .state, from: [], prefix: [0x02]) == Self.inPrefix)
            #expect(try collect(store, .state, from: [0x01], prefix: [0x02]) == Self.inPrefix)
            #expect(try collect(store, .state, from: [0x01, 0xFF, 0xFF], prefix: [0x02]) == Self.inPrefix)
            // `from` at the prefix.
            #expect(try collect(store, .state, from: [0x02], prefix: [0x02]) == Self.inPrefix)
            // A longer prefix.
            #expect(try collect(store, .state, from: [0x02], prefix: [0x02, 0x00]) == [[0x02, 0x00], [0x02, 0x00, 0x01]])
            // The 0xFF edge: everything after `01` up to the end of its range.
            #expect(try collect(store, .state, from: [], prefix: [0x01, 0xFF]) == [[0x01, 0xFF, 0xFF], [0x01, 0xFF, 0xFF, 0xFF]])
            // The last prefix in the column, and one with nothing in it.
            #expect(try collect(store, .state, from: [], prefix: [0x03]) == [[0x03], [0x03, 0x00], [0x03, 0x02]])
            #expect(try collect(store, .state, from: [], prefix: [0x02, 0x06]).isEmpty)
            #expect(try collect(store, .state, from: [], prefix: [0x04]).isEmpty)
            #expect(try collect(store, .state, from: [], prefix: [0x00]).isEmpty)
            // `from` past the prefix range: nothing.
            #expect(try collect(store, .state, from: [0x03], prefix: [0x02]).isEmpty)
            // The body is never called for a key outside the prefix.
            try store.scan(.state, from: [], prefix: [0x02]) { k, _ in
                #expect(k.starts(with: [0x02]))
                return true
            }
        }
    }

    @Test("scan from the middle of a range", arguments: Backend.allCases)
    func scanFromMidRange(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try putAll(store, .state, Self.prefixKeys)
            // From a present key: inclusive.
            #expect(try collect(store, .state, from: [0x02, 0x00, 0x01], prefix: [0x02]) == [[0x02, 0x00, 0x01], [0x02, 0x05], [0x02, 0xFF, 0xFF]])
            // From an absent key between two present ones: starts at the next.
            #expect(try collect(store, .state, from: [0x02, 0x01], prefix: [0x02]) == [[0x02, 0x05], [0x02, 0xFF, 0xFF]])
            // Without a prefix, a scan from the middle runs to the end of the column.
            #expect(try collect(store, .state, from: [0x02, 0x05]) == [[0x02, 0x05], [0x02, 0xFF, 0xFF], [0x03], [0x03, 0x00], [0x03, 0x02]])
            #expect(try collect(store, .state, from: [0x03, 0x02, 0x00]).isEmpty)

            try putAll(store, .blocks, (UInt64(1)...20).map { be($0 * 100) })
            let fromMid = try collect(store, .blocks, from: be(1_050))
            #expect(fromMid == (UInt64(11)...20).map { be($0 * 100) })
        }
    }

    @Test("scan stops as soon as the body returns false", arguments: Backend.allCases)
    func scanEarlyStop(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try putAll(store, .blocks, (UInt64(0)..<50).map(be))
            var calls: [[UInt8]] = []
            try store.scan(.blocks, from: be(10), prefix: nil) { k, v in
                #expect(v == valueFor(k))
                calls.append(k)
                return calls.count < 3
            }
            #expect(calls == [be(10), be(11), be(12)])

            var first = 0
            try store.scan(.blocks, from: [], prefix: nil) { _, _ in
                first += 1
                return false
            }
            #expect(first == 1)

            // A prefixed scan stops early too.
            var prefixed = 0
            try store.scan(.blocks, from: [], prefix: [0, 0, 0, 0, 0, 0, 0]) { _, _ in
                prefixed += 1
                return prefixed < 4
            }
            #expect(prefixed == 4)
        }
    }

    @Test("an error thrown by the scan body propagates", arguments: Backend.allCases)
    func scanBodyThrows(_ backend: Backend) async throws {
        struct Stop: Error {}
        try await withStore(backend) { store in
            try putAll(store, .meta, [[1], [2], [3]])
            var calls = 0
            #expect(throws: Stop.self) {
                try store.scan(.meta, from: [], prefix: nil) { _, _ in
                    calls += 1
                    if calls == 2 { throw Stop() }
                    return true
                }
            }
            #expect(calls == 2)
        }
    }

    @Test("entries and last helpers", arguments: Backend.allCases)
    func entriesAndLast(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try putAll(store, .state, Self.prefixKeys)

            let all = try store.entries(.state, prefix: [0x02])
            #expect(all.map(\.key) == Self.inPrefix)
            #expect(all.map(\.value) == Self.inPrefix.map(valueFor))

            #expect(try store.entries(.state, prefix: [0x02], limit: 2).map(\.key) == Array(Self.inPrefix.prefix(2)))
            #expect(try store.entries(.state, prefix: [0x02], limit: 1).map(\.key) == [[0x02]])
            #expect(try store.entries(.state, prefix: [0x02], limit: 0).isEmpty)
            #expect(try store.entries(.state, prefix: [0x02], limit: 100).count == Self.inPrefix.count)
            #expect(try store.entries(.state, prefix: [0x09]).isEmpty)
            // The empty prefix is the whole column.
            #expect(try store.entries(.state, prefix: []).map(\.key) == Self.prefixKeys)

            // `last` is the largest key in the prefix, not the column's last key.
            let last = try #require(try store.last(.state, prefix: [0x02]))
            #expect(last.key == [0x02, 0xFF, 0xFF])
            #expect(last.value == valueFor([0x02, 0xFF, 0xFF]))
            #expect(try store.last(.state, prefix: [0x01])?.key == [0x01, 0xFF, 0xFF, 0xFF])
            #expect(try store.last(.state, prefix: [0x03])?.key == [0x03, 0x02])
            #expect(try store.last(.state, prefix: [])?.key == [0x03, 0x02])
            #expect(try store.last(.state, prefix: [0x02, 0x06]) == nil)
            #expect(try store.last(.meta, prefix: []) == nil)

            // The latest height, as a node finds it.
            try putAll(store, .blocks, [1, 255, 256, 65536].map(be))
            #expect(try store.last(.blocks, prefix: [])?.key == be(65536))
        }
    }

    @Test("empty values (and the empty key) are stored, not treated as missing", arguments: Backend.allCases)
    func emptyValues(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            var batch = WriteBatch()
            batch.put(.indexes, [5, 5], [])
            batch.put(.indexes, [], [])
            batch.put(.indexes, [6], [1])
            try store.write(batch)

            #expect(try store.get(.indexes, [5, 5]) == [])
            #expect(try store.get(.indexes, []) == [])
            var visited: [([UInt8], [UInt8])] = []
            try store.scan(.indexes, from: [], prefix: nil) { k, v in
                visited.append((k, v))
                return true
            }
            #expect(visited.map(\.0) == [[], [5, 5], [6]])
            #expect(visited.map(\.1) == [[], [], [1]])
            #expect(try store.entries(.indexes, prefix: [5]).map(\.value) == [[]])
            #expect(try store.last(.indexes, prefix: [5])?.value == [])

            // Overwriting with an empty value, then deleting it.
            var overwrite = WriteBatch()
            overwrite.put(.indexes, [6], [])
            try store.write(overwrite)
            #expect(try store.get(.indexes, [6]) == [])
            var del = WriteBatch()
            del.delete(.indexes, [5, 5])
            try store.write(del)
            #expect(try store.get(.indexes, [5, 5]) == nil)
        }
    }

    @Test("large values and long keys round-trip byte for byte", arguments: Backend.allCases)
    func largeValues(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let value = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let key = (0..<1_000).map { UInt8(truncatingIfNeeded: $0) }
            var batch = WriteBatch()
            batch.put(.blocks, key, value)
            try store.write(batch)
            #expect(try store.get(.blocks, key) == value)
        }
    }
}
