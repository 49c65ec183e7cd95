/// Timeouts of the state machine, in milliseconds. A round-r timeout lasts `base + r × delta`
/// (CometBFT's `timeout_propose` / `timeout_propose_delta`, and so on), so after GST the timeouts
/// eventually exceed the network delay and correct validators decide (Docs/CONSENSUS.md, "Timeouts").
public struct ConsensusConfig: Hashable, Sendable {
    public var proposeBaseMillis: UInt64
    public var proposeDeltaMillis: UInt64
    public var prevoteBaseMillis: UInt64
    public var prevoteDeltaMillis: UInt64
    public var precommitBaseMillis: UInt64
    public var precommitDeltaMillis: UInt64

    /// CometBFT's defaults: propose 3 s + 0.5 s per round, prevote and precommit 1 s + 0.5 s per round.
    public static let `default` = ConsensusConfig(
        proposeBaseMillis: 3000, proposeDeltaMillis: 500,
        prevoteBaseMillis: 1000, prevoteDeltaMillis: 500,
        precommitBaseMillis: 1000, precommitDeltaMillis: 500)

    public init(proposeBaseMillis: UInt64, proposeDeltaMillis: UInt64, prevoteBaseMillis: UInt64, prevoteDeltaMillis: UInt64,
                precommitBaseMillis: UInt64, precommitDeltaMillis: UInt64) {
        self.proposeBaseMillis = proposeBaseMillis
        self.proposeDeltaMillis = proposeDeltaMillis
        self.prevoteBaseMillis = prevoteBaseMillis
        self.prevoteDeltaMillis = prevoteDeltaMillis
        self.precommitBaseMillis = precommitBaseMillis
        self.precommitDeltaMillis = precommitDeltaMillis
    }

    /// `base + round × delta`, saturating at `UInt64.max` rather than wrapping.
    public func duration(_ kind: TimeoutKind, round: UInt32) -> UInt64 {
        let (base, delta) = switch kind {
        case .propose: (proposeBaseMillis, proposeDeltaMillis)
        case .prevote: (prevoteBaseMillis, prevoteDeltaMillis)
        case .precommit: (precommitBaseMillis, precommitDeltaMillis)
        }
        let (grow, o1) = delta.multipliedReportingOverflow(by: UInt64(round))
        let (sum, o2) = base.addingReportingOverflow(grow)
        return o1 || o2 ? .max : sum
    }
}

/// The three timeouts of Algorithm 1 (lines 57, 61, 65).
public enum TimeoutKind: UInt8, Hashable, Sendable {
    case propose = 1
    case prevote = 2
    case precommit = 3
}
