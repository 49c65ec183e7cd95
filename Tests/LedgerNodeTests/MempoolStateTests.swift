import LedgerCore
import LedgerCrypto
@testable import LedgerNode
import LedgerRules
import Testing

/// MempoolState on its own: accounts and parameters are handed in, no storage, no clock.
private let params = AppParams(minFee: 1, maxBlockGas: 10_000_000, maxBlockBytes: 1 << 20, minGasPrice: 1)
private let rich = Account(balance: 1 << 40, nonce: 0)

private func state(_ tweak: (inout MempoolConfig) -> Void = { _ in }) -> MempoolState {
    var c = MempoolConfig()
    tweak(&c)
    return MempoolState(config: c)
}

/// A transfer paying `pricePerThousand` per 1,000 gas of `gas`.
private func priced(_ from: UInt8, nonce: UInt64 = 0, gas: UInt64 = 100_000, pricePerThousand: UInt64) throws -> Transaction {
    try signedTransfer(from, nonce: nonce, fee: gas * pricePerThousand / 1000, gasLimit: gas)
}

@discardableResult
private func admit(_ s: inout MempoolState, _ tx: Transaction, account: Account = rich, height: UInt64 = 1) throws(SubmitError) -> [Hash] {
    try s.admit(tx, sender: tx.senderAddress, account: account, params: params, chainID: testChainID, nextHeight: height).replaced
}

private func refusal(_ s: inout MempoolState, _ tx: Transaction, account: Account = rich) -> String? {
    do throws(SubmitError) { try admit(&s, tx, account: account); return nil } catch { return error.code.rawValue }
}

private func nonces(_ senders: UInt8...) -> [Address: UInt64] {
    Dictionary(uniqueKeysWithValues: senders.map { (addr($0), 0) })
}

@Suite("MempoolState")
struct MempoolStateTests {
    @Test("admission applies the block's fee rule: below gas_limit × price / 1000 is refused")
    func gasPriceAtAdmission() throws {
        var s = state()
        #expect(refusal(&s, try signedTransfer(alice, nonce: 0, fee: 99, gasLimit: 100_000)) == "INSUFFICIENT_FEE")
        #expect(s.count == 0)
        #expect(refusal(&s, try signedTransfer(alice, nonce: 0, fee: 100, gasLimit: 100_000)) == nil)
    }

    @Test("reap serves senders by fee per gas, each in nonce order")
    func ordersByPrice() throws {
        var s = state()
        let cheap = try priced(alice, pricePerThousand: 1)
        let dear0 = try priced(bob, nonce: 0, pricePerThousand: 5), dear1 = try priced(bob, nonce: 1, pricePerThousand: 5)
        let middle = try priced(carol, pricePerThousand: 3)
        for tx in [cheap, dear1, middle, dear0] { try admit(&s, tx) }
        let ids = s.reap(nonces: nonces(alice, bob, carol), maxBytes: 1 << 20, maxGas: 10_000_000).map(\.id)
        #expect(ids == [dear0.id, dear1.id, middle.id, cheap.id])
    }

    @Test("reap skips what does not fit and goes on with the others")
    func skipsWhatDoesNotFit() throws {
        var s = state()
        let big = try priced(alice, gas: 9_000_000, pricePerThousand: 9)
        let first = try priced(bob, gas: 2_000_000, pricePerThousand: 10)
        let small = try priced(carol, gas: 100_000, pricePerThousand: 1)
        for tx in [big, first, small] { try admit(&s, tx) }
        let ids = s.reap(nonces: nonces(alice, bob, carol), maxBytes: 1 << 20, maxGas: 10_000_000).map(\.id)
        #expect(ids == [first.id, small.id], "the 9M-gas transaction does not fit after 2M; the small one still does")
    }

    @Test("per-sender limits on count and bytes: SENDER_LIMIT")
    func perSenderLimits() throws {
        var s = state { $0.maxTransactionsPerSender = 2 }
        try admit(&s, try priced(alice, nonce: 0, pricePerThousand: 1))
        try admit(&s, try priced(alice, nonce: 1, pricePerThousand: 1))
        #expect(refusal(&s, try priced(alice, nonce: 2, pricePerThousand: 1)) == "SENDER_LIMIT")
        #expect(refusal(&s, try priced(bob, nonce: 0, pricePerThousand: 1)) == nil, "other senders are not affected")
        let one = try priced(alice, pricePerThousand: 1)
        var b = state { $0.maxBytesPerSender = one.wire.count * 2 - 1 }
        try admit(&b, one)
        #expect(refusal(&b, try priced(alice, nonce: 1, pricePerThousand: 1)) == "SENDER_LIMIT")
        #expect(b.count == 1)
    }

    @Test("a full pool: a higher price per gas replaces the cheapest tail; a lower one is told the price to beat")
    func replacement() throws {
        var s = state { $0.maxTransactions = 3 }
        let a0 = try priced(alice, nonce: 0, pricePerThousand: 2), a1 = try priced(alice, nonce: 1, pricePerThousand: 1)
        let b0 = try priced(bob, nonce: 0, pricePerThousand: 3)
        for tx in [a0, a1, b0] { try admit(&s, tx) }
        let equal = try priced(carol, pricePerThousand: 1)
        do throws(SubmitError) {
            try admit(&s, equal)
            Issue.record("an equal price must not replace")
        } catch {
            #expect(error.code == "MEMPOOL_FULL")
            #expect(error.message.contains("pays 1 per 1000 gas"), "\(error.message)")
        }
        #expect(s.count == 3)
        let carolTx = try priced(carol, pricePerThousand: 4)
        let replaced = try admit(&s, carolTx)
        #expect(replaced == [a1.id], "alice's last nonce is the cheapest and keeps her nonces contiguous")
        #expect(s.byID[carolTx.id] != nil && s.byID[a0.id] != nil && s.count == 3)
    }

    @Test("after a block: stale, expired and too old transactions are evicted, future nonces included")
    func eviction() throws {
        var s = state { $0.maxAgeBlocks = 5 }
        let a0 = try priced(alice, nonce: 0, pricePerThousand: 1)
        let a5 = try priced(alice, nonce: 5, pricePerThousand: 1) // a future nonce: never reapable yet
        let b0 = try signedTransfer(bob, nonce: 0, fee: 100, gasLimit: 100_000, expiry: 3)
        for tx in [a0, a5, b0] { try admit(&s, tx, height: 1) }
        let accounts = [addr(alice): Account(balance: 1 << 40, nonce: 1), addr(bob): rich]
        let evicted2 = s.afterBlock(committed: [], rejected: [], accounts: accounts, nextHeight: 2)
        #expect(evicted2 == [a0.id], "a0's nonce is used")
        let evicted4 = s.afterBlock(committed: [], rejected: [], accounts: accounts, nextHeight: 4)
        #expect(evicted4 == [b0.id], "b0 expired at 3")
        let evicted6 = s.afterBlock(committed: [], rejected: [], accounts: accounts, nextHeight: 6)
        #expect(evicted6.isEmpty, "5 blocks waited: still allowed")
        let evicted7 = s.afterBlock(committed: [], rejected: [], accounts: accounts, nextHeight: 7)
        #expect(evicted7 == [a5.id], "6 blocks waited: evicted")
        #expect(s.count == 0 && s.bytes == 0 && s.bytesBySender.isEmpty)
    }
}
