import LedgerCore
import LedgerCrypto
import LedgerNode

/// (a) Raw libsodium Ed25519 verification on one core: `PublicKey.isValidSignature` in a tight
/// loop over pre-built (key, signature, signing message) triples taken from the workload.
/// Also measured, for reference: `Mempool.verifySignatures` (all cores) over the same transactions
/// in batches, which shows how much of the (a) × cores ceiling the parallel path reaches.
enum VerifyBench {
    struct Result: Sendable {
        var messages: Int
        var seconds: Double
        var parallelSeconds: Double
        var perSecond: Double { Double(messages) / seconds }
        var parallelPerSecond: Double { Double(messages) / parallelSeconds }
    }

    static func run(transactions: [Transaction], genesisHash: Hash, messages: Int, batch: Int) async -> Result {
        precondition(!transactions.isEmpty)
        let txs = (0..<messages).map { transactions[$0 % transactions.count] }
        let samples = txs.map { (key: $0.body.sender, signature: $0.signature, message: $0.signingMessage(genesisHash: genesisHash)) }
        // Warm up caches and libsodium's one-time initialisation.
        for s in samples.prefix(500) { _ = s.key.isValidSignature(s.signature, for: s.message) }
        Progress.say("(a) verifying \(messages) Ed25519 signatures on one core…")
        let (valid, seconds) = Clock.time {
            var valid = 0
            for s in samples where s.key.isValidSignature(s.signature, for: s.message) { valid += 1 }
            return valid
        }
        precondition(valid == messages, "only \(valid) of \(messages) signatures verified")

        let started = Clock.now()
        var parallelValid = 0
        for start in stride(from: 0, to: txs.count, by: batch) {
            parallelValid += await Mempool.verifySignatures(Array(txs[start..<min(start + batch, txs.count)]), genesisHash: genesisHash).count(where: { $0 })
        }
        let parallelSeconds = Clock.seconds(since: started)
        precondition(parallelValid == messages, "only \(parallelValid) of \(messages) signatures verified in parallel")
        return Result(messages: messages, seconds: seconds, parallelSeconds: parallelSeconds)
    }
}
