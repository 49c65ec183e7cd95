import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
@testable import LedgerNode
import LedgerRules
import LedgerStorage
import Testing

/// Waits (briefly) until `condition` holds.
private func eventually(_ condition: () -> Bool) async throws -> Bool {
    for _ in 0..<2000 {
        if condition() { return true }
        try await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}

@Suite("NodeCore: submission")
struct NodeCoreSubmitTests {
    @Test("a rejected batch entry does not prevent the others")
    func batch() async throws {
        let node = try makeNode()
        let ok1 = try signedTransfer(alice, nonce: 0), ok2 = try signedTransfer(bob, nonce: 0), ok3 = try signedTransfer(alice, nonce: 1)
        var forged = try signedTransfer(carol, nonce: 0).wire
        forged[forged.count - 1] ^= 1
        let badNonce = try signedTransfer(bob, nonce: 0, fee: 11)  // same nonce as ok2
        let raws: [[UInt8]] = [ok1.wire, [9, 9, 9], ok2.wire, forged, badNonce.wire, ok3.wire,
                               try signedTransfer(alice, nonce: 2, chainID: "elsewhere").wire]
        let results = try await node.submitBatch(raws, mode: .sync, timeoutMillis: 0)
        #expect(results.map(\.accepted) == [true, false, true, false, false, true, false])
        #expect(results.map(\.code) == ["", "MALFORMED_TX", "", "BAD_SIGNATURE", "DUPLICATE_NONCE", "", "WRONG_CHAIN"])
        #expect(results[0].hash == ok1.id)
        #expect(results[1].hash == nil)
        #expect(results[3].hash != nil)
        #expect(results.allSatisfy { $0.accepted || !$0.message.isEmpty })
        #expect(node.mempool.count == 3)
        #expect([ok1, ok2, ok3].allSatisfy { node.mempool.contains($0.id) })
        let mp = try await node.mempool()
        #expect(mp.count == 3)
        #expect(mp.bytes == ok1.wire.count + ok2.wire.count + ok3.wire.count)
    }

    /// Issue 6 §5: a transfer signed on one dev network must not be accepted by a fresh dev network
    /// with the same chain id (a reset testnet, or another lab that picked the same id).
    @Test("a transaction signed for another network with the same chain id is refused: BAD_SIGNATURE")
    func otherNetworkSameChainID() async throws {
        let first = testGenesis()
        var second = testGenesis()
        second.genesisTime = "2026-02-01T00:00:00Z"  // the testnet was reset: same id, same accounts, new genesis
        #expect(first.chainID == second.chainID && first.hash != second.hash)
        let nodeA = try makeNode(first), nodeB = try makeNode(second)
        let tx = try signedTransfer(alice, nonce: 0, genesisHash: first.hash)
        let onB = try await nodeB.submit(tx.wire, mode: .sync, timeoutMillis: 0)
        #expect(!onB.accepted)
        #expect(onB.code == "BAD_SIGNATURE")
        #expect(nodeB.mempool.count == 0)
        let onA = try await nodeA.submit(tx.wire, mode: .sync, timeoutMillis: 0)
        #expect(onA.accepted, "\(onA.code): \(onA.message)")
        // The same body signed for the second network is accepted there.
        let forB = try signedTransfer(alice, nonce: 0, genesisHash: second.hash)
        #expect(try await nodeB.submit(forB.wire, mode: .sync, timeoutMillis: 0).accepted)
    }

    @Test("async mode answers at once and admits in the background")
    func asyncMode() async throws {
        let node = try makeNode()
        let tx = try signedTransfer(alice, nonce: 0)
        let results = try await node.submitBatch([tx.wire, [0]], mode: .async, timeoutMillis: 0)
        #expect(results[0].accepted)
        #expect(results[0].hash == tx.id)
        #expect(!results[1].accepted)
        #expect(results[1].code == "MALFORMED_TX")
        #expect(try await eventually { node.mempool.contains(tx.id) })
    }

    @Test("commit mode returns the height and receipt once a concurrent produceBlock commits it")
    func commitMode() async throws {
        let node = try makeNode()
        let tx = try signedTransfer(alice, to: addr(bob), amount: 500, nonce: 0, fee: 7)
        let other = try signedTransfer(bob, nonce: 0)
        async let waited = node.submitBatch([tx.wire, other.wire, [1]], mode: .commit, timeoutMillis: 30_000)
        #expect(try await eventually { node.mempool.count == 2 })
        let producer = Task.detached { try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: false) }
        let results = try await waited
        let produced = try #require(try await producer.value)
        #expect(produced.height == 1)
        #expect(produced.transactions == 2)
        #expect(results[0].accepted)
        #expect(results[0].hash == tx.id)
        #expect(results[0].height == 1)
        #expect(results[0].receipt?.status == "success")
        #expect(results[0].receipt?.feePaid == 7)
        #expect(results[1].height == 1)
        #expect(!results[2].accepted)
        #expect(results[2].height == nil)
        #expect(try await node.account(address: addr(bob)).balance == bobBalance + 500 - 1 - 10)
    }

    @Test("commit mode refuses an already committed transaction without waiting")
    func commitModeAlreadyCommitted() async throws {
        let node = try makeNode()
        let tx = try signedTransfer(alice, nonce: 0)
        _ = try await node.submit(tx.wire, mode: .sync, timeoutMillis: 0)
        try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: false)
        // Resubmitting a committed transaction is refused at once, and says where it is.
        let r = try await node.submit(tx.wire, mode: .commit, timeoutMillis: 10_000)
        #expect(!r.accepted)
        #expect(r.code == "ALREADY_COMMITTED")
        #expect(r.height == 1)
    }

    @Test("commit mode times out when no block is produced; the transaction stays pooled")
    func commitTimeout() async throws {
        let node = try makeNode()
        let tx = try signedTransfer(alice, nonce: 0)
        let started = ContinuousClock.now
        let r = try await node.submit(tx.wire, mode: .commit, timeoutMillis: 100)
        let elapsed = ContinuousClock.now - started
        #expect(!r.accepted)
        #expect(r.code == "TIMEOUT")
        #expect(r.hash == tx.id)
        #expect(r.height == nil)
        #expect(r.receipt == nil)
        #expect(elapsed >= .milliseconds(100))
        #expect(node.mempool.contains(tx.id))
    }

    @Test("a node without a validator key makes no blocks")
    func noValidator() async throws {
        let node = try makeNode(validator: false)
        _ = try await node.submit(try signedTransfer(alice, nonce: 0).wire, mode: .sync, timeoutMillis: 0)
        #expect(try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: true) == nil)
        let status = try await node.status()
        #expect(status.validatorAddress == nil)
        #expect(status.latestHeight == 0)
    }
}

