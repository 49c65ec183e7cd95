import LedgerCore
import LedgerStorage

/// Re-executes a chain's blocks from genesis on a fresh in-memory store and checks each one links
/// to the previous and replays to the roots its header claims (BlockExecutor.replay). The
/// simulator's validity check: what consensus decided is a chain any node can re-execute. Commit
/// signatures are not checked here (the simulator checks each decision's precommits itself; the
/// stored commit format is c2's, see DecisionGlue).
public enum DecidedChainReplay {
    /// The number of transactions replayed.
    @discardableResult
    public static func replay(_ source: ChainStore, genesis: GenesisDocument) throws -> Int {
        let scratch = try ChainStore(kv: MemoryStore())
        try scratch.initialise(genesis: genesis)
        var transactions = 0
        for h in stride(from: UInt64(1), through: try source.tip.height, by: 1) {
            guard let block = try source.block(height: h), let commit = try source.commit(height: h) else {
                throw ChainStoreError.corrupt("block or commit \(h) missing")
            }
            let prev = try scratch.tip
            guard block.header.height == h else { throw BlockValidationError.wrongHeight(expected: h, got: block.header.height) }
            guard block.header.previousHash == prev.hash else { throw BlockValidationError.wrongPrevious }
            guard block.header.timeMillis > prev.timeMillis else { throw BlockValidationError.nonMonotonicTime }
            guard commit.blockHash == block.header.hash else { throw ChainStoreError.corrupt("commit \(h) is for another block") }
            let executed = try BlockExecutor.replay(block, store: scratch)
            try scratch.commit(executed, commit: commit)
            transactions += executed.transactions.count
        }
        return transactions
    }
}
