import Synchronization

/// Transactions this node admitted and has not yet told its peers about. `NodeCore` adds each newly
/// admitted transaction (from RPC or from a peer: relaying is how a transaction reaches validators
/// its first node is not connected to; the mempool's duplicate check ends the relay); the network
/// service drains it every few milliseconds into `transactions` messages. Disabled (nothing is kept)
/// when no network runs. Bounded: beyond `maxBytes` new ones are not gossiped (they stay in this
/// node's mempool and reach a block when this node proposes).
public final class TxGossipBuffer: Sendable {
    private struct State {
        var enabled = false
        var items: [[UInt8]] = []
        var bytes = 0
        var dropped = 0
    }

    private let state = Mutex(State())
    public let maxBytes: Int

    public init(maxBytes: Int = 32 << 20) { self.maxBytes = maxBytes }

    public func enable() { state.withLock { $0.enabled = true } }

    func add(_ wire: [UInt8]) {
        state.withLock {
            guard $0.enabled else { return }
            guard $0.bytes + wire.count <= maxBytes else {
                $0.dropped += 1
                return
            }
            $0.items.append(wire)
            $0.bytes += wire.count
        }
    }

    /// Everything waiting, in batches of at most `maxCount` transactions and `maxBatchBytes` bytes.
    public func drain(maxCount: Int, maxBatchBytes: Int) -> [[[UInt8]]] {
        let items = state.withLock { s -> [[UInt8]] in
            defer { s.items = []; s.bytes = 0 }
            return s.items
        }
        var batches: [[[UInt8]]] = []
        var current: [[UInt8]] = []
        var size = 0
        for tx in items {
            if !current.isEmpty, current.count >= maxCount || size + tx.count > maxBatchBytes {
                batches.append(current)
                current = []
                size = 0
            }
            current.append(tx)
            size += tx.count
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    public var droppedCount: Int { state.withLock { $0.dropped } }
}
