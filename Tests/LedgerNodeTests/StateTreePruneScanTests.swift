import Foundation
import LedgerCore
@testable import LedgerNode
import LedgerProofs
import LedgerStorage
import Synchronization
import Testing

/// Records where each state-tree scan starts (RocksDB walks the tombstones of deleted keys between
/// a scan's start and the first live key, so a scan that always starts at the prefix grows with
/// every pruned block).
private final class ScanRecordingStore: KeyValueStore {
    let base = MemoryStore()
    let starts = Mutex<[[UInt8]]>([])
    func get(_ column: Column, _ key: [UInt8]) throws -> [UInt8]? { try base.get(column, key) }
    func write(_ batch: WriteBatch) throws { try base.write(batch) }
    func scan(_ column: Column, from start: [UInt8], prefix: [UInt8]?, _ body: ([UInt8], [UInt8]) throws -> Bool) throws {
        if column == .stateTree, prefix == [StateTreeKeys.stalePrefix] { starts.withLock { $0.append(start) } }
        try base.scan(column, from: start, prefix: prefix, body)
    }
}

@Suite("State tree pruning scans")
struct StateTreePruneScanTests {
    @Test("each prune starts past what the previous one deleted, and still prunes everything")
    func pruneStartsPastThePreviousOne() async throws {
        let store = ScanRecordingStore()
        let genesis = testGenesis()
        let chain = try ChainStore(kv: store, stateTreeKeepVersions: 2)
        let node = try NodeCore(genesis: genesis, genesisData: Array(try JSONEncoder().encode(genesis)), chain: chain,
                                mempoolConfig: MempoolConfig(), validator: ValidatorSigner(key(validatorSeedByte)), logger: testLogger)
        for n in 0..<6 {
            _ = try await node.submit(try signedTransfer(alice, to: addr(bob), amount: 1, nonce: UInt64(n)).wire, mode: .sync, timeoutMillis: 0)
            try node.produceBlock(nowMillis: testGenesisMillis + 1000 * UInt64(n + 1), allowEmpty: false)
        }
        let starts = store.starts.withLock { $0 }
        // Blocks 2…6 prune (keep 2 versions); only the first scan starts at the bare prefix.
        #expect(starts.count == 5)
        #expect(starts.first == [StateTreeKeys.stalePrefix])
        for (i, s) in starts.dropFirst().enumerated() {
            // The previous prune (block i + 2) kept versions from i + 1 on: start at since = i + 2.
            #expect(s == [StateTreeKeys.stalePrefix] + StateTreeKeys.be64(UInt64(i) + 2), "prune \(i + 2)")
        }
        var oldMarks = 0
        try store.base.scan(.stateTree, from: [StateTreeKeys.stalePrefix], prefix: [StateTreeKeys.stalePrefix]) { k, _ in
            if StateTreeKeys.readBE64(k.dropFirst()) <= 5 { oldMarks += 1 }
            return true
        }
        #expect(oldMarks == 0)
        try node.verifyStoredState(fullRecompute: true)
    }
}

@Suite("ChainStore headers")
struct ChainStoreHeaderTests {
    @Test("a header is read without decoding the block's transactions; the tip after reopening matches")
    func headerAlone() async throws {
        let kv = MemoryStore()
        let node = try makeNode(kv: kv)
        for n in 0..<3 {
            _ = try await node.submit(try signedTransfer(alice, to: addr(bob), amount: 1, nonce: UInt64(n)).wire, mode: .sync, timeoutMillis: 0)
            try node.produceBlock(nowMillis: testGenesisMillis + 1000 * UInt64(n + 1), allowEmpty: false)
        }
        for h in UInt64(1)...3 {
            let block = try #require(try node.chain.block(height: h))
            #expect(try node.chain.header(height: h) == block.header)
            #expect(try node.chain.stateRoot(height: h) == block.header.stateRoot)
        }
        #expect(try node.chain.header(height: 4) == nil)
        let tip = try node.chain.tip
        let reopened = try ChainStore(kv: kv).tip
        #expect(reopened.height == tip.height && reopened.hash == tip.hash && reopened.stateRoot == tip.stateRoot && reopened.timeMillis == tip.timeMillis)
    }
}
