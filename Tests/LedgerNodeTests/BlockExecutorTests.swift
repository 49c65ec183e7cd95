import LedgerCore
import LedgerCrypto
@testable import LedgerNode
import LedgerRules
import LedgerStorage
import Testing

private func header(_ chain: ChainStore, height: UInt64 = 1, time: UInt64 = testGenesisMillis + 1000) throws -> BlockExecutor.Header {
    BlockExecutor.Header(chainID: testChainID, height: height, timeMillis: time, previousHash: try chain.tip.hash,
                         proposer: validatorAddress)
}

@Suite("BlockExecutor")
struct BlockExecutorTests {
    @Test("propose includes valid transactions in order and reports the others as rejected")
    func propose() throws {
        let chain = try makeChain()
        let good1 = try signedTransfer(alice, to: addr(bob), amount: 10, nonce: 0)
        let badNonce = try signedTransfer(bob, nonce: 5)
        let good2 = try signedTransfer(alice, to: addr(bob), amount: 20, nonce: 1)
        let poor = try signedTransfer(carol, nonce: 0, fee: carolBalance + 1)
        let executed = try BlockExecutor.propose(candidates: [good1, badNonce, good2, poor], header: try header(chain), store: chain)
        #expect(executed.transactions.map(\.id) == [good1.id, good2.id])
        #expect(executed.block.transactions == [good1.wire, good2.wire])
        #expect(executed.block.header.transactionCount == 2)
        #expect(executed.receipts.map(\.status) == [.success, .success])
        #expect(executed.rejected.map(\.id) == [badNonce.id, poor.id])
        #expect(executed.rejected.map(\.error.code) == ["BAD_NONCE", "INSUFFICIENT_FUNDS"])
        #expect(executed.block.header.transactionsRoot == MerkleTree.root(leaves: [good1.id.bytes, good2.id.bytes]))
        // The header's state root is the stored state merged with the changes.
        var state = try dump(chain.kv, .state)
        for c in executed.stateChanges { state[c.key] = c.value }
        #expect(executed.block.header.stateRoot == referenceStateRoot(state))
        // Nothing is written by proposing.
        #expect(try chain.account(addr(alice)).nonce == 0)
    }

    @Test("propose skips transactions over the block gas budget but does not reject them")
    func gasBudget() throws {
        let chain = try makeChain(testGenesis(maxBlockGas: 250_000))
        let txs = try (0..<3).map { try signedTransfer(alice, nonce: $0, gasLimit: 100_000) }
        let small = try signedTransfer(bob, nonce: 0, gasLimit: 40_000)
        let executed = try BlockExecutor.propose(candidates: txs + [small], header: try header(chain), store: chain)
        #expect(executed.transactions.map(\.id) == [txs[0].id, txs[1].id, small.id])
        #expect(executed.rejected.isEmpty)
    }

    @Test("propose skips transactions over the block byte budget")
    func byteBudget() throws {
        let chain = try makeChain(testGenesis(maxBlockBytes: 1024))
        let txs = try (0..<10).map { try signedTransfer(alice, nonce: $0) }
        let executed = try BlockExecutor.propose(candidates: txs, header: try header(chain), store: chain)
        let fit = 1024 / txs[0].wire.count
        #expect(executed.transactions.count == fit)
        #expect(executed.block.transactions.reduce(0) { $0 + $1.count } <= 1024)
    }

    @Test("replay of a proposed block reproduces it exactly")
    func replay() throws {
        let chain = try makeChain()
        let txs = [try signedTransfer(alice, to: addr(bob), amount: 10, nonce: 0), try signedTransfer(bob, to: addr(carol), amount: 3, nonce: 0),
                   try signedTransfer(carol, to: addr(alice), amount: 1_000, nonce: 0)]
        let proposed = try BlockExecutor.propose(candidates: txs, header: try header(chain), store: chain)
        #expect(proposed.receipts.map(\.status) == [.success, .success, .failed])
        let replayed = try BlockExecutor.replay(proposed.block, store: chain)
        #expect(replayed.block == proposed.block)
        #expect(replayed.receipts == proposed.receipts)
        #expect(replayed.stateChanges.map(\.key) == proposed.stateChanges.map(\.key))
        #expect(replayed.stateChanges.map(\.value) == proposed.stateChanges.map(\.value))
    }

