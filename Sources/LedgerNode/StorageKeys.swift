import LedgerCore

/// Key layouts of the node's column families (Docs/ARCHITECTURE.md, "Storage layout").
/// Heights are u64 big-endian and indexes u32 big-endian, so keys scan in chain order.
enum StorageKeys {
    static func be64(_ v: UInt64) -> [UInt8] { withUnsafeBytes(of: v.bigEndian, Array.init) }
    static func be32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.bigEndian, Array.init) }

    static func readBE64(_ b: some Collection<UInt8>) -> UInt64 { b.prefix(8).reduce(0) { $0 << 8 | UInt64($1) } }
    static func readBE32(_ b: some Collection<UInt8>) -> UInt32 { b.prefix(4).reduce(0) { $0 << 8 | UInt32($1) } }

    // meta
    static let chainID: [UInt8] = Array("chain_id".utf8)
    static let genesisHash: [UInt8] = Array("genesis_hash".utf8)
    static let genesisStateRoot: [UInt8] = Array("genesis_state_root".utf8)
    static let latestHeight: [UInt8] = Array("latest_height".utf8)

    // blocks
    static func block(_ h: UInt64) -> [UInt8] { [0x01] + be64(h) }
    static func commit(_ h: UInt64) -> [UInt8] { [0x02] + be64(h) }
    /// `04 | height` → the end-block events of that block (canonical list), when there were any.
    static func endBlockEvents(_ h: UInt64) -> [UInt8] { [0x04] + be64(h) }
    static func heightByHash(_ hash: Hash) -> [UInt8] { [0x03] + hash.bytes }
    /// `05 | height` → the validator set that block announces in `nextValidatorsHash` (signs height + 1),
    /// only for blocks whose next set differs from their own; an index for `/validators` (not consensus).
    static func validatorSetChange(_ h: UInt64) -> [UInt8] { [0x05] + be64(h) }
    static let validatorSetChangePrefix: [UInt8] = [0x05]

    // transactions: id -> height || index
    static func txLocation(_ id: Hash) -> [UInt8] { id.bytes }

    // receipts: height || index
    static func receipt(_ h: UInt64, _ i: UInt32) -> [UInt8] { be64(h) + be32(i) }

    // indexes
    static func bySender(_ a: Address, _ h: UInt64, _ i: UInt32) -> [UInt8] { [0x01] + a.bytes + be64(h) + be32(i) }
    static func bySenderPrefix(_ a: Address) -> [UInt8] { [0x01] + a.bytes }
}
