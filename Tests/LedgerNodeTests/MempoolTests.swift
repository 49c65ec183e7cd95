import Foundation
import LedgerCore
import LedgerCrypto
@testable import LedgerNode
import LedgerRules
import LedgerStorage
import Testing

private func makePool(_ genesis: GenesisDocument = testGenesis(), config: MempoolConfig = MempoolConfig()) throws -> (Mempool, ChainStore) {
    let chain = try makeChain(genesis)
    return (Mempool(config: config, chain: chain, identity: genesis.identity), chain)
}

/// Decodes and admits; returns the error code or nil.
@discardableResult
private func submit(_ pool: Mempool, _ raw: [UInt8], nextHeight: UInt64 = 1) -> String? {
    do throws(SubmitError) {
        let tx = try pool.decode(raw)
        try pool.admit(tx, nextHeight: nextHeight)
        return nil
    } catch {
        return error.code.rawValue
    }
}

/// Expects `raw` to be refused with `code` and the pool to be unchanged.
private func expectRefused(_ pool: Mempool, _ raw: [UInt8], _ code: String, nextHeight: UInt64 = 1,
                           sourceLocation: SourceLocation = #_sourceLocation) {
    let count = pool.count, bytes = pool.totalBytes
    #expect(submit(pool, raw, nextHeight: nextHeight) == code, sourceLocation: sourceLocation)
    #expect(pool.count == count, "a refused transaction must not change the pool", sourceLocation: sourceLocation)
    #expect(pool.totalBytes == bytes, "a refused transaction must not change the pool", sourceLocation: sourceLocation)
}

