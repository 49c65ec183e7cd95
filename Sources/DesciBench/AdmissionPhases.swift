import LedgerCore
import LedgerNode

/// `--profile`: the three steps `NodeCore.submitBatch(mode: .sync)` takes, called one by one so
/// each can be timed — decode (size, encoding, chain id, id hash), parallel signature checks,
/// admission (state reads and pool checks, one transaction at a time).
struct AdmissionPhases: Sendable {
    var decode = 0.0
    var verify = 0.0
    var admit = 0.0

    var total: Double { decode + verify + admit }

    /// Admits `raws` and returns how many were accepted, adding each step's seconds to `self`.
    mutating func admit(_ raws: [[UInt8]], into node: NodeCore) async throws -> Int {
        var started = Clock.now()
        let txs = try raws.map { raw throws(SubmitError) in try node.mempool.decode(raw) }
        decode += Clock.seconds(since: started)

        started = Clock.now()
        let valid = await Mempool.verifySignatures(txs, genesisHash: node.mempool.identity.genesisHash)
        verify += Clock.seconds(since: started)

        started = Clock.now()
        let next = try node.chain.tip.height + 1
        var accepted = 0
        for (tx, ok) in zip(txs, valid) where ok {
            try node.mempool.admit(tx, nextHeight: next)
            accepted += 1
        }
        admit += Clock.seconds(since: started)
        return accepted
    }
}
