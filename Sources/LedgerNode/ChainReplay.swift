import Foundation
import LedgerCore
import LedgerCrypto
import LedgerStorage
import LedgerStorageRocksDB

/// Re-executes a stored chain from genesis into a scratch database and checks every block: the hash
/// chain, the commit signatures (and each block's last commit) against the validator set of their height, and the transactions, results and
/// state roots. Used by `desci-node verify` and by the crash tests.
public enum ChainReplay {
    public struct Report: Sendable {
        public var blocks: UInt64
        public var transactions: Int
        public var finalStateRoot: Hash
    }

    public static func verify(source: ChainStore, genesis: GenesisDocument, scratchPath: String,
                              progress: (UInt64, UInt64) -> Void = { _, _ in }) throws -> Report {
        let scratchStore = try RocksDBStore(path: scratchPath)
        defer { scratchStore.close() }
        let scratch = try ChainStore(kv: scratchStore)
        try scratch.initialise(genesis: genesis)
        let target = try source.tip.height
        // The set of the previous height, for the block's last commit.
        var previousSet = genesis.validatorSet
        let identity = genesis.identity
        var txCount = 0
        for h in stride(from: UInt64(1), through: target, by: 1) {
            guard let block = try source.block(height: h) else { throw ChainStoreError.corrupt("block \(h) missing") }
            guard let commit = try source.commit(height: h) else { throw ChainStoreError.corrupt("commit \(h) missing") }
            let prev = try scratch.tip
            guard block.header.height == h else { throw BlockValidationError.wrongHeight(expected: h, got: block.header.height) }
            guard block.header.previousHash == prev.hash else { throw BlockValidationError.wrongPrevious }
            guard block.header.timeMillis > prev.timeMillis else { throw BlockValidationError.nonMonotonicTime }
            // The set of height h, as the blocks replayed so far announced it (execution checks the
            // header's validators hashes against the state's sets too).
            let validators = try scratch.validatorSet(height: h).asVerifierSet
            let expectedHash = ValidatorSetHashing.hash(validators)
            guard block.header.validatorsHash == expectedHash else {
                throw BlockValidationError.mismatch(field: "validators hash", expected: expectedHash, got: block.header.validatorsHash)
            }
            let hash = block.header.hash
            guard commit.blockHash == hash, commit.height == h else { throw ChainStoreError.corrupt("commit \(h) is for another block") }
            try verifyCommit(commit, height: h, validators: validators, identity: identity)
            // The last commit the block carries is the previous height's commit, valid for that
            // height's set (it need not be the same signatures as the stored commit of h - 1).
            if let last = block.lastCommit {
                guard last.blockHash == prev.hash else { throw ChainStoreError.corrupt("block \(h)'s last commit is for another block") }
                try verifyCommit(last, height: h - 1, validators: previousSet, identity: identity)
            }
            guard block.hasConsistentLastCommit else {
                throw BlockValidationError.mismatch(field: "last commit hash", expected: block.header.lastCommitHash, got: Block.lastCommitHash(block.lastCommit))
            }
            let executed = try BlockExecutor.replay(block, store: scratch)
            try scratch.commit(executed, commit: commit)
            txCount += executed.transactions.count
            previousSet = validators
            progress(h, target)
        }
        return Report(blocks: target, transactions: txCount, finalStateRoot: try scratch.tip.stateRoot)
    }

    private static func verifyCommit(_ commit: Commit, height: UInt64, validators: [(publicKey: PublicKey, power: UInt64)],
                                     identity: ChainIdentity) throws {
        do { try CommitVerification.verify(commit, validators: validators, chain: identity) } catch let e as CommitVerificationError {
            throw ChainStoreError.corrupt("commit \(height): \(e)")
        }
    }
}
