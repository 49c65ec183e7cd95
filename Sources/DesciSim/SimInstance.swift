import LedgerConsensus
import LedgerCore
import LedgerCrypto
import LedgerNode
import LedgerStorage
import Logging

/// One simulated validator process. Its "disk" (the chain's MemoryStore, the WAL and the signer
/// record) survives a crash; the engine, its mempool and its timers do not.
final class SimInstance {
    let id: Int
    let keyIndex: Int
    let key: SigningKey
    let kv = MemoryStore()
    let wal = MemoryWAL()
    let signerStore = MemorySignerRecordStore()
    var node: NodeCore
    var engine: ConsensusEngine?
    /// Bumped at every restart, so timers of a crashed incarnation are ignored.
    var incarnation = 0
    /// Own messages by height, re-sent by gossip (like CometBFT's gossip routines).
    var sent: [UInt64: [ConsensusMessage]] = [:]

    init(id: Int, keyIndex: Int, key: SigningKey, genesis: GenesisDocument) throws {
        self.id = id
        self.keyIndex = keyIndex
        self.key = key
        node = try Self.makeNode(genesis: genesis, kv: kv)
    }

    static func makeNode(genesis: GenesisDocument, kv: MemoryStore) throws -> NodeCore {
        let chain = try ChainStore(kv: kv)
        return try NodeCore(genesis: genesis, genesisData: [], chain: chain, mempoolConfig: MempoolConfig(), validator: nil,
                            logger: Logger(label: "desci-sim", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    var isUp: Bool { engine != nil }
    var height: UInt64 { engine?.height ?? ((try? node.chain.tip.height) ?? 0) + 1 }

    func crash() {
        engine = nil
        incarnation += 1
    }

    /// A restarted process: a new NodeCore over the same store (empty mempool), the engine replays the WAL.
    func restart(genesis: GenesisDocument) throws {
        node = try Self.makeNode(genesis: genesis, kv: kv)
    }
}
