import LedgerAPI
import LedgerCore
import LedgerCrypto
import LedgerRules

extension GenesisDocument {
    /// The genesis validator set as `CommitVerification` and `ValidatorSetHashing` take it, in genesis order
    /// (a validator's index in a commit is its position here).
    public var validatorSet: [(publicKey: PublicKey, power: UInt64)] {
        validators.map { (publicKey: $0.publicKey, power: $0.power) }
    }

    var validatorSetEntries: [ValidatorUpdate] { validators.map { ValidatorUpdate(publicKey: $0.publicKey, power: $0.power) } }
}

extension [ValidatorUpdate] {
    var asVerifierSet: [(publicKey: PublicKey, power: UInt64)] { map { (publicKey: $0.publicKey, power: $0.power) } }
}

extension NodeCore {
    /// The validator set that signs height `height` (at most the tip + 1): genesis's, or the one the
    /// latest block below `height` announced (Docs/CONSENSUS.md, "Validator-set changes").
    func validatorSet(height: UInt64) throws -> [(publicKey: PublicKey, power: UInt64)] {
        try chain.validatorSet(height: height).asVerifierSet
    }

    /// The single-validator producer's commit for a block it made: its own precommit for round 0, with
    /// its index in the set of that height. Nil when its key is not in that set, or holds no more than
    /// two thirds of its power, so that its signature alone does not make a valid commit: it then makes
    /// no block (a governance change removed it or moved power away from it; Docs/CONSENSUS.md).
    func signOwnCommit(height: UInt64, blockHash: Hash, validator: ValidatorSigner) throws -> Commit? {
        let set = try validatorSet(height: height)
        guard let index = set.firstIndex(where: { $0.publicKey == validator.publicKey }) else { return nil }
        var commit = Commit(height: height, round: 0, blockHash: blockHash, signatures: [])
        let signature = validator.sign(commit.signingMessage(chain: mempool.identity, validatorIndex: UInt32(index)))
        commit.signatures = [CommitSignature(validatorIndex: UInt32(index), signature: signature)]
        guard (try? CommitVerification.verify(commit, validators: set, chain: mempool.identity)) != nil else { return nil }
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

// MARK: ValidatorQueries

extension NodeCore {
    public func validators(height: UInt64?) async throws -> ValidatorSetDTO {
        let tip = try chain.tip.height
        let h = height ?? tip + 1
        guard h >= 1 else { throw APIError.notFound("height 0 is genesis; validator sets sign heights from 1") }
        // The set of the next height is fixed by the tip's header; later ones are not known yet.
        guard h <= tip + 1 else { throw APIError.notFound("the validator set of height \(h) is not known yet; the latest is \(tip)") }
        let set = try chain.validatorSet(height: h)
        let total = set.reduce(UInt64(0)) { $0 &+ $1.power }  // ≤ 2^60: checked when the set was scheduled
        return ValidatorSetDTO(height: h, hash: ValidatorSetState.hash(set), totalPower: total, validators: Self.dtos(set))
    }

    public func validatorChanges() async throws -> ValidatorSetChangesDTO {
        var previous = genesis.validatorSetEntries
        var out: [ValidatorSetChangeDTO] = []
        for change in try chain.validatorSetChanges() {
            out.append(ValidatorSetChangeDTO(height: change.height, effectiveHeight: change.height + 1, validatorsHash: ValidatorSetState.hash(previous),
                                             nextValidatorsHash: ValidatorSetState.hash(change.set), validators: Self.dtos(change.set)))
            previous = change.set
        }
        return ValidatorSetChangesDTO(genesis: Self.dtos(genesis.validatorSetEntries), changes: out)
    }

    static func dtos(_ set: [ValidatorUpdate]) -> [ValidatorDTO] {
        set.enumerated().map { ValidatorDTO(index: UInt32($0), pubKey: $1.publicKey, address: Address(publicKey: $1.publicKey), power: $1.power) }
    }
}
