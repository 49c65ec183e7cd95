import LedgerCore

/// The votes of one type in one round: at most one per validator, with the power behind each
/// value (nil included) summed with overflow checks. Arrays indexed by validator, so nothing
/// depends on dictionary order.
struct VoteTally: Hashable, Sendable {
    private(set) var votes: [Vote?]
    private var powerByValue: [Hash?: UInt64] = [:]
    /// Power of every validator that voted, whatever the value ("2f+1 ⟨PREVOTE, h, r, ∗⟩").
    private(set) var totalPower: UInt64 = 0

    init(validatorCount: Int) { votes = Array(repeating: nil, count: validatorCount) }

    enum AddResult: Equatable {
        case added
        case duplicate
        /// The validator already voted for a different value: equivocation. Not counted.
        case conflict(existing: Vote)
    }

    mutating func add(_ vote: Vote, power: UInt64) -> AddResult {
        let i = Int(vote.validatorIndex)
        if let existing = votes[i] {
            // Same value is the same vote (a second valid signature over identical bytes is no fault).
            return existing.value == vote.value ? .duplicate : .conflict(existing: existing)
        }
        votes[i] = vote
        // Powers were validated by ValidatorSet (total ≤ 2^60), so these sums cannot overflow.
        powerByValue[vote.value, default: 0] += power
        totalPower += power
        return .added
    }

    func power(for value: Hash?) -> UInt64 { powerByValue[value] ?? 0 }

    /// The votes for `value`, in validator order.
    func votes(for value: Hash?) -> [Vote] { votes.compactMap { $0 }.filter { $0.value == value } }
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
