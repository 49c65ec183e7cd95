import LedgerConsensus
import LedgerCore

/// The two places where the engine meets formats that c2 is changing (Docs/CONSENSUS.md and
/// /BFT-SHARED decisions): the decision's precommits become the block's `Commit`, and pending
/// equivocation evidence goes into the next block built. Kept to one function each so the merge
/// adapts only these.
enum DecisionGlue {
    /// Decision → Commit. Each signature is the validator's precommit signature for the block
    /// (the shared commit format: the precommit bytes are what a commit signature covers, so no
    /// re-signing). Written against today's `Commit` (signer named by public key, no round);
    /// with c2's format it becomes `Commit(height:, round: d.round, blockHash:, signatures:
    /// [CommitSignature(validatorIndex:, signature:)])` with indices ascending (already so: the
    /// machine orders `d.commit` by validator index).
    static func commit(for d: Decision, validators: ValidatorSet) -> Commit {
        Commit(height: d.height, blockHash: d.value,
               signatures: d.commit.map { CommitSignature(validator: validators[Int($0.validatorIndex)].publicKey, signature: $0.signature) })
    }

    /// Evidence → block. Today's block body has no evidence list (c2 adds
    /// `evidence: list<DuplicateVoteEvidence>` after `lastCommit`), so the proposal builder keeps
    /// the pending list and this returns the ones to include: all pending, oldest first, at most
    /// `limit`. At merge, the builder passes them to the block body here.
    static func evidenceForBlock(_ pending: [DuplicateVoteEvidence], limit: Int = 64) -> [DuplicateVoteEvidence] {
        Array(pending.prefix(limit))
    }
}