@Suite("NodeCore: blocks and queries")
struct NodeCoreBlockTests {
    @Test("a failed execution is committed with status failed and the fee paid")
    func failedExecution() async throws {
        let node = try makeNode()
        // carol has 25: the fee (10) is affordable, the transfer (100) is not.
        let tx = try signedTransfer(carol, to: addr(bob), amount: 100, nonce: 0, fee: 10)
        let r = try await node.submit(tx.wire, mode: .sync, timeoutMillis: 0)
        #expect(r.accepted)
        let p = try #require(try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: false))
        #expect(p.transactions == 1)
        #expect(p.rejected == 0)
        let dto = try await node.transaction(id: tx.id)
        #expect(dto.height == 1)
        #expect(dto.index == 0)
        #expect(dto.receipt.status == "failed")
        #expect(dto.receipt.code == "INSUFFICIENT_FUNDS")
        #expect(dto.receipt.feePaid == 10)
        #expect(dto.receipt.gasUsed > 0)
        #expect(dto.receipt.events.isEmpty)
        #expect(try node.chain.account(addr(carol)) == Account(balance: carolBalance - 10, nonce: 1))
        #expect(try node.chain.account(addr(bob)) == Account(balance: bobBalance, nonce: 0))
        #expect(try node.chain.account(validatorAddress).balance == 10)
        #expect(!node.mempool.contains(tx.id))
        try node.verifyStoredState()
    }

    @Test("produceBlock: nothing to do without transactions; empty blocks on request; time strictly increases")
    func produce() async throws {
        let node = try makeNode()
        #expect(try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: false) == nil)
        #expect(try node.chain.tip.height == 0)
        let e1 = try #require(try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: true))
        #expect(e1.height == 1)
        #expect(e1.transactions == 0)
        // A clock going backwards still gives a later block time.
        try node.produceBlock(nowMillis: 5, allowEmpty: true)
        let b2 = try #require(try node.chain.block(height: 2))
        #expect(b2.header.timeMillis == testGenesisMillis + 1001)
        #expect(b2.header.proposer == validatorAddress)
        #expect(b2.header.validatorsHash == testGenesis().validatorsHash)
        // The commit is signed by the validator over the block hash.
        let commit = try #require(try node.chain.commit(height: 2))
        #expect(commit.blockHash == b2.header.hash)
        #expect(commit.signatures.count == 1)
        let msg = commit.signingMessage(chain: testIdentity, validatorIndex: commit.signatures[0].validatorIndex)
        #expect(key(validatorSeedByte).publicKey.isValidSignature(commit.signatures[0].signature, for: msg))
    }

