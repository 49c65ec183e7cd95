import LedgerConsensus
import LedgerCore

/// The consensus validator set (members and proposer priorities) of a height, computed the same
/// way by every node from the chain alone (Docs/CONSENSUS.md, "Validator-set changes"): the members
/// are the set the chain records for the height (`ChainStore.validatorSet(height:)`: genesis's, or
/// the one the latest block below it announced); the priorities start fresh at the first height of
/// that set and advance once per height since. The engine does the same step by step
/// (`next(after:)`), so a restarted or synced node agrees with one that never stopped.
enum ConsensusValidators {
    /// The set of height `h` (at most the tip + 1).
    static func set(height h: UInt64, chain: ChainStore) throws -> ValidatorSet {
        let members = try chain.validatorSet(height: h)
        // The latest change announced below h (none: genesis), effective one height later.
        let firstHeight = (try chain.validatorSetChanges().last { $0.height < h }?.height ?? 0) + 1
        var set = try ValidatorSet(members.map { Validator(publicKey: $0.publicKey, power: $0.power) })
        // One step per height, exactly as the engine advances (a multi-step advance rescales once, not per height).
        for _ in firstHeight..<max(h, firstHeight) { set = set.forNextHeight() }
        return set
    }

    /// The set of height `h + 1`, given the set of `h` and whether block `h` announced a change.
    static func next(after current: ValidatorSet, height h: UInt64, changed: Bool, chain: ChainStore) throws -> ValidatorSet {
        changed ? try set(height: h + 1, chain: chain) : current.forNextHeight()
    }
}
