import LedgerCore

/// Weighted round-robin proposer selection: CometBFT's proposer-priority algorithm
/// (`types/validator_set.go`, `IncrementProposerPriority`), reimplemented in integers.
///
/// One step adds every validator's power to its priority, picks the validator with the highest
/// priority (the lowest address on ties) and subtracts the total power from it. Over any window of
/// `totalPower` consecutive steps a static set gives each validator exactly `power` turns. Before
/// the steps, priorities are rescaled so that max − min ≤ 2 × total and then centred on their floor
/// average, which bounds them when the set changes; all arithmetic saturates at the `Int64` limits
/// (as CometBFT's `safeAddClip`) so no input can trap. Docs/CONSENSUS.md, "Proposer selection".
extension ValidatorSet {
    /// CometBFT's `PriorityWindowSizeFactor`.
    static let priorityWindowFactor: UInt64 = 2

    /// Advances the priorities `times` steps; `proposerIndex` becomes the last step's choice.
    public mutating func advanceProposer(times: Int) {
        guard times > 0 else { return }
        rescalePriorities()
        centrePriorities()
        for _ in 0..<times { proposerIndex = step() }
    }

    /// The set one height later (CometBFT advances once per committed block, whatever its round).
    public func forNextHeight() -> ValidatorSet {
        var next = self
        next.advanceProposer(times: 1)
        return next
    }

    /// The proposer of `round` at this set's height: the round-0 priorities advanced `round` times.
    public func proposer(round: UInt32) -> Int {
        guard round > 0 else { return proposerIndex }
        var copy = self
        copy.advanceProposer(times: Int(round))
        return copy.proposerIndex
    }

    fileprivate mutating func step() -> Int {
        let total = Int64(clamping: totalPower)
        var best = 0
        for i in priorities.indices {
            priorities[i] = Self.addClip(priorities[i], Int64(clamping: validators[i].power))
            if i > 0, priorities[i] > priorities[best] || (priorities[i] == priorities[best] && validators[i].address < validators[best].address) {
                best = i
            }
        }
        priorities[best] = Self.subClip(priorities[best], total)
        return best
    }

    fileprivate mutating func rescalePriorities() {
        guard let lo = priorities.min(), let hi = priorities.max() else { return }
        // hi - lo fits in a UInt64 whatever the two Int64 values are.
        let diff = UInt64(bitPattern: hi &- lo)
        let window = totalPower * Self.priorityWindowFactor  // ≤ 2^61: no overflow
        guard diff > window else { return }
        let ratio = Int64((diff - 1) / window + 1)  // ceil(diff / window) ≥ 2, ≤ 2^63 / 2
        for i in priorities.indices { priorities[i] /= ratio }
    }

    /// Subtracts the floor of the average priority, computed exactly without a wider integer:
    /// floor(Σp / n) = Σ floor(p / n) + floor(Σ (p mod n) / n), each part small enough for Int64.
    fileprivate mutating func centrePriorities() {
        let n = Int64(priorities.count)
        var quotients: Int64 = 0
        var remainders: Int64 = 0
        for p in priorities {
            var q = p / n
            var r = p % n
            if r < 0 { q -= 1; r += n }
            quotients = Self.addClip(quotients, q)
            remainders += r  // < n² ≤ 2^20
        }
        let average = Self.addClip(quotients, remainders / n)
        for i in priorities.indices { priorities[i] = Self.subClip(priorities[i], average) }
    }

    static func addClip(_ a: Int64, _ b: Int64) -> Int64 {
        let (s, o) = a.addingReportingOverflow(b)
        return o ? (b > 0 ? .max : .min) : s
    }

    static func subClip(_ a: Int64, _ b: Int64) -> Int64 {
        let (s, o) = a.subtractingReportingOverflow(b)
        return o ? (b > 0 ? .min : .max) : s
    }
}

/// The proposers of one height's rounds, computed once each: round r's proposer is the round-0
/// set advanced r steps (as `ValidatorSet.proposer(round:)`), extended step by step as rounds are
/// asked for so a height with many rounds costs one step per new round.
struct ProposerSchedule: Hashable, Sendable {
    private var cursor: ValidatorSet
    private var proposers: [Int]

    init(_ set: ValidatorSet) {
        cursor = set
        proposers = [set.proposerIndex]
        cursor.prepareForSteps()
    }

    mutating func proposer(round: UInt32) -> Int {
        while proposers.count <= Int(round) { proposers.append(cursor.stepOnce()) }
        return proposers[Int(round)]
    }
}

extension ValidatorSet {
    mutating func prepareForSteps() {
        rescalePriorities()
        centrePriorities()
    }

    mutating func stepOnce() -> Int {
        proposerIndex = step()
        return proposerIndex
    }
}

extension ValidatorSet {
    /// Replaces the priorities (tests of rescaling; a set carried over a validator change).
    public mutating func setPrioritiesForTesting(_ values: [Int64]) {
        precondition(values.count == priorities.count)
        priorities = values
    }
}
