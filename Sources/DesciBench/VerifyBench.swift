import LedgerCore
import LedgerCrypto

/// (a) Raw libsodium Ed25519 verification on one core: `PublicKey.isValidSignature` in a tight
/// loop over pre-built (key, signature, signing message) triples taken from the workload.
enum VerifyBench {
    struct Result: Sendable {
        var messages: Int
        var seconds: Double
        var perSecond: Double { Double(messages) / seconds }
    }

    static func run(transactions: [Transaction], messages: Int) -> Result {
        precondition(!transactions.isEmpty)
        let samples = (0..<messages).map { i in
            let tx = transactions[i % transactions.count]
            return (key: tx.body.sender, signature: tx.signature, message: tx.signingMessage)
        }
        // Warm up caches and libsodium's one-time initialisation.
        for s in samples.prefix(500) { _ = s.key.isValidSignature(s.signature, for: s.message) }
        Progress.say("(a) verifying \(messages) Ed25519 signatures on one core…")
        let (valid, seconds) = Clock.time {
            var valid = 0
            for s in samples where s.key.isValidSignature(s.signature, for: s.message) { valid += 1 }
            return valid
        }
        precondition(valid == messages, "only \(valid) of \(messages) signatures verified")
        return Result(messages: messages, seconds: seconds)
    }
}
