import LedgerCore
import LedgerCrypto

/// The last consensus message this validator signed: CometBFT's `priv_validator_state.json`
/// (`HOME/data/validator_state.json` here). The signer keeps it on disk and consults it before
/// every signature, so a validator that crashes and restarts can never sign two conflicting
/// messages for one height, round and step.
///
/// Contract (Docs/CONSENSUS.md, "What the caller must persist"): for every `.broadcastProposal` and
/// `.broadcastVote`, the caller (1) asks `check`, (2) if allowed, stores `recording(...)` durably
/// (fsync), (3) signs, (4) sends. A crash between (2) and (4) loses one message, which is safe;
/// sending before persisting could let a restarted node sign a conflicting one.
public struct SignedState: Hashable, Sendable, CanonicalCodable {
    /// Steps in signing order within a round.
    public enum Step: UInt8, Hashable, Sendable, Comparable {
        case proposal = 1
        case prevote = 2
        case precommit = 3

        public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    }

    public var height: UInt64
    public var round: UInt32
    public var step: Step
    /// SHA-256 of the exact signing message last signed, to recognise a harmless re-sign.
    public var messageHash: Hash

    public init(height: UInt64, round: UInt32, step: Step, messageHash: Hash) {
        self.height = height
        self.round = round
        self.step = step
        self.messageHash = messageHash
    }

    /// What the signer may do with a request.
    public enum Verdict: Hashable, Sendable {
        /// A message later than the last one: sign it, after persisting `recording`.
        case sign
        /// Exactly the last message again (e.g. after a restart): signing it again is harmless.
        case resign
        /// Refused: signing would move backwards or contradict what was signed.
        case refuse(Refusal)
    }

    public enum Refusal: Error, Hashable, Sendable, CustomStringConvertible {
        case heightRegression(last: UInt64, requested: UInt64)
        case roundRegression(last: UInt32, requested: UInt32)
        case stepRegression(last: Step, requested: Step)
        case conflictingMessage

        public var code: String {
            switch self {
            case .heightRegression: "SIGN_HEIGHT_REGRESSION"
            case .roundRegression: "SIGN_ROUND_REGRESSION"
            case .stepRegression: "SIGN_STEP_REGRESSION"
            case .conflictingMessage: "SIGN_CONFLICT"
            }
        }

        public var description: String {
            switch self {
            case let .heightRegression(l, r): "already signed at height \(l); refusing height \(r)"
            case let .roundRegression(l, r): "already signed at round \(l) of this height; refusing round \(r)"
            case let .stepRegression(l, r): "already signed a \(l) in this round; refusing a \(r)"
            case .conflictingMessage: "already signed a different message for this height, round and step"
            }
        }
    }

    /// May a validator whose last signature is `last` (nil: never signed) sign `message` at
    /// `(height, round, step)`?
    public static func check(_ last: SignedState?, height: UInt64, round: UInt32, step: Step, message: [UInt8]) -> Verdict {
        guard let last else { return .sign }
        if height != last.height {
            return height > last.height ? .sign : .refuse(.heightRegression(last: last.height, requested: height))
        }
        if round != last.round {
            return round > last.round ? .sign : .refuse(.roundRegression(last: last.round, requested: round))
        }
        if step != last.step {
            return step > last.step ? .sign : .refuse(.stepRegression(last: last.step, requested: step))
        }
        return SHA256.hash(message) == last.messageHash ? .resign : .refuse(.conflictingMessage)
    }

    /// The state to persist before signing `message` at `(height, round, step)`.
    public static func recording(height: UInt64, round: UInt32, step: Step, message: [UInt8]) -> SignedState {
        SignedState(height: height, round: round, step: step, messageHash: SHA256.hash(message))
    }

    public static func check(_ last: SignedState?, vote: Vote, chain: ChainIdentity) -> Verdict {
        check(last, height: vote.height, round: vote.round, step: Step(vote.type), message: vote.signingMessage(chain: chain))
    }

    public static func check(_ last: SignedState?, proposal: Proposal, chain: ChainIdentity) -> Verdict {
        check(last, height: proposal.height, round: proposal.round, step: .proposal, message: proposal.signingMessage(chain: chain))
    }

    public static func recording(vote: Vote, chain: ChainIdentity) -> SignedState {
        recording(height: vote.height, round: vote.round, step: Step(vote.type), message: vote.signingMessage(chain: chain))
    }

    public static func recording(proposal: Proposal, chain: ChainIdentity) -> SignedState {
        recording(height: proposal.height, round: proposal.round, step: .proposal, message: proposal.signingMessage(chain: chain))
    }

    /// `u64 height || u32 round || u8 step || message hash (32)`.
    public func encode(to w: inout CanonicalWriter) {
        w.u64(height)
        w.u32(round)
        w.u8(step.rawValue)
        w.fixed(messageHash)
    }

    public init(from r: inout CanonicalReader) throws {
        height = try r.u64()
        round = try r.u32()
        let s = try r.u8()
        guard let step = Step(rawValue: s) else { throw CodecError.unknownTag(type: "signed step", tag: UInt64(s)) }
        self.step = step
        messageHash = try r.fixed(Hash.self)
    }
}

extension SignedState.Step {
    init(_ type: VoteType) { self = type == .prevote ? .prevote : .precommit }
}

/// A signer that keeps `SignedState` in memory: the reference for how the node's signer must
/// behave, used by tests and the simulation. The node's real signer persists the state first.
public struct GuardedSigner {
    private let key: SigningKey
    public let chain: ChainIdentity
    public private(set) var last: SignedState?

    public init(key: SigningKey, chain: ChainIdentity, last: SignedState? = nil) {
        self.key = key
        self.chain = chain
        self.last = last
    }

    /// The signed vote, or the refusal. `vote.signature` is ignored and replaced.
    public mutating func sign(_ vote: Vote) -> Result<Vote, SignedState.Refusal> {
        switch SignedState.check(last, vote: vote, chain: chain) {
        case let .refuse(why): return .failure(why)
        case .sign, .resign:
            last = SignedState.recording(vote: vote, chain: chain)
            var signed = vote
            signed.signature = key.sign(vote.signingMessage(chain: chain))
            return .success(signed)
        }
    }

    public mutating func sign(_ proposal: Proposal) -> Result<Proposal, SignedState.Refusal> {
        switch SignedState.check(last, proposal: proposal, chain: chain) {
        case let .refuse(why): return .failure(why)
        case .sign, .resign:
            last = SignedState.recording(proposal: proposal, chain: chain)
            var signed = proposal
            signed.signature = key.sign(proposal.signingMessage(chain: chain))
            return .success(signed)
        }
    }
}
