import LedgerCore

/// The votes of one type in one round, with the power behind each value (nil included) summed
/// with overflow checks. Arrays indexed by validator, so nothing depends on dictionary order.
///
/// A validator's first vote counts towards "2f+1 of any value" once. If it later signs a different
/// value (equivocation), that second vote is kept as well and counts towards its own value only, as
/// CometBFT does once a majority for that value is claimed: the paper counts signed messages, and
/// quorum intersection still holds because two > 2/3 sets share a correct validator. Without this,
/// a node that heard the conflicting vote first could never count the quorum the others decided
/// with. Further values from the same validator are dropped, which bounds memory.
struct VoteTally: Hashable, Sendable {
    private(set) var votes: [Vote?]
    private(set) var conflicting: [Vote?]
    private var powerByValue: [Hash?: UInt64] = [:]
    /// Power of every validator that voted, whatever the value ("2f+1 ⟨PREVOTE, h, r, ∗⟩").
    private(set) var totalPower: UInt64 = 0

    init(validatorCount: Int) {
        votes = Array(repeating: nil, count: validatorCount)
        conflicting = Array(repeating: nil, count: validatorCount)
    }

    enum AddResult: Equatable {
        case added
        case duplicate
        /// The validator already voted for a different value: equivocation (`existing` first).
        case conflict(existing: Vote)
    }

    /// Whether this exact vote is already held (then no signature check is needed).
    func holds(_ vote: Vote) -> Bool {
        let i = Int(vote.validatorIndex)
        return votes[i] == vote || conflicting[i] == vote
    }

    mutating func add(_ vote: Vote, power: UInt64) -> AddResult {
        let i = Int(vote.validatorIndex)
        guard let existing = votes[i] else {
            votes[i] = vote
            // Powers were validated by ValidatorSet (total ≤ 2^60); each validator adds its power at
            // most once here and at most twice over all values, so these sums cannot overflow.
            powerByValue[vote.value, default: 0] += power
            totalPower += power
            return .added
        }
        // Same value is the same vote (a second valid signature over identical bytes is no fault).
        if existing.value == vote.value { return .duplicate }
        if let second = conflicting[i] { return second.value == vote.value ? .duplicate : .conflict(existing: existing) }
        conflicting[i] = vote
        powerByValue[vote.value, default: 0] += power
        return .conflict(existing: existing)
    }

    func power(for value: Hash?) -> UInt64 { powerByValue[value] ?? 0 }

    /// The votes for `value`, in validator order.
    func votes(for value: Hash?) -> [Vote] {
        votes.indices.compactMap { i in
            if let v = votes[i], v.value == value { return v }
            if let v = conflicting[i], v.value == value { return v }
            return nil
        }
    }
}

/// Everything received for one round: prevotes, precommits, and who sent anything at all (for
/// the round skip of line 55).
struct RoundBook: Hashable, Sendable {
    var prevotes: VoteTally
    var precommits: VoteTally
    private(set) var senders: [Bool]
    private(set) var senderPower: UInt64 = 0

    init(validatorCount: Int) {
        prevotes = VoteTally(validatorCount: validatorCount)
        precommits = VoteTally(validatorCount: validatorCount)
        senders = Array(repeating: false, count: validatorCount)
    }

    mutating func markSender(_ index: Int, power: UInt64) {
        guard !senders[index] else { return }
        senders[index] = true
        senderPower += power
    }

    subscript(type: VoteType) -> VoteTally {
        get { type == .prevote ? prevotes : precommits }
        set { if type == .prevote { prevotes = newValue } else { precommits = newValue } }
    }
}
