import LedgerCore
import LedgerCrypto

extension GenesisDocument {
    /// The genesis validator set as `CommitVerification` and `ValidatorSetHashing` take it, in genesis order
    /// (a validator's index in a commit is its position here).
    public var validatorSet: [(publicKey: PublicKey, power: UInt64)] {
        validators.map { (publicKey: $0.publicKey, power: $0.power) }
    }
}

extension NodeCore {
    /// The validator set that signs height `height`: today always the genesis set, as no
    /// validator-set change is applied yet (Docs/CONSENSUS.md).
    func validatorSet(height: UInt64) throws -> [(publicKey: PublicKey, power: UInt64)] {
        genesis.validatorSet
    }

    /// The single-validator producer's commit for a block it made: its own precommit for round 0, with
    /// its index in the set of that height. Nil when its key is not in that set (it then makes no block).
    func signOwnCommit(height: UInt64, blockHash: Hash, validator: ValidatorSigner) throws -> Commit? {
        guard let index = try validatorSet(height: height).firstIndex(where: { $0.publicKey == validator.publicKey }) else { return nil }
        var commit = Commit(height: height, round: 0, blockHash: blockHash, signatures: [])
        let signature = validator.sign(commit.signingMessage(chain: mempool.identity, validatorIndex: UInt32(index)))
        commit.signatures = [CommitSignature(validatorIndex: UInt32(index), signature: signature)]
        return commit
    }

    /// Checks the stored commit of the tip against the set of its height (startup check).
    func verifyTipCommit() throws {
        let tip = try chain.tip
        guard tip.height > 0 else { return }
        guard let commit = try chain.commit(height: tip.height) else { throw ChainStoreError.corrupt("commit \(tip.height) missing") }
        guard commit.height == tip.height, commit.blockHash == tip.hash else { throw ChainStoreError.corrupt("commit \(tip.height) is for another block") }
        do { try CommitVerification.verify(commit, validators: try validatorSet(height: tip.height), chain: mempool.identity) } catch let e as CommitVerificationError {
            throw ChainStoreError.corrupt("commit \(tip.height): \(e)")
        }
    }
}
