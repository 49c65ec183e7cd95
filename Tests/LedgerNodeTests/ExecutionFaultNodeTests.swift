import LedgerCore
import LedgerCrypto
@testable import LedgerNode
import LedgerRules
import LedgerStorage
import Testing

/// A store whose reads of one key fail, as a disk error would.
private struct BrokenKeyStore: KeyValueStore {
    struct IOError: Error {}
    let inner: MemoryStore
    let brokenKey: [UInt8]
    func get(_ column: Column, _ key: [UInt8]) throws -> [UInt8]? {
        if column == .state && key == brokenKey { throw IOError() }
        return try inner.get(column, key)
    }
    func write(_ batch: WriteBatch) throws { try inner.write(batch) }
    func scan(_ column: Column, from start: [UInt8], prefix: [UInt8]?, _ body: ([UInt8], [UInt8]) throws -> Bool) throws {
        try inner.scan(column, from: start, prefix: prefix, body)
    }
}

/// The one place these tests sign a non-transfer action (so the genesis-bound signing change touches one line).
private func signedAction(_ from: UInt8, _ action: Action, nonce: UInt64) throws -> Transaction {
    let k = key(from)
    return try Transaction.sign(TransactionBody(chainID: testChainID, sender: k.publicKey, nonce: nonce, gasLimit: 100_000, fee: 10,
                                                expiry: nil, actions: [action]), with: k, genesisHash: testGenesisHash)
}

@Suite("BlockExecutor: error classification")
struct ExecutionFaultNodeTests {
    private func header(_ chain: ChainStore) throws -> BlockExecutor.Header {
        BlockExecutor.Header(chainID: testChainID, height: 1, timeMillis: testGenesisMillis + 1000, previousHash: try chain.tip.hash,
                             proposer: validatorAddress)
    }

    @Test("a stored record that no longer decodes fails one transaction with INTERNAL; the block is produced and replays")
    func corruptRecordDoesNotStopTheBlock() throws {
        let chain = try makeChain()
        var b = WriteBatch()
        b.put(.state, GovernanceKeys.proposal(1), [0xFF, 0x01])
        try chain.kv.write(b)
        let vote = try signedAction(alice, .vote(CastVote(proposal: 1, option: .yes)), nonce: 0)
        let transfer = try signedTransfer(alice, to: addr(bob), amount: 5, nonce: 1)
        let executed = try BlockExecutor.propose(candidates: [vote, transfer], header: try header(chain), store: chain)
        #expect(executed.transactions.map(\.id) == [vote.id, transfer.id])
        #expect(executed.receipts.map(\.code) == ["INTERNAL", ""])
        // The receipt commits only the stable detail; the Swift description of the decode error is
        // kept for the node's log (InternalErrorLog), never committed.
        #expect(executed.receipts[0].message == "internal error: decode")
        #expect(executed.internalDiagnostics.count == 1)
        #expect(executed.internalFailures.count == 2)
        #expect(executed.internalFailures.last?.hasPrefix("cause: ") == true)
        // Every validator gets the same answer.
        let replayed = try BlockExecutor.replay(executed.block, store: chain)
        #expect(replayed.block.header.resultsRoot == executed.block.header.resultsRoot)
    }

    @Test("a storage read failure stops block execution (StateReadFault)")
    func storageFaultStops() throws {
        let inner = MemoryStore()
        let chain = try makeChain(kv: BrokenKeyStore(inner: inner, brokenKey: StateKey.account(addr(carol))))
        let tx = try signedTransfer(carol, nonce: 0, fee: 1)
        #expect(throws: StateReadFault.self) {
            _ = try BlockExecutor.propose(candidates: [tx], header: try header(chain), store: chain)
        }
    }
}