    @Test("produceBlock drops candidates that became invalid and makes no block of them alone")
    func dropsInvalid() async throws {
        let node = try makeNode()
        let tx = try signedTransfer(carol, nonce: 0, fee: 20)
        _ = try await node.submit(tx.wire, mode: .sync, timeoutMillis: 0)
        // carol's balance drops below the fee behind the pool's back.
        try setAccount(node.chain, addr(carol), balance: 5, nonce: 0)
        #expect(try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: false) == nil)
        #expect(!node.mempool.contains(tx.id))
        #expect(try node.chain.tip.height == 0)
    }

    @Test("the next block respects per-sender nonce order and re-checks the pool")
    func multipleBlocks() async throws {
        let node = try makeNode()
        let a = try (0..<3).map { try signedTransfer(alice, to: addr(bob), amount: 1, nonce: $0) }
        _ = try await node.submitBatch([a[2].wire, a[0].wire], mode: .sync, timeoutMillis: 0)
        let p1 = try #require(try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: false))
        #expect(p1.transactions == 1)
        #expect(node.mempool.contains(a[2].id))
        _ = try await node.submit(a[1].wire, mode: .sync, timeoutMillis: 0)
        let p2 = try #require(try node.produceBlock(nowMillis: testGenesisMillis + 2000, allowEmpty: false))
        #expect(p2.transactions == 2)
        #expect(node.mempool.count == 0)
        #expect(try node.chain.block(height: 2)?.transactions == [a[1].wire, a[2].wire])
        let acct = try await node.account(address: addr(alice))
        #expect(acct.nonce == 3)
        #expect(acct.pendingNonce == 3)
    }

    @Test("block, blocks, transaction, account and status queries")
    func queries() async throws {
        let node = try makeNode()
        let t1 = try signedTransfer(alice, to: addr(bob), amount: 5, nonce: 0)
        _ = try await node.submit(t1.wire, mode: .sync, timeoutMillis: 0)
        let p1 = try #require(try node.produceBlock(nowMillis: testGenesisMillis + 1500, allowEmpty: false))
        let pending = try signedTransfer(alice, nonce: 1)
        _ = try await node.submit(pending.wire, mode: .sync, timeoutMillis: 0)

        let latest = try await node.block(height: nil)
        #expect(latest.hash == p1.hash)
        #expect(latest.header.height == 1)
        #expect(latest.header.time == "2026-01-01T00:00:01.500Z")
        #expect(latest.transactions == [t1.id])
        #expect(latest.commit?.blockHash == p1.hash)
        #expect(try await node.block(height: 1).hash == p1.hash)
        await #expect(throws: APIError.self) { try await node.block(height: 0) }
        let beyond = await #expect(throws: APIError.self) { try await node.block(height: 2) }
        #expect(beyond?.code == .notFound)

        try node.produceBlock(nowMillis: testGenesisMillis + 2000, allowEmpty: false)
        #expect(try await node.blocks(from: 1, to: 2).map(\.header.height) == [1, 2])
        #expect(try await node.blocks(from: 0, to: 10).map(\.header.height) == [1, 2])
        #expect(try await node.blocks(from: 3, to: 10).isEmpty)
        #expect(try await node.blocks(from: 2, to: 2).map(\.header.height) == [2])

        let dto = try await node.transaction(id: t1.id)
        #expect(dto.hash == t1.id)
        #expect(dto.sender == addr(alice))
        #expect(dto.raw == Hex.encode(t1.wire))
        #expect(dto.signature == t1.signature)
        #expect(dto.receipt.status == "success")
        let missing = await #expect(throws: APIError.self) { try await node.transaction(id: Hash.zero) }
        #expect(missing?.code == "NOT_FOUND")

        let acct = try await node.account(address: addr(alice))
        #expect(acct.balance == aliceBalance - 5 - 10 - 1 - 10)  // t1 (5 + fee) and the pending transfer (1 + fee)
        #expect(acct.nonce == 2)
        #expect(acct.pendingNonce == 2)
        let nobody = try await node.account(address: plainAddress(0x55))
        #expect(nobody.balance == 0 && nobody.nonce == 0 && nobody.pendingNonce == 0)

        let status = try await node.status()
        #expect(status.chainID == testChainID)
        #expect(status.latestHeight == 2)
        #expect(status.genesisHash == testGenesis().hash)
        #expect(status.validatorAddress == validatorAddress)
        #expect(status.mempoolSize == 0)
        #expect(try GenesisDocument.parse(Data(try await node.genesisJSON())) == testGenesis())
    }

