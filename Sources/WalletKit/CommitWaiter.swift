import LedgerAPI
import LedgerCore

/// Polls for a submitted transaction until it is committed (`desci tx … --wait`).
///
/// Why poll instead of `POST /tx?mode=commit`: the node caps a commit wait at its
/// `[rpc] max_commit_wait_ms` (30 s by default) and holds a slot for it; polling lets the wallet wait
/// as long as the user asks, draw a spinner meanwhile, and survive a dropped connection.
public struct CommitWaiter: Sendable {
    public var interval: Duration
    /// Consecutive NOT_FOUND answers, after a sync admission, that mean the node dropped the
    /// transaction (a block and the mempool's re-check can race one lookup, never four).
    public var droppedAfter: Int

    public init(interval: Duration = .milliseconds(250), droppedAfter: Int = 4) {
        self.interval = interval
        self.droppedAfter = droppedAfter
    }

    /// Waits for `hash` through `GET /tx?hash=`, with a spinner when stderr is a terminal.
    public func wait(for hash: Hash, timeoutSeconds: UInt64, admitted: Bool, client: NodeClient) async throws -> TransactionDTO {
        let spinner = Spinner.onTerminal()
        defer { spinner?.stop() }
        return try await wait(for: hash, timeoutSeconds: timeoutSeconds, admitted: admitted, spinner: spinner) {
            try await client.get("/tx?hash=\(hash.hex)", as: TransactionDTO.self)
        }
    }

    /// The loop itself: `lookup` answers with the committed transaction or throws the node's
    /// `PENDING` / `NOT_FOUND`; any other error ends the wait. `admitted`: the node confirmed mempool
    /// admission (mode sync), so a transaction that is neither pending nor committed was dropped;
    /// after mode async admission may not have happened yet, so NOT_FOUND only means "keep waiting".
    public func wait<T>(for hash: Hash, timeoutSeconds: UInt64, admitted: Bool, spinner: Spinner?,
                        lookup: () async throws -> T) async throws -> T {
        let start = ContinuousClock.now
        let deadline = start + .seconds(Int64(clamping: timeoutSeconds))
        var missing = 0
        while true {
            do {
                return try await lookup()
            } catch let e as WalletError where e.code == "PENDING" || e.code == "NOT_FOUND" {
                missing = e.code == "NOT_FOUND" ? missing + 1 : 0
                if admitted && missing >= droppedAfter {
                    throw WalletError("the node dropped transaction \(hash) from its mempool without committing it", code: "DROPPED",
                                      hint: "another transaction from this key probably took its nonce; "
                                          + "`desci query account NAME` shows the nonce: build and sign it again")
                }
            }
            let now = ContinuousClock.now
            guard now < deadline else {
                throw WalletError("transaction \(hash) was not committed within \(timeoutSeconds) s", code: "TIMEOUT",
                                  hint: "it may still be: look with `desci query tx \(hash.hex)`, or wait longer with --timeout SECONDS")
            }
            spinner?.tick("waiting for a block… \((now - start).components.seconds) s (tx \(hash.hex.prefix(12))…)")
            try await Task.sleep(for: min(interval, deadline - now))
        }
    }
}
