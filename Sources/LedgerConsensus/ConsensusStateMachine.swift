import LedgerCore
import LedgerCrypto

/// The Tendermint consensus algorithm (Buchman, Kwon, Milosevic, "The latest gossip on BFT
/// consensus", arXiv 1807.04938, Algorithm 1) as a pure state machine for one validator (or an
/// observer that never votes). `handle(_:)` takes one event and returns the actions the caller must
/// carry out, in order. Line numbers in comments are the paper's. Docs/CONSENSUS.md explains the
/// contract; the caller signs and persists (`SignedState`) before anything is sent.
public struct ConsensusStateMachine: Sendable {
    public enum Step: UInt8, Hashable, Sendable, Comparable {
        case propose = 1
        case prevote = 2
        case precommit = 3

        public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    }

    public enum Status: Hashable, Sendable {
        case notStarted
        case running
        /// The height is decided; waiting for `.nextHeight`.
        case decided
    }

    /// Proposals further ahead than this many rounds are refused (`tooFarAhead`): finding the
    /// proposer of round r costs r priority steps, and a correct node reaches such a round through
    /// the round skip anyway, after which gossip delivers the proposal again.
    public static let maxProposalRoundsAhead: UInt32 = 64
    /// How many distinct rounds beyond `round + 1` one validator may fill with messages. Bounds the
    /// memory a byzantine validator can make us spend (CometBFT's "peer catch-up rounds").
    public static let maxFutureRoundsPerValidator = 2

    public let chain: ChainIdentity
    public let config: ConsensusConfig
    /// This node's consensus key; nil for an observer.
    public let ownKey: PublicKey?

    public private(set) var height: UInt64
    public private(set) var round: UInt32 = 0
    public private(set) var step: Step = .propose
    public private(set) var status: Status = .notStarted
    public private(set) var lockedValue: Hash?
    public private(set) var lockedRound: UInt32?
    public private(set) var validValue: Hash?
    public private(set) var validRound: UInt32?
    public private(set) var validators: ValidatorSet

    private var ownIndex: Int?
    private var schedule: ProposerSchedule
    private var rounds: [UInt32: RoundBook] = [:]
    private var proposals: [UInt32: ReceivedProposal] = [:]
    /// A second, conflicting proposal by a round's proposer (at most one is kept). It is never
    /// prevoted, but if more than two thirds precommit its value, it is what lets this node decide:
    /// a node that heard an equivocating proposer's other block first would otherwise never
    /// decide that height (CometBFT switches to the block +2/3 precommitted for the same reason).
    private var alternates: [UInt32: ReceivedProposal] = [:]
    private var awaitingBuild: UInt32?
    private var flags = RoundFlags()
    private var reported: Set<EquivocationKey> = []

    private struct ReceivedProposal: Hashable, Sendable {
        var proposal: Proposal
        var valid: Bool
    }

    /// "For the first time" guards of lines 34, 36 and 47, for the current round.
    private struct RoundFlags: Hashable, Sendable {
        var prevoteTimeoutScheduled = false
        var polkaHandled = false
        var precommitTimeoutScheduled = false
    }

    private struct EquivocationKey: Hashable, Sendable {
        var validator: UInt32
        var round: UInt32
        var type: VoteType
    }

    public init(chain: ChainIdentity, config: ConsensusConfig, height: UInt64, validators: ValidatorSet, ownKey: PublicKey?) {
        self.chain = chain
        self.config = config
        self.height = height
        self.validators = validators
        self.ownKey = ownKey
        ownIndex = ownKey.flatMap { validators.index(of: $0) }
        schedule = ProposerSchedule(validators)
    }

    /// The proposer of `round` at the current height (paper: `proposer(h_p, round)`).
    public mutating func proposer(round: UInt32) -> Int { schedule.proposer(round: round) }

    public mutating func handle(_ event: ConsensusEvent) -> [ConsensusAction] {
        var out: [ConsensusAction] = []
        var touched: UInt32?
        switch event {
        case .start:
            guard status == .notStarted else { return [.rejected(.unexpectedAnswer)] }
            status = .running
            startRound(0, &out)
        case let .nextHeight(next):
            guard status == .decided else { return [.rejected(.unexpectedAnswer)] }
            resetForHeight(height + 1, validators: next)
            status = .running
            startRound(0, &out)
        case let .proposalBuilt(h, r, value):
            guard status == .running, h == height, r == round, awaitingBuild == r, step == .propose else {
                return [.rejected(.unexpectedAnswer)]
            }
            awaitingBuild = nil
            out.append(.broadcastProposal(Proposal(height: h, round: r, value: value, validRound: nil, signature: Self.unsigned)))
        case let .proposal(p, valid):
            if let rejection = receive(p, valid: valid) {
                // A conflicting proposal kept as the round's alternate may complete a decision.
                guard rejection == .conflictingProposal(round: p.round), alternates[p.round]?.proposal == p else { return [.rejected(rejection)] }
                out.append(.rejected(rejection))
            }
            touched = p.round
        case let .vote(v):
            switch receive(v) {
            case let .rejected(why): return [.rejected(why)]
            case let .evidence(e):
                out.append(.evidence(e))
                touched = v.round
            case .counted: touched = v.round
            }
        case let .timeout(kind, h, r):
            guard status == .running, h == height, r == round else { return [] }
            onTimeout(kind, &out)
        }
        progress(touched: touched, &out)
        return out
    }