private func admitAll(_ pool: Mempool, _ txs: [Transaction], nextHeight: UInt64 = 1, sourceLocation: SourceLocation = #_sourceLocation) {
    for tx in txs { #expect(submit(pool, tx.wire, nextHeight: nextHeight) == nil, sourceLocation: sourceLocation) }
}

/// A transaction body's bytes with an action tag the node does not know, signed.
private func unknownActionWire() -> [UInt8] {
    let k = key(alice)
    var w = CanonicalWriter()
    w.u8(TransactionBody.currentVersion)
    w.string(testChainID)
    w.fixed(k.publicKey)
    w.u64(0); w.u64(100_000); w.u64(10)
    w.u8(0) // no expiry
    w.u32(1)
    w.u16(0x7FFF)
    w.raw([UInt8](repeating: 0, count: 28))
    let body = w.bytes
    let sig = k.sign(SigningDomain.transaction.message(chain: testIdentity, payload: body))
    return body + sig.bytes
}

@Suite("Mempool: admission")
struct MempoolAdmissionTests {
    @Test("a valid transaction is admitted and counted")
    func admits() throws {
        let (pool, _) = try makePool()
        let tx = try signedTransfer(alice, nonce: 0)
        #expect(submit(pool, tx.wire) == nil)
        #expect(pool.count == 1)
        #expect(pool.totalBytes == tx.wire.count)
        #expect(pool.contains(tx.id))
    }

    @Test("TX_TOO_LARGE: over the configured transaction size")
    func tooLarge() throws {
        var config = MempoolConfig()
        let tx = try signedTransfer(alice, nonce: 0)
        config.maxTransactionBytes = tx.wire.count - 1
        let (pool, _) = try makePool(config: config)
        expectRefused(pool, tx.wire, "TX_TOO_LARGE")
        // Above the protocol limit too, whatever the config says.
        var big = MempoolConfig()
        big.maxTransactionBytes = Int.max
        let (pool2, _) = try makePool(config: big)
        expectRefused(pool2, [UInt8](repeating: 1, count: ProtocolLimits.maxTransactionBytes + 1), "TX_TOO_LARGE")
    }

    @Test("MALFORMED_TX: garbage, truncation, trailing bytes, empty input")
    func malformed() throws {
        let (pool, _) = try makePool()
        let tx = try signedTransfer(alice, nonce: 0)
        admitAll(pool, [try signedTransfer(bob, nonce: 0)])
        for raw in [[], [1, 2, 3], Array(tx.wire.dropLast()), tx.wire + [0], [UInt8](repeating: 0xFF, count: 200)] {
            expectRefused(pool, raw, "MALFORMED_TX")
        }
    }

    @Test("UNKNOWN_ACTION: an action tag the node does not know")
    func unknownAction() throws {
        let (pool, _) = try makePool()
        expectRefused(pool, unknownActionWire(), "UNKNOWN_ACTION")
    }

    @Test("WRONG_CHAIN: signed for another chain")
    func wrongChain() throws {
        let (pool, _) = try makePool()
        expectRefused(pool, try signedTransfer(alice, nonce: 0, chainID: "desci-other").wire, "WRONG_CHAIN")
        expectRefused(pool, try signedTransfer(alice, nonce: 0, chainID: testChainID + "x").wire, "WRONG_CHAIN")
    }

    @Test("BAD_NONCE: below the account's nonce")
    func badNonce() throws {
        let (pool, chain) = try makePool()
        try setAccount(chain, addr(alice), balance: aliceBalance, nonce: 3)
        expectRefused(pool, try signedTransfer(alice, nonce: 2).wire, "BAD_NONCE")
        expectRefused(pool, try signedTransfer(alice, nonce: 0).wire, "BAD_NONCE")
        #expect(submit(pool, try signedTransfer(alice, nonce: 3).wire) == nil)
    }

    @Test("NONCE_TOO_FAR: more than max_nonce_gap ahead")
    func nonceTooFar() throws {
        var config = MempoolConfig()
        config.maxNonceGap = 2
        let (pool, chain) = try makePool(config: config)
        try setAccount(chain, addr(alice), balance: aliceBalance, nonce: 10)
        expectRefused(pool, try signedTransfer(alice, nonce: 13).wire, "NONCE_TOO_FAR")
        #expect(submit(pool, try signedTransfer(alice, nonce: 12).wire) == nil)
    }

    @Test("DUPLICATE_TX and DUPLICATE_NONCE")
    func duplicates() throws {
        let (pool, _) = try makePool()
        let tx = try signedTransfer(alice, nonce: 0)
        admitAll(pool, [tx])
        expectRefused(pool, tx.wire, "DUPLICATE_TX")
        expectRefused(pool, try signedTransfer(alice, nonce: 0, fee: 11).wire, "DUPLICATE_NONCE")
        #expect(submit(pool, try signedTransfer(bob, nonce: 0).wire) == nil, "another sender may use the same nonce")
    }

    @Test("INSUFFICIENT_FEE: below min_fee")
    func insufficientFee() throws {
        let (pool, _) = try makePool(testGenesis(minFee: 5))
        expectRefused(pool, try signedTransfer(alice, nonce: 0, fee: 4).wire, "INSUFFICIENT_FEE")
        #expect(submit(pool, try signedTransfer(alice, nonce: 0, fee: 5).wire) == nil)
    }

    @Test("INSUFFICIENT_FUNDS counts the fees already pending for the sender")
    func insufficientFunds() throws {
        let (pool, _) = try makePool()
        // carol has 25: two fees of 10 fit, a third does not.
        expectRefused(pool, try signedTransfer(carol, nonce: 0, fee: 26).wire, "INSUFFICIENT_FUNDS")
        admitAll(pool, [try signedTransfer(carol, nonce: 0, fee: 10), try signedTransfer(carol, nonce: 1, fee: 10)])
        expectRefused(pool, try signedTransfer(carol, nonce: 2, fee: 10).wire, "INSUFFICIENT_FUNDS")
        #expect(submit(pool, try signedTransfer(carol, nonce: 2, fee: 5).wire) == nil, "exactly the balance is affordable")
        // An unknown account has nothing.
        let (pool2, _) = try makePool()
        expectRefused(pool2, try signedTransfer(77, nonce: 0).wire, "INSUFFICIENT_FUNDS")
    }

    @Test("INSUFFICIENT_FUNDS when pending fees would overflow")
    func feeOverflow() throws {
        let (pool, _) = try makePool(testGenesis(accounts: [(addr(alice), UInt64.max)]))
        admitAll(pool, [try signedTransfer(alice, nonce: 0, fee: UInt64.max)])
        expectRefused(pool, try signedTransfer(alice, nonce: 1, fee: 1).wire, "INSUFFICIENT_FUNDS")
    }

    @Test("GAS_LIMIT_TOO_HIGH: above the block gas limit")
    func gasTooHigh() throws {
        let (pool, _) = try makePool(testGenesis(maxBlockGas: 500_000))
        expectRefused(pool, try signedTransfer(alice, nonce: 0, gasLimit: 500_001).wire, "GAS_LIMIT_TOO_HIGH")
        #expect(submit(pool, try signedTransfer(alice, nonce: 0, gasLimit: 500_000).wire) == nil)
    }

    @Test("TX_EXPIRED: expiry below the next height")
    func expired() throws {
        let (pool, _) = try makePool()
        expectRefused(pool, try signedTransfer(alice, nonce: 0, expiry: 4).wire, "TX_EXPIRED", nextHeight: 5)
        #expect(submit(pool, try signedTransfer(alice, nonce: 0, expiry: 5).wire, nextHeight: 5) == nil, "the expiry height itself is allowed")
    }

    @Test("MEMPOOL_FULL by count")
    func fullByCount() throws {
        var config = MempoolConfig()
        config.maxTransactions = 2
        let (pool, _) = try makePool(config: config)
        admitAll(pool, [try signedTransfer(alice, nonce: 0), try signedTransfer(bob, nonce: 0)])
        expectRefused(pool, try signedTransfer(alice, nonce: 1).wire, "MEMPOOL_FULL")
    }

    @Test("MEMPOOL_FULL by bytes")
    func fullByBytes() throws {
        let tx0 = try signedTransfer(alice, nonce: 0)
        var config = MempoolConfig()
        config.maxTotalBytes = tx0.wire.count * 2 - 1
        let (pool, _) = try makePool(config: config)
        admitAll(pool, [tx0])
        expectRefused(pool, try signedTransfer(bob, nonce: 0).wire, "MEMPOOL_FULL")
        var exact = MempoolConfig()
        exact.maxTotalBytes = tx0.wire.count * 2
        let (pool2, _) = try makePool(config: exact)
        admitAll(pool2, [tx0, try signedTransfer(bob, nonce: 0)])
        #expect(pool2.totalBytes == exact.maxTotalBytes)
    }

    @Test("verifySignatures flags forged signatures, in small and large batches")
    func signatures() async throws {
        var txs = try (0..<100).map { try signedTransfer(alice, nonce: UInt64($0)) }
        var forged = txs[37].wire
        forged[forged.count - 5] ^= 0x10
        txs[37] = try Transaction.decode(forged)
        let results = await Mempool.verifySignatures(txs, genesisHash: testGenesisHash)
        #expect(results.count == 100)
        #expect(results.enumerated().allSatisfy { $0.offset == 37 ? !$0.element : $0.element })
        #expect(await Mempool.verifySignatures(Array(txs[30..<40]), genesisHash: testGenesisHash) == (30..<40).map { $0 != 37 })
    }
}

@Suite("Mempool: reap")
struct MempoolReapTests {
    @Test("per sender in nonce order, whatever the arrival order")
    func nonceOrder() throws {
        let (pool, _) = try makePool()
        let txs = try (0..<4).map { try signedTransfer(alice, nonce: $0) }
        admitAll(pool, [txs[2], txs[0], txs[3], txs[1]])
        #expect(pool.reap(maxBytes: .max, maxGas: .max).map(\.id) == txs.map(\.id))
    }

    @Test("a gap stops the sender; a sender without its next nonce gives nothing")
    func gaps() throws {
        let (pool, chain) = try makePool()
        let a = try [0, 1, 3, 4].map { try signedTransfer(alice, nonce: $0) }
        let b = try signedTransfer(bob, nonce: 1)
        admitAll(pool, a + [b])
        #expect(pool.reap(maxBytes: .max, maxGas: .max).map(\.id) == [a[0].id, a[1].id])
        // Once the account's nonce moves on, the queue starts there.
        try setAccount(chain, addr(alice), balance: aliceBalance, nonce: 3)
        #expect(pool.reap(maxBytes: .max, maxGas: .max).map(\.id) == [a[2].id, a[3].id])
    }

    @Test("at equal prices per gas, first come first served (each sender still in nonce order)")
    func senderOrder() throws {
        let (pool, _) = try makePool()
        let b0 = try signedTransfer(bob, nonce: 0), a0 = try signedTransfer(alice, nonce: 0)
        let c0 = try signedTransfer(carol, nonce: 0), b1 = try signedTransfer(bob, nonce: 1), a1 = try signedTransfer(alice, nonce: 1)
        admitAll(pool, [b0, a0, c0, b1, a1])
        #expect(pool.reap(maxBytes: .max, maxGas: .max).map(\.id) == [b0.id, a0.id, c0.id, b1.id, a1.id])
    }

    @Test("within the gas budget")
    func gasBudget() throws {
        let (pool, _) = try makePool()
        let txs = try (0..<5).map { try signedTransfer(alice, nonce: $0, gasLimit: 100_000) }
        admitAll(pool, txs)
        #expect(pool.reap(maxBytes: .max, maxGas: 300_000).map(\.id) == txs[0..<3].map(\.id))
        #expect(pool.reap(maxBytes: .max, maxGas: 299_999).count == 2)
        #expect(pool.reap(maxBytes: .max, maxGas: 99_999).isEmpty)
    }

    @Test("within the byte budget")
    func byteBudget() throws {
        let (pool, _) = try makePool()
        let txs = try (0..<5).map { try signedTransfer(alice, nonce: $0) }
        admitAll(pool, txs)
        let size = UInt64(txs[0].wire.count)
        #expect(pool.reap(maxBytes: size * 2, maxGas: .max).map(\.id) == [txs[0].id, txs[1].id])
        #expect(pool.reap(maxBytes: size * 2 - 1, maxGas: .max).count == 1)
        #expect(pool.count == 5, "reaping does not remove")
    }

    @Test("reap does not overflow with gas limits near u64.max")
    func hugeGas() throws {
        let (pool, _) = try makePool(testGenesis(maxBlockGas: .max))
        let a = try signedTransfer(alice, nonce: 0, gasLimit: UInt64.max / 2 + 1)
        let b = try signedTransfer(bob, nonce: 0, gasLimit: UInt64.max / 2 + 1)
        admitAll(pool, [a, b])
        #expect(pool.reap(maxBytes: .max, maxGas: .max).map(\.id) == [a.id])
    }
}

@Suite("Mempool: update and pending nonce")
struct MempoolUpdateTests {
    @Test("update removes committed and rejected transactions")
    func committed() throws {
        let (pool, _) = try makePool()
        let a0 = try signedTransfer(alice, nonce: 0), b0 = try signedTransfer(bob, nonce: 0), b1 = try signedTransfer(bob, nonce: 1)
        admitAll(pool, [a0, b0, b1])
        pool.update(committed: [a0.id], rejected: [b1.id], nextHeight: 2)
        #expect(!pool.contains(a0.id))
        #expect(!pool.contains(b1.id))
        #expect(pool.contains(b0.id))
        #expect(pool.count == 1)
        #expect(pool.totalBytes == b0.wire.count)
        // Unknown ids are ignored.
        pool.update(committed: [Hash.zero], rejected: [], nextHeight: 2)
        #expect(pool.count == 1)
    }

    @Test("update evicts nonces the account has passed")
    func staleNonce() throws {
        let (pool, chain) = try makePool()
        let txs = try (0..<4).map { try signedTransfer(alice, nonce: $0) }
        admitAll(pool, txs)
        try setAccount(chain, addr(alice), balance: aliceBalance, nonce: 2)
        pool.update(committed: [], rejected: [], nextHeight: 2)
        #expect(txs.map { pool.contains($0.id) } == [false, false, true, true])
        #expect(pool.totalBytes == txs[2].wire.count + txs[3].wire.count)
    }

    @Test("update evicts expired transactions")
    func expiredEviction() throws {
        let (pool, _) = try makePool()
        let keep = try signedTransfer(alice, nonce: 0, expiry: 6), drop = try signedTransfer(bob, nonce: 0, expiry: 5)
        let forever = try signedTransfer(carol, nonce: 0)
        admitAll(pool, [keep, drop, forever])
        pool.update(committed: [], rejected: [], nextHeight: 6)
        #expect(pool.contains(keep.id))
        #expect(!pool.contains(drop.id))
        #expect(pool.contains(forever.id))
    }

    @Test("update evicts what the sender can no longer pay for, in nonce order")
    func unaffordable() throws {
        let (pool, chain) = try makePool()
        let txs = try (0..<4).map { try signedTransfer(alice, nonce: $0, fee: 10) }
        admitAll(pool, txs)
        try setAccount(chain, addr(alice), balance: 25, nonce: 0)
        pool.update(committed: [], rejected: [], nextHeight: 1)
        #expect(txs.map { pool.contains($0.id) } == [true, true, false, false])
    }

    @Test("pendingNonce counts contiguous pending nonces from the committed one")
    func pendingNonce() throws {
        let (pool, _) = try makePool()
        #expect(pool.pendingNonce(addr(alice), committed: 0) == 0)
        admitAll(pool, try [0, 1, 3].map { try signedTransfer(alice, nonce: $0) })
        #expect(pool.pendingNonce(addr(alice), committed: 0) == 2)
        #expect(pool.pendingNonce(addr(alice), committed: 3) == 4)
        #expect(pool.pendingNonce(addr(alice), committed: 2) == 2)
        #expect(pool.pendingNonce(addr(bob), committed: 5) == 5)
    }
}
