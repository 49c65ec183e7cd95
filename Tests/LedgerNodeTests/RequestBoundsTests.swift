import Foundation
import LedgerAPI
import LedgerCore
@testable import LedgerNode
import LedgerRPC
import LedgerRules
import LedgerStorage
import Synchronization
import Testing

/// Work the node does for a request beyond answering it is bounded: commit waiters, async
/// admissions and simulations (issue 6, request costs).
@Suite("NodeCore: request bounds")
struct RequestBoundsTests {
    func node(_ tweak: (inout RPCConfig) -> Void) throws -> NodeCore {
        var rpc = RPCConfig()
        tweak(&rpc)
        let genesis = testGenesis()
        return try NodeCore(genesis: genesis, genesisData: Array(try JSONEncoder().encode(genesis)), chain: try ChainStore(kv: MemoryStore()),
                            mempoolConfig: MempoolConfig(), validator: ValidatorSigner(key(validatorSeedByte)), logger: testLogger, rpc: rpc)
    }

    /// Waits (by yielding, not by time) until `condition` holds; gives up after many rounds.
    func eventually(_ condition: () -> Bool) async {
        for _ in 0..<100_000 where !condition() { await Task.yield() }
    }

    @Test("commit waiters are bounded by max_commit_waiters: one more is BUSY and admits nothing")
    func commitWaitersBounded() async throws {
        let node = try node { $0.maxCommitWaiters = 2 }
        let waiting = try [signedTransfer(alice, nonce: 0), signedTransfer(bob, nonce: 0)]
        try await withThrowingTaskGroup(of: SubmitResultDTO.self) { group in
            for tx in waiting { group.addTask { try await node.submit(tx.wire, mode: .commit, timeoutMillis: 600_000) } }
            await eventually { node.commitWaiterSlots.inUse == 2 && node.mempool.count == 2 }
            #expect(node.commitWaiterSlots.inUse == 2)
            let third = try signedTransfer(carol, nonce: 0)
            let busy = await #expect(throws: APIError.self) { try await node.submit(third.wire, mode: .commit, timeoutMillis: 600_000) }
            #expect(busy?.code == .busy)
            #expect(!node.mempool.contains(third.id), "refused before admission")
            // A sync submission is not a waiter and still goes in.
            #expect(try await node.submit(third.wire, mode: .sync, timeoutMillis: 0).accepted)
            _ = try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: false)
            for try await r in group { #expect(r.accepted && r.height == 1) }
        }
        #expect(node.commitWaiterSlots.inUse == 0, "slots are given back")
    }

    @Test("a commit waiter gives its in-flight slot back while it waits")
    func waiterReleasesInFlightSlot() async throws {
        let node = try node { _ in }
        let released = Mutex(false)
        let slot = InFlightSlot(onRelease: { released.withLock { $0 = true } })
        let tx = try signedTransfer(alice, nonce: 0)
        async let result = InFlightSlot.$current.withValue(slot) { try await node.submit(tx.wire, mode: .commit, timeoutMillis: 600_000) }
        await eventually { node.commitWaiterSlots.inUse == 1 && released.withLock { $0 } }
        #expect(released.withLock { $0 }, "released before the block")
        #expect(try node.chain.tip.height == 0)
        _ = try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: false)
        #expect(try await result.height == 1)
    }

    @Test("async admissions are bounded by max_async_pending: a batch over it is BUSY and admits nothing")
    func asyncBounded() async throws {
        let node = try node { $0.maxAsyncPending = 2 }
        let batch = try [signedTransfer(alice, nonce: 0), signedTransfer(alice, nonce: 1), signedTransfer(bob, nonce: 0)]
        let busy = await #expect(throws: APIError.self) { try await node.submitBatch(batch.map(\.wire), mode: .async, timeoutMillis: 0) }
        #expect(busy?.code == .busy)
        #expect(node.asyncPending.inUse == 0)
        let fits = try await node.submitBatch(batch.prefix(2).map(\.wire), mode: .async, timeoutMillis: 0)
        #expect(fits.allSatisfy { $0.accepted })
        await eventually { node.asyncPending.inUse == 0 }
        #expect(node.asyncPending.inUse == 0, "given back once admitted")
        #expect(node.mempool.count == 2)
    }

    @Test("simulate executes at most max_simulate_gas, whatever the transaction's own limit")
    func simulateCapped() async throws {
        let tx = try signedTransfer(alice, nonce: 0, fee: 100, gasLimit: 1_000_000)
        let full = try await node { _ in }.simulate(tx.wire)
        #expect(full.receipt?.status == "success")
        let cap = full.gasUsed - 1
        let capped = try await node { $0.maxSimulateGas = cap }.simulate(tx.wire)
        #expect(capped.includable)
        #expect(capped.receipt?.status == "failed" && capped.receipt?.code == "OUT_OF_GAS")
        #expect(capped.gasUsed <= cap)
        #expect(capped.message.contains("max_simulate_gas"))
    }
}
