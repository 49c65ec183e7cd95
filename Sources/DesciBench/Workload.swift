import Foundation
import LedgerCore
import LedgerCrypto
import Synchronization

/// Signed transfers for the whole run, in round-major order: entry `r * senders + i` is sender i's
/// transaction with nonce r (1 unit to sender i+1, fee 1, gas 20,000). Any prefix of the list is
/// therefore admissible in order, and each block-sized slice leaves nonces contiguous per sender.
enum Workload {
    static func signTransfers(genesis: BenchGenesis, rounds: Int) async throws -> [Transaction] {
        let senders = genesis.senderAddresses.count
        let total = senders * rounds
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunk = (senders + cores - 1) / cores
        let done = Counter()
        let step = max(1, total / 10)
        let started = Clock.now()
        Progress.say("signing \(total) transfers from \(senders) senders (\(rounds) nonces each) on \(cores) cores…")

        // Signing keys are not Sendable: each task derives the keys of its own senders.
        let perSender: [[Transaction]] = try await withThrowingTaskGroup(of: (Int, [[Transaction]]).self) { group in
            for first in stride(from: 0, to: senders, by: chunk) {
                let range = first..<min(first + chunk, senders)
                group.addTask {
                    var out: [[Transaction]] = []
                    out.reserveCapacity(range.count)
                    for i in range {
                        let key = try SigningKey(seed: BenchGenesis.senderSeed(i))
                        let to = genesis.senderAddresses[(i + 1) % senders]
                        var txs: [Transaction] = []
                        txs.reserveCapacity(rounds)
                        for nonce in 0..<rounds {
                            let body = TransactionBody(chainID: BenchGenesis.chainID, sender: key.publicKey, nonce: UInt64(nonce),
                                                       gasLimit: 20_000, fee: 1, actions: [.transfer(TransferAction(to: to, amount: 1))])
                            txs.append(try Transaction.sign(body, with: key, genesisHash: genesis.hash))
                        }
                        out.append(txs)
                        let before = done.value.add(rounds, ordering: .relaxed).oldValue
                        if (before + rounds) / step > before / step {
                            Progress.say("  signed \(before + rounds) / \(total)")
                        }
                    }
                    return (range.lowerBound, out)
                }
            }
            var all = [[Transaction]](repeating: [], count: senders)
            for try await (first, lists) in group {
                for (k, list) in lists.enumerated() { all[first + k] = list }
            }
            return all
        }

        var flat: [Transaction] = []
        flat.reserveCapacity(total)
        for r in 0..<rounds {
            for i in 0..<senders { flat.append(perSender[i][r]) }
        }
        Progress.say(String(format: "signed %d transfers in %.1f s", total, Clock.seconds(since: started)))
        return flat
    }
}

/// A shared progress counter (an `Atomic` cannot be captured by escaping closures directly).
final class Counter: Sendable {
    let value = Atomic<Int>(0)
}
