import LedgerCore

/// What the outside world tells the state machine. Time, messages and the application's answers
/// all arrive here; the machine never reads a clock or a socket.
public enum ConsensusEvent: Hashable, Sendable {
    /// Start round 0 of the height given at initialisation. Sent once.
    case start
    /// The application built the block this validator proposes for `(height, round)` (answer to
    /// `.buildProposal`); `value` is its hash.
    case proposalBuilt(height: UInt64, round: UInt32, value: Hash)
    /// A proposal from the network (or this validator's own, signed by the caller and fed back).
    /// `valid` is the application's verdict on the proposed block (`valid(v)` in the paper): the
    /// caller checks the full block before delivering its proposal. Own proposals are valid.
    case proposal(Proposal, valid: Bool)
    /// A vote from the network (or this validator's own, signed by the caller and fed back).
    case vote(Vote)
    /// A timeout scheduled by `.scheduleTimeout` has elapsed.
    case timeout(TimeoutKind, height: UInt64, round: UInt32)
    /// The decided block is committed: move to the next height with its validator set (for an
    /// unchanged set, `current.forNextHeight()`), and start its round 0.
    case nextHeight(validators: ValidatorSet)
}

/// What the state machine asks the caller to do, in order.
public enum ConsensusAction: Hashable, Sendable {
    /// Ask the application for a block to propose; answer with `.proposalBuilt`.
    case buildProposal(height: UInt64, round: UInt32)
    /// Sign and broadcast this proposal (its signature field is zero), with the block whose hash is
    /// `value`. The caller must check and persist `SignedState` first, then feed the signed
    /// proposal back as `.proposal(_, valid: true)`.
    case broadcastProposal(Proposal)
    /// Sign and broadcast this vote (signature field zero); same contract as `.broadcastProposal`,
    /// then feed the signed vote back as `.vote`.
    case broadcastVote(Vote)
    case scheduleTimeout(TimeoutKind, height: UInt64, round: UInt32, durationMillis: UInt64)
    /// The height is decided: commit the block `value`; `commit` holds the precommits for it from
    /// `round` (more than two thirds of the power), ordered by validator index.
    case decide(Decision)
    /// A validator signed two different votes of one type at one height and round.
    case evidence(DuplicateVoteEvidence)
    /// An incoming message was not used; it changed nothing. For peer scoring and logs.
    case rejected(MessageRejection)
}

public struct Decision: Hashable, Sendable {
    public var height: UInt64
    public var round: UInt32
    public var value: Hash
    public var commit: [Vote]
}

/// Two conflicting signed votes by one validator, ordered by their canonical bytes so every node
/// reports the same pair the same way.
public struct DuplicateVoteEvidence: Hashable, Sendable {
    public var voteA: Vote
    public var voteB: Vote

    public init(_ a: Vote, _ b: Vote) {
        if a.canonicalBytes.lexicographicallyPrecedes(b.canonicalBytes) {
            voteA = a
            voteB = b
        } else {
            voteA = b
            voteB = a
        }
    }

    public var validatorIndex: UInt32 { voteA.validatorIndex }
}

/// Why a message was not used. `code` is stable for machines; `description` is for people.
public enum MessageRejection: Hashable, Sendable, CustomStringConvertible {
    case wrongHeight(expected: UInt64, got: UInt64)
    case unknownValidator(index: UInt32)
    case badSignature
    case notProposer(round: UInt32)
    case duplicate
    case conflictingProposal(round: UInt32)
    case invalidValidRound(round: UInt32, validRound: UInt32)
    case tooFarAhead(round: UInt32, current: UInt32)
    case notRunning
    case unexpectedAnswer

    public var code: String {
        switch self {
        case .wrongHeight: "CONSENSUS_WRONG_HEIGHT"
        case .unknownValidator: "CONSENSUS_UNKNOWN_VALIDATOR"
        case .badSignature: "CONSENSUS_BAD_SIGNATURE"
        case .notProposer: "CONSENSUS_NOT_PROPOSER"
        case .duplicate: "CONSENSUS_DUPLICATE"
        case .conflictingProposal: "CONSENSUS_CONFLICTING_PROPOSAL"
        case .invalidValidRound: "CONSENSUS_INVALID_VALID_ROUND"
        case .tooFarAhead: "CONSENSUS_TOO_FAR_AHEAD"
        case .notRunning: "CONSENSUS_NOT_RUNNING"
        case .unexpectedAnswer: "CONSENSUS_UNEXPECTED_ANSWER"
        }
    }

    public var description: String {
        switch self {
        case let .wrongHeight(e, g): "message for height \(g), this node is at height \(e)"
        case let .unknownValidator(i): "validator index \(i) is not in the validator set"
        case .badSignature: "the signature does not verify"
        case let .notProposer(r): "the proposal is not signed by the proposer of round \(r)"
        case .duplicate: "already received"
        case let .conflictingProposal(r): "a different proposal for round \(r) was received first"
        case let .invalidValidRound(r, vr): "valid round \(vr) must be below the round \(r)"
        case let .tooFarAhead(r, c): "round \(r) is too far ahead of the current round \(c); resend later"
        case .notRunning: "the state machine has not started, or has decided this height"
        case .unexpectedAnswer: "the application answered a request that is no longer pending"
        }
    }
}
