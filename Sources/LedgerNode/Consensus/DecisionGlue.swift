import LedgerConsensus
import LedgerCore

/// The two places where the engine meets formats that c2 is changing (Docs/CONSENSUS.md and
/// /BFT-SHARED decisions): the decision's precommits become the block's `Commit`, and pending
/// equivocation evidence goes into the next block built. Kept to one function each so the merge
/// adapts only these.
enum DecisionGlue {
    /// Decision → Commit. Each signature is the validator's precommit signature for the block: a
    /// commit signature covers exactly the precommit's bytes (`Commit.signingMessage` equals
    /// `Vote.signingMessage`, Docs/PROTOCOL.md §5.4), so nothing is re-signed. The machine orders
    /// `d.commit` by validator index, which is the commit's canonical order.
    static func commit(for d: Decision, validators: ValidatorSet) -> Commit {
        Commit(height: d.height, round: d.round, blockHash: d.value,
               signatures: d.commit.map { CommitSignature(validatorIndex: $0.validatorIndex, signature: $0.signature) })
    }

    /// Evidence → block: the pending equivocations, oldest first, at most a block's worth, in the
    /// chain's compact form (`EquivocationEvidence`, Docs/PROTOCOL.md §5.5; same signatures, nothing
    /// re-signed). The block builder drops what execution refuses (too old, already recorded).
    static func evidenceForBlock(_ pending: [DuplicateVoteEvidence], limit: Int = EquivocationEvidence.maxPerBlock) -> [EquivocationEvidence] {
        pending.prefix(limit).map { e in
            EquivocationEvidence(voteType: e.voteA.type.rawValue, height: e.voteA.height, round: e.voteA.round,
                                 validatorIndex: e.voteA.validatorIndex, valueA: e.voteA.value, signatureA: e.voteA.signature,
                                 valueB: e.voteB.value, signatureB: e.voteB.signature)
        }
    }
}
