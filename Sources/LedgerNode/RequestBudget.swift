import Synchronization

/// A bound on work the node holds for callers beyond the request that asked for it: requests
/// waiting for their block (`[rpc] max_commit_waiters`) and `mode=async` transactions whose
/// admission has not run yet (`[rpc] max_async_pending`). Taking more than is left fails at once,
/// so the caller answers 503 `BUSY` instead of queueing without limit.
final class RequestBudget: Sendable {
    let limit: Int
    private let used = Mutex(0)

    init(limit: Int) { self.limit = max(1, limit) }

    /// Takes `n` units if they fit under the limit.
    func take(_ n: Int) -> Bool {
        used.withLock { u in
            guard n <= limit - u else { return false }
            u += n
            return true
        }
    }

    func give(_ n: Int) { used.withLock { $0 -= n } }

    var inUse: Int { used.withLock { $0 } }
}
