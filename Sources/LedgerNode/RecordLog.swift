import LedgerCore
import LedgerCrypto
import LedgerProofs
import LedgerStorage

/// The record log as stored in the `log` column (Docs/PROOFS.md, "Record log"): every complete
/// node of the RFC 9162 tree, every entry, and the size. It is appended in the block's own write
/// batch, so the log, the block and the header's `log_size`/`log_root` can never disagree.
enum RecordLog {
    /// `01 | level u8 | index u64` → 32-byte hash of the complete subtree (level 0: leaf hash).
    static func nodeKey(level: Int, index: UInt64) -> [UInt8] { [0x01, UInt8(level)] + StorageKeys.be64(index) }
    /// `02 | index u64` → the entry bytes (the RFC 9162 leaf data).
    static func entryKey(_ index: UInt64) -> [UInt8] { [0x02] + StorageKeys.be64(index) }
    /// `03` → the number of entries (u64).
    static let sizeKey: [UInt8] = [0x03]

    struct Nodes: LogNodeReader {
        let kv: any KeyValueStore
        func node(level: Int, index: UInt64) throws -> Hash {
            guard let raw = try kv.get(.log, RecordLog.nodeKey(level: level, index: index)), raw.count == 32 else {
                throw LogError.missingNode(level: level, index: index)
            }
            return Hash(unchecked: raw)
        }
    }

    static func size(_ kv: any KeyValueStore) throws -> UInt64 {
        guard let raw = try kv.get(.log, sizeKey) else { return 0 }
        guard raw.count == 8 else { throw ChainStoreError.corrupt("log size is not 8 bytes") }
        return StorageKeys.readBE64(raw)
    }

    /// The log's leaves for one block, in block order: each successful transaction's record actions
    /// (tx order, then action order), then the governance executions among the end-block events.
    static func leaves(height: UInt64, transactions: [Transaction], receipts: [Receipt], endBlockEvents: [Event]) -> [LogLeaf] {
        var out: [LogLeaf] = []
        for (i, tx) in transactions.enumerated() where receipts[i].status == .success {
            for (a, action) in tx.body.actions.enumerated() where LogLeaf.isRecord(action) {
                out.append(.action(tx, height: height, txIndex: UInt32(i), actionIndex: UInt16(a)))
            }
        }
        for (e, event) in endBlockEvents.enumerated() where LogLeaf.executionEventKinds.contains(event.kind) {
            out.append(.execution(event, height: height, eventIndex: UInt32(e)))
        }
        return out
    }

    struct Appended: Sendable {
        var size: UInt64
        var root: Hash
        /// Key-value pairs for the `log` column.
        var writes: [(key: [UInt8], value: [UInt8])]
    }

    /// Appends entries after the stored log without writing; O(log n) reads per entry.
    static func append(_ leaves: [LogLeaf], kv: any KeyValueStore) throws -> Appended {
        let start = try size(kv)
        var appender = LogAppender(size: start, base: Nodes(kv: kv))
        var writes: [(key: [UInt8], value: [UInt8])] = []
        for leaf in leaves {
            let entry = leaf.entry
            let index = try appender.append(entry: entry)
            writes.append((entryKey(index), entry))
        }
        for n in appender.newNodes { writes.append((nodeKey(level: n.key.level, index: n.key.index), n.hash.bytes)) }
        if !leaves.isEmpty { writes.append((sizeKey, StorageKeys.be64(appender.size))) }
        return Appended(size: appender.size, root: try appender.root(), writes: writes)
    }
}
