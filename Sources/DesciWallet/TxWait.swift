import ArgumentParser
import Foundation
import LedgerAPI
import LedgerCore
import WalletKit

/// `--wait` and `--timeout`, taken by every command that submits a transaction.
struct WaitOptions: ParsableArguments {
    @Flag(help: "Wait until the transaction is in a block (spinner on a terminal), then print its receipt: status, height, gas and events.")
    var wait = false
    @Option(help: "With --wait: give up after this many seconds (the transaction may still be committed later).")
    var timeout: UInt64 = 60

    func validate() throws {
        guard (1...86_400).contains(timeout) else { throw ValidationError("--timeout must be between 1 and 86400 seconds") }
    }
}

/// Polls `GET /tx?hash=` until the transaction is committed.
///
/// Why poll instead of `POST /tx?mode=commit`: the node caps a commit wait at its
/// `[rpc] max_commit_wait_ms` (30 s by default) and holds a slot for it; polling lets the wallet wait
/// as long as the user asks, draw a spinner meanwhile, and survive a dropped connection.
struct CommitWaiter {
    let client: NodeClient
    var interval: Duration = .milliseconds(250)
    /// Consecutive NOT_FOUND answers, after a sync admission, that mean the node dropped the
    /// transaction (a block and the mempool's re-check can race one lookup, never four).
    var droppedAfter = 4

    /// Waits for `hash`. `admitted`: the node confirmed mempool admission (mode sync), so a
    /// transaction that is neither pending nor committed was dropped; with mode async admission may
    /// not have happened yet, so NOT_FOUND only means "keep waiting".
    func wait(for hash: Hash, timeout: UInt64, admitted: Bool) async throws -> TransactionDTO {
        let spinner = Spinner.onTerminal()
        defer { spinner?.stop() }
        let start = ContinuousClock.now
        let deadline = start + .seconds(Int64(timeout))
        var missing = 0
        while true {
            do {
                return try await client.get("/tx?hash=\(hash.hex)", as: TransactionDTO.self)
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
                throw WalletError("transaction \(hash) was not committed within \(timeout) s", code: "TIMEOUT",
                                  hint: "it may still be: look with `desci query tx \(hash.hex)`, or wait longer with --timeout SECONDS")
            }
            spinner?.tick("waiting for a block… \((now - start).components.seconds) s (tx \(hash.hex.prefix(12))…)")
            try await Task.sleep(for: min(interval, deadline - now))
        }
    }
}