    @Test("a pending transaction is reported as PENDING")
    func pendingQuery() async throws {
        let node = try makeNode()
        let tx = try signedTransfer(alice, nonce: 0)
        _ = try await node.submit(tx.wire, mode: .sync, timeoutMillis: 0)
        let e = await #expect(throws: APIError.self) { try await node.transaction(id: tx.id) }
        #expect(e?.code == "PENDING")
        #expect(try await node.account(address: addr(alice)).pendingNonce == 1)
    }

    @Test("blocks on a chain without blocks, and degenerate ranges, are empty rather than a crash")
    func blocksEdges() async throws {
        let node = try makeNode()
        #expect(try await node.blocks(from: 0, to: 0).isEmpty)
        #expect(try await node.blocks(from: 0, to: 100).isEmpty)
        try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: true)
        #expect(try await node.blocks(from: 0, to: 0).isEmpty)
        #expect(try await node.blocks(from: 1, to: 0).isEmpty)
    }

    @Test("verifyStoredState passes on a committed chain and fails when stored state (full check) or the tree root is altered")
    func verifyStoredState() async throws {
        let node = try makeNode()
        try node.verifyStoredState(fullRecompute: true)
        _ = try await node.submit(try signedTransfer(alice, to: addr(bob), amount: 3, nonce: 0).wire, mode: .sync, timeoutMillis: 0)
        try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: false)
        try node.verifyStoredState(fullRecompute: true)
        try setAccount(node.chain, addr(bob), balance: bobBalance + 4, nonce: 0)
        // The startup check reads only the tree root, so it does not see a state entry changed behind the tree's back.
        try node.verifyStoredState()
        #expect(throws: ChainStoreError.self) { try node.verifyStoredState(fullRecompute: true) }
        var b = WriteBatch()
        b.delete(.state, StateKey.account(addr(bob)))
        try node.chain.kv.write(b)
        #expect(throws: ChainStoreError.self) { try node.verifyStoredState(fullRecompute: true) }
        // A tree root that disagrees with the tip's block is caught by the cheap check.
        var t = WriteBatch()
        t.put(.stateTree, [0x03] + withUnsafeBytes(of: UInt64(1).bigEndian, Array.init), [0])
        try node.chain.kv.write(t)
        #expect(throws: ChainStoreError.self) { try node.verifyStoredState() }
    }
}

@Suite("CommitWaiters")
struct CommitWaitersTests {
    private func receipt(_ id: Hash) -> Receipt { Receipt(transactionID: id, status: .success, gasUsed: 1, feePaid: 2) }

    @Test("times out with nil when nothing is committed")
    func timeout() async {
        let w = CommitWaiters()
        let started = ContinuousClock.now
        let r = await w.wait(for: Hash.zero, timeoutMillis: 50) { nil }
        #expect(r == nil)
        #expect(ContinuousClock.now - started >= .milliseconds(50))
    }

    @Test("returns at once when the lookup already finds the transaction")
    func lookup() async {
        let w = CommitWaiters()
        let id = SHA256.hash([1])
        let rec = receipt(id)
        let r = await w.wait(for: id, timeoutMillis: 60_000) { CommitOutcome(height: 4, receipt: rec) }
        #expect(r?.height == 4)
        #expect(r?.receipt == rec)
    }

    @Test("notify wakes every waiter of a committed transaction, and only those")
    func notify() async throws {
        let w = CommitWaiters()
        let id = SHA256.hash([1]), other = SHA256.hash([2])
        async let a = w.wait(for: id, timeoutMillis: 30_000) { nil }
        async let b = w.wait(for: id, timeoutMillis: 30_000) { nil }
        async let c = w.wait(for: other, timeoutMillis: 300) { nil }
        try await Task.sleep(for: .milliseconds(100))
        w.notify(height: 9, transactions: [SHA256.hash([3]), id], receipts: [receipt(SHA256.hash([3])), receipt(id)])
        let (ra, rb, rc) = await (a, b, c)
        #expect(ra?.height == 9)
        #expect(rb?.height == 9)
        #expect(ra?.receipt.transactionID == id)
        #expect(rc == nil)
    }

    @Test("a huge timeout does not crash")
    func hugeTimeout() async {
        let w = CommitWaiters()
        let id = SHA256.hash([7])
        let rec = receipt(id)
        let r = await w.wait(for: id, timeoutMillis: .max) { CommitOutcome(height: 1, receipt: rec) }
        #expect(r?.height == 1)
        // Give the timeout task a chance to run.
        try? await Task.sleep(for: .milliseconds(50))
    }
}
