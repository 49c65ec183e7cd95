import Foundation
import LedgerCore
import LedgerCrypto
import LedgerStorage
import LedgerStorageRocksDB

/// Re-executes a stored chain from genesis into a scratch database and checks every block: the hash
/// chain, the commit signatures against the genesis validators, and the transactions, results and
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
        let validators = Set(genesis.validators.map(\.publicKey))
        let identity = genesis.identity
        var txCount = 0
        for h in stride(from: UInt64(1), through: target, by: 1) {
            guard let block = try source.block(height: h) else { throw ChainStoreError.corrupt("block \(h) missing") }
            guard let commit = try source.commit(height: h) else { throw ChainStoreError.corrupt("commit \(h) missing") }
            let prev = try scratch.tip
            guard block.header.height == h else { throw BlockValidationError.wrongHeight(expected: h, got: block.header.height) }
            guard block.header.previousHash == prev.hash else { throw BlockValidationError.wrongPrevious }
            guard block.header.timeMillis > prev.timeMillis else { throw BlockValidationError.nonMonotonicTime }
            guard block.header.validatorsHash == genesis.validatorsHash else {
                throw BlockValidationError.mismatch(field: "validators hash", expected: genesis.validatorsHash, got: block.header.validatorsHash)
            }
            let hash = block.header.hash
            guard commit.blockHash == hash, commit.height == h else { throw ChainStoreError.corrupt("commit \(h) is for another block") }
            let message = Commit.signingMessage(chain: identity, height: h, blockHash: hash)
            let signers = Set(commit.signatures.filter { validators.contains($0.validator) && $0.validator.isValidSignature($0.signature, for: message) }.map(\.validator))
            // Checked sums: a genesis that escaped validation is reported, never a trap.
            guard case let .success(total) = VotingPower.total(genesis.validators.map(\.power)),
                  case let .success(power) = VotingPower.total(genesis.validators.filter { signers.contains($0.publicKey) }.map(\.power))
            else { throw ChainStoreError.corrupt("the genesis validators' voting power is out of range") }
            guard VotingPower.exceedsTwoThirds(signed: power, of: total) else { throw ChainStoreError.corrupt("block \(h) is signed by \(power) of \(total) voting power") }
            let executed = try BlockExecutor.replay(block, store: scratch)
            try scratch.commit(executed, commit: commit)
            txCount += executed.transactions.count
            progress(h, target)
        }
        return Report(blocks: target, transactions: txCount, finalStateRoot: try scratch.tip.stateRoot)
    }
}