    @Test("replay refuses a block whose roots do not match execution")
    func replayMismatch() throws {
        let chain = try makeChain()
        let proposed = try BlockExecutor.propose(candidates: [try signedTransfer(alice, nonce: 0)], header: try header(chain), store: chain)
        for field in ["state root", "results root", "transactions root"] {
            var block = proposed.block
            switch field {
            case "state root": block.header.stateRoot = Hash.zero
            case "results root": block.header.resultsRoot = Hash.zero
            default: block.header.transactionsRoot = Hash.zero
            }
            let e = #expect(throws: BlockValidationError.self) { try BlockExecutor.replay(block, store: chain) }
            guard case let .mismatch(f, _, _) = e else { Issue.record("expected a mismatch of \(field), got \(String(describing: e))"); continue }
            #expect(f == field)
        }
    }

    @Test("replay refuses invalid transactions: bad signature, bad nonce, undecodable bytes")
    func replayInvalid() throws {
        let chain = try makeChain()
        let tx = try signedTransfer(alice, nonce: 0)
        var forged = tx.wire
        forged[forged.count - 1] ^= 1
        let cases: [[UInt8]] = [forged, try signedTransfer(alice, nonce: 3).wire, [1, 2, 3]]
        for wire in cases {
            var block = try BlockExecutor.propose(candidates: [tx], header: try header(chain), store: chain).block
            block.transactions = [wire]
            let e = #expect(throws: BlockValidationError.self) { try BlockExecutor.replay(block, store: chain) }
            guard case let .invalidTransaction(index, _) = e else { Issue.record("expected invalidTransaction, got \(String(describing: e))"); continue }
            #expect(index == 0)
        }
    }

    @Test("replay refuses a block over the gas limit, even when a gas limit is near u64.max")
    func replayOverLimit() throws {
        let chain = try makeChain()
        let first = try signedTransfer(alice, nonce: 0)
        let huge = try signedTransfer(alice, nonce: 1, gasLimit: UInt64.max)
        var block = try BlockExecutor.propose(candidates: [first], header: try header(chain), store: chain).block
        block.transactions = [first.wire, huge.wire]
        block.header.transactionCount = 2
        let e = #expect(throws: BlockValidationError.self) { try BlockExecutor.replay(block, store: chain) }
        guard case .overLimit = e else { Issue.record("expected overLimit, got \(String(describing: e))"); return }
    }

    @Test("propose does not overflow with gas limits near u64.max when the block gas is unbounded")
    func proposeHugeGas() throws {
        let chain = try makeChain(testGenesis(maxBlockGas: UInt64.max))
        let a = try signedTransfer(alice, nonce: 0, gasLimit: UInt64.max / 2 + 1)
        let b = try signedTransfer(bob, nonce: 0, gasLimit: UInt64.max / 2 + 1)
        let executed = try BlockExecutor.propose(candidates: [a, b], header: try header(chain), store: chain)
        #expect(executed.transactions.map(\.id) == [a.id])
    }

    @Test("an empty block has empty roots for transactions and results and the unchanged state root")
    func emptyBlock() throws {
        let chain = try makeChain()
        let executed = try BlockExecutor.propose(candidates: [], header: try header(chain), store: chain)
        #expect(executed.block.header.transactionsRoot == MerkleTree.emptyRoot)
        #expect(executed.block.header.resultsRoot == MerkleTree.emptyRoot)
        #expect(executed.block.header.stateRoot == (try chain.tip.stateRoot))
        #expect(executed.stateChanges.isEmpty)
    }
}
