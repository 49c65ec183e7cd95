import LedgerCore

/// Why a commit does not make its block final. Each case has a stable machine code.
public enum CommitVerificationError: Error, Equatable, CustomStringConvertible {
    /// A signature names an index outside the validator set.
    case unknownValidatorIndex(UInt32, setSize: Int)
    /// Indices are not strictly ascending (a repeat or a reordering), so a signer could count twice.
    case unsortedOrDuplicateIndex(UInt32)
    /// A signature does not verify for the validator's key over its precommit bytes.
    case badSignature(validatorIndex: UInt32)
    /// The valid signatures hold no more than two thirds of the set's power.
    case insufficientPower(signed: UInt64, total: UInt64)
    /// The set itself is empty or its powers are out of range (`VotingPower`).
    case invalidValidatorSet(String)

    public var code: String {
        switch self {
        case .unknownValidatorIndex: "COMMIT_UNKNOWN_VALIDATOR"
        case .unsortedOrDuplicateIndex: "COMMIT_UNSORTED_SIGNATURES"
        case .badSignature: "COMMIT_BAD_SIGNATURE"
        case .insufficientPower: "COMMIT_INSUFFICIENT_POWER"
        case .invalidValidatorSet: "COMMIT_INVALID_VALIDATOR_SET"
        }
    }

    public var description: String {
        switch self {
        case let .unknownValidatorIndex(i, n): "\(code): validator index \(i) is outside the set of \(n)"
        case let .unsortedOrDuplicateIndex(i): "\(code): validator index \(i) is not above the previous one"
        case let .badSignature(i): "\(code): the signature of validator \(i) is invalid"
        case let .insufficientPower(s, t): "\(code): signed by \(s) of \(t) voting power, which is not more than two thirds"
        case let .invalidValidatorSet(why): "\(code): the validator set's voting power is out of range or the set is empty (\(why))"
        }
    }
}

/// Checks a `Commit` against the validator set of its height (Docs/PROTOCOL.md §5.4). Shared by
/// chain replay, startup checks, block sync and offline bundle verifiers.
public enum CommitVerification {
    /// The voting power of the commit's signers; throws unless every signature is valid, names a
    /// member of `validators` (by index, strictly ascending), and the signers hold more than two
    /// thirds of the set's total power. Does not check `commit.blockHash` against a block: the caller
    /// compares it with the header it holds.
    @discardableResult
    public static func verify(_ commit: Commit, validators: [(publicKey: PublicKey, power: UInt64)],
                              chain: ChainIdentity) throws -> UInt64 {
        let total: UInt64
        switch VotingPower.total(validators.map(\.power)) {
        case let .success(t): total = t
        case let .failure(f): throw CommitVerificationError.invalidValidatorSet("\(f)")
        }
        guard !validators.isEmpty else { throw CommitVerificationError.invalidValidatorSet("the validator set is empty") }
        var signed: UInt64 = 0
        var previous: UInt32?
        for s in commit.signatures {
            if let previous, s.validatorIndex <= previous { throw CommitVerificationError.unsortedOrDuplicateIndex(s.validatorIndex) }
            previous = s.validatorIndex
            guard Int(s.validatorIndex) < validators.count else {
                throw CommitVerificationError.unknownValidatorIndex(s.validatorIndex, setSize: validators.count)
            }
            let member = validators[Int(s.validatorIndex)]
            guard member.publicKey.isValidSignature(s.signature, for: commit.signingMessage(chain: chain, validatorIndex: s.validatorIndex)) else {
                throw CommitVerificationError.badSignature(validatorIndex: s.validatorIndex)
            }
            // Cannot overflow: distinct members' powers sum to at most `total` ≤ 2^60.
            signed += member.power
        }
        guard VotingPower.exceedsTwoThirds(signed: signed, of: total) else {
            throw CommitVerificationError.insufficientPower(signed: signed, total: total)
        }
        return signed
    }
}

extension Block {
    /// The `lastCommitHash` a header carries for `lastCommit`: SHA-256 of its canonical bytes, or 32
    /// zero bytes when there is none (height 1).
    public static func lastCommitHash(_ lastCommit: Commit?) -> Hash {
        lastCommit.map { SHA256.hash($0.canonicalBytes) } ?? .zero
    }

    /// Whether the block's `lastCommit` is the one its header names.
    public var hasConsistentLastCommit: Bool { Self.lastCommitHash(lastCommit) == header.lastCommitHash }
}
