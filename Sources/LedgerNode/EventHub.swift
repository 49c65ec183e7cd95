import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
import Synchronization

/// Fans committed blocks and transactions out to `GET /events` subscribers (Docs/RPC.md, "Events").
/// Fed from `CommitWaiters.notify`, which every committer calls (the single-validator producer and
/// the BFT engine alike), so it never misses a block. Each subscriber has a bounded queue: one that
/// falls behind is dropped rather than allowed to hold memory; the number of subscribers is capped.
public final class EventHub: Sendable {
    public struct Limits: Sendable {
        public var maxSubscribers: Int
        /// Events queued for one subscriber before it is dropped.
        public var queueCapacity: Int
        /// How many heights back a subscriber may resume.
        public var maxReplayHeights: UInt64
        public var heartbeatMillis: UInt64

        public init(maxSubscribers: Int, queueCapacity: Int, maxReplayHeights: UInt64, heartbeatMillis: UInt64) {
            self.maxSubscribers = maxSubscribers
            self.queueCapacity = queueCapacity
            self.maxReplayHeights = maxReplayHeights
            self.heartbeatMillis = heartbeatMillis
        }
    }

    let limits: Limits
    private let chain: ChainStore
    private struct State {
        var nextID: UInt64 = 0
        var subscribers: [UInt64: EventSubscriber] = [:]
    }
    private let state = Mutex(State())

    init(chain: ChainStore, limits: Limits) {
        self.chain = chain
        self.limits = limits
    }

    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Registers a subscriber, then reads the tip: every block above it is published after the
    /// registration, every block up to it is replayed (when asked), so none is missed or doubled.
    func subscribe(filter: EventFilter, resume: EventCursor?) throws -> EventSubscriber {
        let tip = try chain.tip.height
        if let r = resume, r.height < tip, tip - max(r.height, 1) >= limits.maxReplayHeights {
            throw APIError(code: .replayTooFar,
                           message: "cannot resume from height \(r.height): this node replays at most \(limits.maxReplayHeights) heights (the latest is \(tip)); fetch older blocks with GET /blocks")
        }
        let subscriber = try state.withLock { s -> EventSubscriber in
            guard s.subscribers.count < limits.maxSubscribers else {
                throw APIError(code: .tooManySubscribers, message: "this node already serves \(limits.maxSubscribers) event subscribers (max_event_subscribers); retry later")
            }
            s.nextID += 1
            let sub = EventSubscriber(id: s.nextID, hub: self, filter: filter, capacity: limits.queueCapacity)
            s.subscribers[s.nextID] = sub
            return sub
        }
        // Blocks committed between the first tip read and the registration are replayed too.
        let replayEnd = try chain.tip.height
        let cursor = resume.map { EventCursor(height: max($0.height, 1), firstIndex: $0.height == 0 ? nil : $0.firstIndex) }
        subscriber.start(cursor: cursor, replayEnd: replayEnd, heartbeatMillis: limits.heartbeatMillis)
        return subscriber
    }

    func remove(_ id: UInt64) { _ = state.withLock { $0.subscribers.removeValue(forKey: id) } }

    /// Called once per committed block, after the commit. Reads it back only if someone listens.
    func publish(height: UInt64) {
        let subscribers = state.withLock { Array($0.subscribers.values) }
        guard !subscribers.isEmpty, let events = try? events(height: height) else { return }
        for s in subscribers where !s.offer(events) { remove(s.id) }
    }

    /// The block event and transaction events of one committed block, in order.
    func events(height: UInt64) throws -> [HubEvent] {
        guard let block = try chain.block(height: height) else { return [] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let header = block.header
        let blockDTO = BlockEventDTO(height: height, hash: header.hash, time: NodeCore.rfc3339(header.timeMillis),
                                     timeMillis: header.timeMillis, txCount: block.transactions.count)
        var out = [HubEvent(height: height, index: nil, name: "block", data: Array(try encoder.encode(blockDTO)))]
        for (i, raw) in block.transactions.enumerated() {
            let index = UInt32(i)
            let tx = try Transaction.decode(raw)
            guard let receipt = try chain.receipt(height: height, index: index) else {
                throw ChainStoreError.corrupt("block \(height) has no receipt for transaction \(i)")
            }
            let dto = TxEventDTO(height: height, index: index, hash: tx.id, sender: tx.senderAddress,
                                 actions: tx.body.actions.map(\.name), receipt: ReceiptDTO(receipt))
            var subjects: Set<String> = []
            for e in receipt.events { for a in e.attributes where EventFilter.subjectKeys.contains(a.key) { subjects.insert(a.value.lowercased()) } }
            out.append(HubEvent(height: height, index: index, name: "tx", data: Array(try encoder.encode(dto)), sender: dto.sender,
                                actions: Set(dto.actions), subjects: subjects, eventKinds: Set(receipt.events.map(\.kind))))
        }
        return out
    }
}

/// One committed event and the fields filters look at.
struct HubEvent: Sendable {
    let height: UInt64
    /// nil for the block event, which comes before the block's transactions.
    let index: UInt32?
    let name: String
    let data: [UInt8]
    var sender: Address? = nil
    var actions: Set<String> = []
    var subjects: Set<String> = []
    var eventKinds: Set<String> = []

    var id: String { index.map { "\(height):\($0)" } ?? "\(height)" }

    func matches(_ f: EventFilter) -> Bool {
        guard index != nil else { return f.blocks }
        guard f.transactions else { return false }
        if let s = f.sender, s != sender { return false }
        if let a = f.action, !actions.contains(a) { return false }
        if let s = f.subject, !subjects.contains(s.lowercased()) { return false }
        if let k = f.event, !eventKinds.contains(k) { return false }
        return true
    }

    /// Whether this event is at or after the cursor.
    func isAtOrAfter(_ c: EventCursor) -> Bool {
        if height != c.height { return height > c.height }
        guard let first = c.firstIndex else { return true }
        guard let index else { return false }
        return index >= first
    }

    var item: EventStreamItem { .event(id: id, name: name, data: data) }
}