    // MARK: Receiving messages

    private enum VoteOutcome { case counted, rejected(MessageRejection), evidence(DuplicateVoteEvidence) }

    private func admissible(height h: UInt64) -> MessageRejection? {
        guard status == .running else { return .notRunning }
        guard h == height else { return .wrongHeight(expected: height, got: h) }
        return nil
    }

    private mutating func receive(_ v: Vote) -> VoteOutcome {
        if let why = admissible(height: v.height) { return .rejected(why) }
        let i = Int(v.validatorIndex)
        guard i < validators.count else { return .rejected(.unknownValidator(index: v.validatorIndex)) }
        // An exact copy of a counted vote (gossip repeats them) needs no second signature check.
        if rounds[v.round]?[v.type].holds(v) == true { return .rejected(.duplicate) }
        let member = validators[i]
        guard v.hasValidSignature(by: member.publicKey, chain: chain) else { return .rejected(.badSignature) }
        guard withinFutureBudget(validator: i, round: v.round) else { return .rejected(.tooFarAhead(round: v.round, current: round)) }
        var book = rounds[v.round] ?? RoundBook(validatorCount: validators.count)
        switch book[v.type].add(v, power: member.power) {
        case .duplicate:
            return .rejected(.duplicate)
        case let .conflict(existing):
            rounds[v.round] = book
            let key = EquivocationKey(validator: v.validatorIndex, round: v.round, type: v.type)
            guard reported.insert(key).inserted else { return .rejected(.duplicate) }
            return .evidence(DuplicateVoteEvidence(existing, v))
        case .added:
            book.markSender(i, power: member.power)
            rounds[v.round] = book
            return .counted
        }
    }

    private mutating func receive(_ p: Proposal, valid: Bool) -> MessageRejection? {
        if let why = admissible(height: p.height) { return why }
        if let vr = p.validRound, vr >= p.round { return .invalidValidRound(round: p.round, validRound: vr) }
        guard p.round <= round || p.round - round <= Self.maxProposalRoundsAhead else {
            return .tooFarAhead(round: p.round, current: round)
        }
        if proposals[p.round]?.proposal == p { return .duplicate }
        let proposer = schedule.proposer(round: p.round)
        guard p.hasValidSignature(by: validators[proposer].publicKey, chain: chain) else { return .notProposer(round: p.round) }
        if let existing = proposals[p.round] {
            if existing.proposal == p || alternates[p.round]?.proposal == p { return .duplicate }
            if alternates[p.round] == nil { alternates[p.round] = ReceivedProposal(proposal: p, valid: valid) }
            return .conflictingProposal(round: p.round)
        }
        guard withinFutureBudget(validator: proposer, round: p.round) else { return .tooFarAhead(round: p.round, current: round) }
        proposals[p.round] = ReceivedProposal(proposal: p, valid: valid)
        var book = rounds[p.round] ?? RoundBook(validatorCount: validators.count)
        book.markSender(proposer, power: validators[proposer].power)
        rounds[p.round] = book
        return nil
    }

    /// Rounds up to `round + 1` are always accepted; beyond, a validator may occupy only a few.
    private func withinFutureBudget(validator i: Int, round r: UInt32) -> Bool {
        guard r > round, r - round > 1 else { return true }
        if rounds[r]?.senders[i] == true { return true }
        let used = rounds.reduce(0) { n, entry in
            entry.key > round && entry.key - round > 1 && entry.value.senders[i] ? n + 1 : n
        }
        return used < Self.maxFutureRoundsPerValidator
    }

    // MARK: The rules

    /// Applies every rule whose condition holds until none does (the paper's `upon` clauses are
    /// re-evaluated whenever the state or the message log changes).
    private mutating func progress(touched: UInt32?, _ out: inout [ConsensusAction]) {
        while status == .running {
            // Line 49: a decision in any round.
            if let r = touched, tryDecide(round: r, &out) { return }
            if tryDecide(round: round, &out) { return }
            // Line 55: f+1 validators are already in a higher round.
            if let r = touched, r > round, let book = rounds[r], validators.exceedsOneThird(book.senderPower) {
                startRound(r, &out)
                continue
            }
            if !applyCurrentRoundRule(&out) { return }
        }
    }

    private mutating func tryDecide(round r: UInt32, _ out: inout [ConsensusAction]) -> Bool {
        guard let book = rounds[r] else { return false }
        let candidates = [proposals[r], alternates[r]].compactMap { $0 }.filter(\.valid).map(\.proposal.value)
        guard let value = candidates.first(where: { validators.isQuorum(book.precommits.power(for: $0)) }) else { return false }
        status = .decided
        out.append(.decide(Decision(height: height, round: r, value: value, commit: book.precommits.votes(for: value))))
        return true
    }

