import LedgerConsensus

/// What one simulated run contains. `plan(seed:)` derives every choice from the seed, so a seed
/// and a scenario name replay a run exactly (Docs/CONSENSUS.md, "The simulator").
struct Scenario: CustomStringConvertible {
    enum Name: String, CaseIterable {
        /// A timely network, no faults.
        case happy
        /// Drops, duplicates, reordering and long delays until GST.
        case lossy
        /// Partitions that form and heal.
        case partition
        /// Validators crash and restart (WAL replay), with a wiped mempool.
        case crash
        /// Validators' clocks are skewed by up to ±30 s.
        case skew
        /// One validator double-votes (conflicting prevotes and precommits to halves of the network).
        case doubleVote = "double-vote"
        /// One validator proposes two different blocks per round.
        case equivocate
        /// Two honest instances run under one validator key.
        case twins
        /// A seed-chosen mix of all of the above (at most f byzantine keys).
        case mixed
    }

    enum Role: Equatable { case honest, doubleVoter, equivocatingProposer }

    var name: Name
    var seed: UInt64
    var powers: [UInt64]
    var heights: UInt64
    /// Role per validator key.
    var roles: [Role]
    /// Keys run by a second instance as well (Twins).
    var twins: [Int] = []
    var gstMillis: UInt64 = 0
    var dropPercent: UInt64 = 0
    var duplicatePercent: UInt64 = 0
    var maxDelayBeforeGST: UInt64 = 40
    var deltaAfterGST: UInt64 = 40
    /// Clock offset per validator key, in ms.
    var skews: [Int64]
    /// (start, end, group A): instances whose key is in group A cannot reach the others meanwhile.
    var partitions: [(start: UInt64, end: UInt64, group: Set<Int>)] = []
    /// (instance, crash time, restart time).
    var crashes: [(instance: Int, at: UInt64, restart: UInt64)] = []
    var transactionEveryMillis: UInt64 = 150

    /// When every fault has ended: from here on, > 2/3 honest and connected must make progress.
    var healedAtMillis: UInt64 {
        max(gstMillis, partitions.map(\.end).max() ?? 0, crashes.map(\.restart).max() ?? 0)
    }

    var description: String {
        var parts = ["validators \(powers.count) powers \(powers)", "heights \(heights)"]
        let byz = roles.enumerated().filter { $0.element != .honest }.map { "\($0.offset):\($0.element)" }
        if !byz.isEmpty { parts.append("byzantine \(byz)") }
        if !twins.isEmpty { parts.append("twins \(twins)") }
        if gstMillis > 0 { parts.append("gst \(gstMillis)ms drop \(dropPercent)% dup \(duplicatePercent)% delay ≤\(maxDelayBeforeGST)ms") }
        if skews.contains(where: { $0 != 0 }) { parts.append("skews \(skews)") }
        if !partitions.isEmpty { parts.append("partitions \(partitions.map { "\($0.group.sorted())@\($0.start)-\($0.end)" })") }
        if !crashes.isEmpty { parts.append("crashes \(crashes.map { "\($0.instance)@\($0.at)-\($0.restart)" })") }
        return parts.joined(separator: ", ")
    }

    static func plan(_ name: Name, seed: UInt64) -> Scenario {
        var rng = SplitMix64(seed: seed ^ 0x5C3E_A51D_0000_0000)
        let n = name == .happy ? 4 : 4 + Int(rng.below(4))
        let powers = (0..<n).map { _ in name == .mixed ? 1 + rng.below(3) : 1 }
        var s = Scenario(name: name, seed: seed, powers: powers, heights: 3 + rng.below(3),
                         roles: Array(repeating: .honest, count: n), skews: Array(repeating: 0, count: n))
        let all: [Name] = [.lossy, .partition, .crash, .skew, .doubleVote, .equivocate, .twins]
        let parts: Set<Name> = name == .mixed ? Set(all.filter { _ in rng.chance(40) }) : [name]
        if parts.contains(.lossy) {
            s.gstMillis = 2_000 + rng.below(6_000)
            s.dropPercent = 10 + rng.below(30)
            s.duplicatePercent = rng.below(20)
            s.maxDelayBeforeGST = 200 + rng.below(1_500)
        }
        if parts.contains(.skew) {
            s.skews = (0..<n).map { _ in Int64(rng.below(60_001)) - 30_000 }
        }
        if parts.contains(.partition) {
            var t: UInt64 = 500 + rng.below(2_000)
            for _ in 0..<(1 + rng.below(3)) {
                let size = 1 + Int(rng.below(UInt64(n - 1)))
                var group = Set<Int>()
                while group.count < size { group.insert(Int(rng.below(UInt64(n)))) }
                let end = t + 1_000 + rng.below(6_000)
                s.partitions.append((t, end, group))
                t = end + rng.below(2_000)
            }
        }
        // At most f keys byzantine: the largest count whose power stays below a third.
        var byzantineKeys: [Int] = []
        func pickByzantine() -> Int? {
            let total = powers.reduce(0, +)
            for _ in 0..<8 {
                let k = Int(rng.below(UInt64(n)))
                if byzantineKeys.contains(k) { continue }
                let power = (byzantineKeys + [k]).map { powers[$0] }.reduce(0, +)
                if power * 3 < total { byzantineKeys.append(k); return k }
            }
            return nil
        }
        if parts.contains(.doubleVote), let k = pickByzantine() { s.roles[k] = .doubleVoter }
        if parts.contains(.equivocate), let k = pickByzantine() { s.roles[k] = .equivocatingProposer }
        if parts.contains(.twins), let k = pickByzantine() { s.twins.append(k) }
        if parts.contains(.crash) {
            let instances = n + s.twins.count
            for _ in 0..<(1 + rng.below(3)) {
                let at = 300 + rng.below(8_000)
                s.crashes.append((Int(rng.below(UInt64(instances))), at, at + 200 + rng.below(4_000)))
            }
        }
        return s
    }
}
