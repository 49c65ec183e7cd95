import LedgerConsensus
import LedgerCore

/// A consensus message as the engine sends and receives it. Proposals travel with their whole
/// block here; splitting blocks into parts is the P2P layer's concern.
public enum ConsensusMessage: Hashable, Sendable {
    case proposal(Proposal, Block)
    case vote(Vote)

    public var height: UInt64 {
        switch self {
        case let .proposal(p, _): p.height
        case let .vote(v): v.height
        }
    }
}

/// A timeout the engine asked for; hand it back to `ConsensusEngine.timeout(_:)` when it elapses.
public struct ConsensusTimeout: Hashable, Sendable {
    public var kind: TimeoutKind
    public var height: UInt64
    public var round: UInt32
}

/// The network, as the engine sees it: the node wires c1's P2P here, the simulator its network.
public protocol ConsensusTransport: AnyObject {
    /// Sends to every peer (not back to this validator: the engine feeds its own messages itself).
    func broadcast(_ message: ConsensusMessage)
}

/// Timers, as the engine sees them: real sleeps in the node, simulated time in the simulator.
public protocol TimerScheduler: AnyObject {
    func schedule(afterMillis: UInt64, _ timeout: ConsensusTimeout)
    /// The commit wait (CometBFT's `timeout_commit`): call `ConsensusEngine.commitWaitElapsed(height:)`
    /// with `height` after this long.
    func scheduleNextHeight(afterMillis: UInt64, height: UInt64)
}

/// What the engine did, for logs, metrics and the simulator's invariant checks.
public enum ConsensusEngineEvent: Sendable {
    /// This validator signed and sent a message (after its signer state was on disk).
    case signed(ConsensusMessage)
    case signRefused(SignerRefusal)
    /// A height was decided and committed.
    case committed(height: UInt64, round: UInt32, hash: Hash, commit: [Vote])
    case evidence(DuplicateVoteEvidence)
    case rejected(MessageRejection)
    /// A received proposal's block failed validation (the machine was told `valid: false`).
    case invalidBlock(height: UInt64, hash: Hash, reason: String)
}