    /// Applies the first rule for the current round whose condition holds; false if none does.
    private mutating func applyCurrentRoundRule(_ out: inout [ConsensusAction]) -> Bool {
        let book = rounds[round] ?? RoundBook(validatorCount: validators.count)
        let received = proposals[round]

        if step == .propose, let received {
            let p = received.proposal
            if let vr = p.validRound {
                // Lines 28–33: a re-proposal needs a polka for it at its valid round; then it is
                // prevoted only if we are not locked on something newer than vr, or locked on it.
                if let polka = rounds[vr], validators.isQuorum(polka.prevotes.power(for: p.value)) {
                    let unlocked = lockedRound.map { $0 <= vr } ?? true
                    castPrevote(received.valid && (unlocked || lockedValue == p.value) ? p.value : nil, &out)
                    return true
                }
            } else {
                // Lines 22–27.
                let free = lockedRound == nil || lockedValue == p.value
                castPrevote(received.valid && free ? p.value : nil, &out)
                return true
            }
        }
        // Lines 34–35.
        if step == .prevote, !flags.prevoteTimeoutScheduled, validators.isQuorum(book.prevotes.totalPower) {
            flags.prevoteTimeoutScheduled = true
            out.append(.scheduleTimeout(.prevote, height: height, round: round, durationMillis: config.duration(.prevote, round: round)))
            return true
        }
        // Lines 36–43: a polka for the proposed value in this round.
        if step >= .prevote, !flags.polkaHandled, let received, received.valid,
           validators.isQuorum(book.prevotes.power(for: received.proposal.value)) {
            flags.polkaHandled = true
            let v = received.proposal.value
            if step == .prevote {
                lockedValue = v
                lockedRound = round
                castPrecommit(v, &out)
            }
            validValue = v
            validRound = round
            return true
        }
        // Lines 44–46: a polka for nil. (Nil prevotes never unlock.)
        if step == .prevote, validators.isQuorum(book.prevotes.power(for: nil)) {
            castPrecommit(nil, &out)
            return true
        }
        // Lines 47–48.
        if !flags.precommitTimeoutScheduled, validators.isQuorum(book.precommits.totalPower) {
            flags.precommitTimeoutScheduled = true
            out.append(.scheduleTimeout(.precommit, height: height, round: round,
                                        durationMillis: config.duration(.precommit, round: round)))
            return true
        }
        return false
    }

    /// Lines 11–21. The propose timeout is scheduled for the proposer too (as CometBFT does): if
    /// the application or the signer fails to produce the proposal, the round still moves on.
    private mutating func startRound(_ r: UInt32, _ out: inout [ConsensusAction]) {
        round = r
        step = .propose
        flags = RoundFlags()
        awaitingBuild = nil
        if let me = ownIndex, schedule.proposer(round: r) == me {
            if let v = validValue {
                out.append(.broadcastProposal(Proposal(height: height, round: r, value: v, validRound: validRound, signature: Self.unsigned)))
            } else {
                awaitingBuild = r
                out.append(.buildProposal(height: height, round: r))
            }
        }
        out.append(.scheduleTimeout(.propose, height: height, round: r, durationMillis: config.duration(.propose, round: r)))
    }

    /// Lines 57–67.
    private mutating func onTimeout(_ kind: TimeoutKind, _ out: inout [ConsensusAction]) {
        switch kind {
        case .propose where step == .propose: castPrevote(nil, &out)
        case .prevote where step == .prevote: castPrecommit(nil, &out)
        case .precommit where round < UInt32.max: startRound(round + 1, &out)
        default: break
        }
    }

    private mutating func castPrevote(_ value: Hash?, _ out: inout [ConsensusAction]) {
        step = .prevote
        castVote(.prevote, value, &out)
    }

    private mutating func castPrecommit(_ value: Hash?, _ out: inout [ConsensusAction]) {
        step = .precommit
        castVote(.precommit, value, &out)
    }

    private func castVote(_ type: VoteType, _ value: Hash?, _ out: inout [ConsensusAction]) {
        guard let me = ownIndex else { return }
        out.append(.broadcastVote(Vote(type: type, height: height, round: round, value: value, validatorIndex: UInt32(me),
                                       signature: Self.unsigned)))
    }

    private mutating func resetForHeight(_ h: UInt64, validators next: ValidatorSet) {
        height = h
        round = 0
        step = .propose
        lockedValue = nil
        lockedRound = nil
        validValue = nil
        validRound = nil
        validators = next
        ownIndex = ownKey.flatMap { next.index(of: $0) }
        schedule = ProposerSchedule(next)
        rounds = [:]
        proposals = [:]
        alternates = [:]
        awaitingBuild = nil
        flags = RoundFlags()
        reported = []
    }

    static let unsigned = Signature(unchecked: [UInt8](repeating: 0, count: 64))
}
