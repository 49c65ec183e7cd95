import Hummingbird
import LedgerCore
import Synchronization

/// Bounds the requests handled at once (`[rpc] max_in_flight`). A request over the limit is
/// answered at once with 503 `BUSY` rather than queued, so a flood costs the node a counter
/// increment per request instead of memory and handler time.
struct InFlightLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let limit: Int
    private let count = Counter()

    init(limit: Int) { self.limit = max(1, limit) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard count.enter(limit: limit) else {
            return JSONResponse.error(code: .busy, message: "the node is handling \(limit) requests already; retry shortly")
        }
        let slot = InFlightSlot(onRelease: { [count] in count.leave() })
        defer { slot.release() }
        return try await InFlightSlot.$current.withValue(slot) { try await next(request, context) }
    }

    /// A shared counter (the middleware value is copied; the count is not).
    final class Counter: Sendable {
        private let value = Mutex(0)

        func enter(limit: Int) -> Bool {
            value.withLock { v in
                guard v < limit else { return false }
                v += 1
                return true
            }
        }

        func leave() { value.withLock { $0 -= 1 } }
    }
}

/// The in-flight slot of the request being handled. A handler that is about to wait a long time
/// without working (`POST /tx?mode=commit` waiting for its block) gives the slot back early with
/// `release()`, so waiters cannot lock other requests out; they are bounded on their own
/// (`[rpc] max_commit_waiters`). Releasing twice is harmless.
public final class InFlightSlot: Sendable {
    @TaskLocal public static var current: InFlightSlot?

    private let onRelease: @Sendable () -> Void
    private let held = Mutex(true)

    /// `onRelease` runs once, at the first `release()`.
    public init(onRelease: @escaping @Sendable () -> Void) { self.onRelease = onRelease }

    public func release() {
        if held.withLock({ h in defer { h = false }; return h }) { onRelease() }
    }
}
