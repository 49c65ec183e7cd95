import LedgerAPI
import LedgerCore
import Synchronization

/// One `GET /events` subscription: first the replay (read from the store one block at a time as
/// the client consumes it, so a resume costs at most one block of memory), then live events from a
/// queue of at most `capacity` items. When the queue is full the subscriber is dropped: the queue
/// is freed at once and the stream ends with `.dropped`.
final class EventSubscriber: EventStream, Sendable {
    let id: UInt64
    private let hub: EventHub
    private let filter: EventFilter
    private let capacity: Int

    private struct State {
        /// The next replayed height and where in it to start; nil when the replay is over.
        var replay: EventCursor?
        var replayEnd: UInt64 = 0
        /// Live events start after this height (earlier ones are replayed, or were not asked for).
        /// Until `start` knows the replay's end, every published event is kept, then trimmed.
        var liveAfter: UInt64 = 0
        var started = false
        var resume: EventCursor?
        /// The replayed block being sent, reversed (taken with popLast); kept apart from the live queue.
        var replayed: [EventStreamItem] = []
        var buffer: [HubEvent] = []
        var bufferHead = 0
        var queued: Int { buffer.count - bufferHead }
        var dropped = false
        var finished = false
        var heartbeatDue = false
        var waiter: CheckedContinuation<Void, Never>?
        var heartbeat: Task<Void, Never>?

        mutating func pop() -> EventStreamItem? {
            guard bufferHead < buffer.count else { return nil }
            let item = buffer[bufferHead].item
            bufferHead += 1
            if bufferHead == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                bufferHead = 0
            } else if bufferHead > 64, bufferHead * 2 > buffer.count {
                buffer.removeFirst(bufferHead)
                bufferHead = 0
            }
            return item
        }
    }
    private let state = Mutex(State())

    init(id: UInt64, hub: EventHub, filter: EventFilter, capacity: Int) {
        self.id = id
        self.hub = hub
        self.filter = filter
        self.capacity = capacity
    }

    /// Items in the live queue now (tests check the bound).
    var queuedCount: Int { state.withLock { $0.queued } }

    func start(cursor: EventCursor?, replayEnd: UInt64, heartbeatMillis: UInt64) {
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int64(heartbeatMillis)))
                guard let self, !Task.isCancelled else { return }
                self.wake { $0.heartbeatDue = true }
            }
        }
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.resume = cursor
            s.replayEnd = replayEnd
            s.liveAfter = replayEnd
            s.started = true
            // Events published between the registration and now: keep only those past the replay.
            s.buffer = s.buffer[s.bufferHead...].filter { $0.height > replayEnd && (cursor.map($0.isAtOrAfter) ?? true) }
            s.bufferHead = 0
            if let c = cursor, c.height <= replayEnd { s.replay = c }
            s.heartbeat = task
            return s.waiter.take()
        }
        waiter?.resume()
    }

    /// Queues the events this subscriber wants. False when it is (now) dropped or closed.
    func offer(_ events: [HubEvent]) -> Bool {
        let (alive, waiter) = state.withLock { s -> (Bool, CheckedContinuation<Void, Never>?) in
            guard !s.dropped, !s.finished else { return (false, nil) }
            for e in events where e.height > s.liveAfter && e.matches(filter) && (s.resume.map(e.isAtOrAfter) ?? true) {
                guard s.queued < capacity else {
                    s.dropped = true
                    s.buffer = []
                    s.bufferHead = 0
                    s.heartbeat?.cancel()
                    return (false, s.waiter.take())
                }
                s.buffer.append(e)
            }
            return (true, s.waiter.take())
        }
        waiter?.resume()
        return alive
    }

    func next() async -> EventStreamItem? {
        while true {
            if let cursor = state.withLock({ $0.finished || !$0.replayed.isEmpty ? nil : $0.replay }) {
                replay(cursor)
                continue
            }
            enum Step { case item(EventStreamItem), end, wait, again }
            let step = state.withLock { s -> Step in
                if s.finished { return .end }
                if let item = s.replayed.popLast() { return .item(item) }
                if s.replay != nil { return .again }
                if let item = s.pop() { return .item(item) }
                if s.dropped {
                    s.finished = true
                    return .item(.dropped(reason: "this subscriber fell more than \(capacity) events behind"))
                }
                if s.heartbeatDue {
                    s.heartbeatDue = false
                    return .item(.heartbeat)
                }
                return .wait
            }
            switch step {
            case let .item(item): return item
            case .again: continue
            case .end:
                close()
                return nil
            case .wait:
                await withTaskCancellationHandler {
                    await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                        let ready = state.withLock { s -> Bool in
                            if s.finished || s.queued > 0 || s.dropped || s.heartbeatDue || s.replay != nil { return true }
                            s.waiter = c
                            return false
                        }
                        if ready { c.resume() }
                    }
                } onCancel: { close() }
            }
        }
    }

    /// Loads one replayed block into the buffer (the replay buffer is not counted against the
    /// live bound: it is one block, read only when the client has taken everything before it).
    private func replay(_ cursor: EventCursor) {
        let events = (try? hub.events(height: cursor.height)) ?? []
        state.withLock { s in
            s.replayed = events.filter { $0.matches(filter) && $0.isAtOrAfter(cursor) }.map(\.item).reversed()
            s.replay = cursor.height < s.replayEnd ? EventCursor(height: cursor.height + 1) : nil
        }
    }

    func close() {
        let (waiter, task) = state.withLock { s -> (CheckedContinuation<Void, Never>?, Task<Void, Never>?) in
            s.finished = true
            s.replayed = []
            s.buffer = []
            s.bufferHead = 0
            return (s.waiter.take(), s.heartbeat.take())
        }
        task?.cancel()
        waiter?.resume()
        hub.remove(id)
    }

    private func wake(_ change: (inout State) -> Void) {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            change(&s)
            return s.waiter.take()
        }
        waiter?.resume()
    }
}
