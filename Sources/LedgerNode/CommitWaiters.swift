import LedgerCore
import Synchronization

/// Where and how a transaction was committed.
public struct CommitOutcome: Sendable {
    public var height: UInt64
    public var receipt: Receipt
}

/// Lets `POST /tx?mode=commit` callers wait for their transaction's block.
final class CommitWaiters: Sendable {
    private struct State {
        var next: UInt64 = 0
        var waiting: [Hash: [UInt64: CheckedContinuation<CommitOutcome?, Never>]] = [:]
    }

    private let state = Mutex(State())
    /// Told of every commit after the waiters (the event hub). It lives here because every
    /// committer — the single-validator producer and the BFT engine — already calls `notify`.
    private let onCommit: @Sendable (UInt64) -> Void

    init(onCommit: @escaping @Sendable (UInt64) -> Void = { _ in }) {
        self.onCommit = onCommit
    }

    /// Waits until `id` is committed or `timeoutMillis` pass (nil). `lookup` checks the store after
    /// registering, so a commit that lands between admission and waiting is not missed.
    func wait(for id: Hash, timeoutMillis: UInt64, lookup: @escaping @Sendable () -> CommitOutcome?) async -> CommitOutcome? {
        let token = state.withLock { s -> UInt64 in
            s.next += 1
            return s.next
        }
        return await withCheckedContinuation { (cont: CheckedContinuation<CommitOutcome?, Never>) in
            state.withLock { $0.waiting[id, default: [:]][token] = cont }
            if let found = lookup() { resume(id, token, with: found) }
            Task {
                try? await Task.sleep(for: .milliseconds(Int64(min(timeoutMillis, 3_600_000))))
                self.resume(id, token, with: nil)
            }
        }
    }

    private func resume(_ id: Hash, _ token: UInt64, with outcome: CommitOutcome?) {
        let cont = state.withLock { s -> CheckedContinuation<CommitOutcome?, Never>? in
            let c = s.waiting[id]?.removeValue(forKey: token)
            if s.waiting[id]?.isEmpty == true { s.waiting[id] = nil }
            return c
        }
        cont?.resume(returning: outcome)
    }

    /// Wakes everyone waiting for a transaction of this block.
    func notify(height: UInt64, transactions: [Hash], receipts: [Receipt]) {
        let woken = state.withLock { s -> [(CheckedContinuation<CommitOutcome?, Never>, CommitOutcome)] in
            guard !s.waiting.isEmpty else { return [] }
            var out: [(CheckedContinuation<CommitOutcome?, Never>, CommitOutcome)] = []
            for (i, id) in transactions.enumerated() {
                guard let conts = s.waiting.removeValue(forKey: id) else { continue }
                for c in conts.values { out.append((c, CommitOutcome(height: height, receipt: receipts[i]))) }
            }
            return out
        }
        for (c, o) in woken { c.resume(returning: o) }
        onCommit(height)
    }
}
