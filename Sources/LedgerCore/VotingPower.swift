/// Voting-power arithmetic shared by genesis validation, chain replay and (later) consensus.
///
/// Every validator's power and their total are bounded by `maxTotal` (2^60), so sums of any subset
/// fit in a u64 and `3 × total` cannot overflow; the functions still use checked arithmetic so a
/// value that slipped past validation is refused rather than trapping or wrapping.
public enum VotingPower {
    /// The largest total voting power a validator set may have (each power is at most this too).
    public static let maxTotal: UInt64 = 1 << 60

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case zero(index: Int)
        case tooLarge(index: Int, power: UInt64)
        case totalTooLarge

        public var description: String {
            switch self {
            case let .zero(index): "validator \(index) has power 0"
            case let .tooLarge(index, power): "validator \(index) has power \(power); at most \(VotingPower.maxTotal) (2^60) is allowed"
            case .totalTooLarge: "the validators' total power must not exceed \(VotingPower.maxTotal) (2^60)"
            }
        }
    }

    /// The total of `powers`, each in 1...maxTotal, summed with overflow checks; fails past `maxTotal`.
    public static func total(_ powers: [UInt64]) -> Result<UInt64, Failure> {
        var sum: UInt64 = 0
        for (i, p) in powers.enumerated() {
            guard p > 0 else { return .failure(.zero(index: i)) }
            guard p <= maxTotal else { return .failure(.tooLarge(index: i, power: p)) }
            let (s, overflow) = sum.addingReportingOverflow(p)
            guard !overflow, s <= maxTotal else { return .failure(.totalTooLarge) }
            sum = s
        }
        return .success(sum)
    }

    /// Whether `signed` is strictly more than two thirds of `total` (`3 × signed > 2 × total`),
    /// computed in 128 bits so no input can overflow.
    public static func exceedsTwoThirds(signed: UInt64, of total: UInt64) -> Bool {
        let lhs = signed.multipliedFullWidth(by: 3)
        let rhs = total.multipliedFullWidth(by: 2)
        return lhs.high != rhs.high ? lhs.high > rhs.high : lhs.low > rhs.low
    }
}
