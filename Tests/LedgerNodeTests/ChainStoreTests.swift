import Foundation
import LedgerCore
import LedgerCrypto
@testable import LedgerNode
import LedgerRules
import LedgerStorage
import LedgerStorageRocksDB
import Testing

@Suite("ChainStore")
struct ChainStoreTests {
    @Test("an empty store is not initialised")
    func empty() throws {
        let chain = try ChainStore(kv: MemoryStore())
        #expect(!chain.isInitialised)
        #expect(chain.chainID == nil)
        #expect(throws: ChainStoreError.notInitialised) { try chain.tip }
    }

    @Test("initialise writes genesis state and a height-0 tip")
    func initialise() throws {
        let g = testGenesis()
        let chain = try makeChain(g)
        #expect(chain.isInitialised)
        #expect(chain.chainID == testChainID)
        let tip = try chain.tip
        #expect(tip.height == 0)
        #expect(tip.hash == g.hash)
        #expect(tip.timeMillis == testGenesisMillis)
        var expected: [[UInt8]: [UInt8]] = [:]
        for c in g.initialState().sortedChanges() { expected[c.key] = c.value }
        #expect(try dump(chain.kv, .state) == expected)
        #expect(tip.stateRoot == referenceStateRoot(expected))
        #expect(try chain.account(addr(alice)) == Account(balance: aliceBalance, nonce: 0))
        #expect(try chain.account(plainAddress(9)) == Account(), "an unknown account is empty")
        #expect(try chain.params() == g.appParamsForState)
        #expect(try chain.block(height: 1) == nil)
        #expect(try chain.block(height: 0) == nil, "height 0 has no block")
    }

    @Test("initialising twice with the same genesis is idempotent")
    func idempotent() throws {
        let kv = MemoryStore()
        let chain = try makeChain(kv: kv)
        let tip = try chain.tip
        let snapshot = try Column.allCases.map { try dump(kv, $0) }
        try chain.initialise(genesis: testGenesis())
        #expect(try chain.tip == tip)
        // A fresh instance over the same store, as after a restart.
        let again = try ChainStore(kv: kv)
        #expect(again.isInitialised)
        #expect(try again.tip == tip)
        try again.initialise(genesis: testGenesis())
        #expect(try again.tip == tip)
        #expect(try Column.allCases.map { try dump(kv, $0) } == snapshot)
    }

    @Test("a store of another chain id refuses the genesis with wrongChain")
    func wrongChain() throws {
        let kv = MemoryStore()
        _ = try makeChain(testGenesis(chainID: "chain-a"), kv: kv)
        let snapshot = try dump(kv, .meta)
        let chain = try ChainStore(kv: kv)
        #expect(throws: ChainStoreError.wrongChain(stored: "chain-a", requested: "chain-b")) {
            try chain.initialise(genesis: testGenesis(chainID: "chain-b"))
        }
        #expect(try dump(kv, .meta) == snapshot)
        #expect(chain.chainID == "chain-a")
    }

    @Test("same chain id with other content refuses the genesis with wrongGenesis")
    func wrongGenesis() throws {
        let kv = MemoryStore()
        let a = testGenesis()
        _ = try makeChain(a, kv: kv)
        let b = testGenesis(minFee: 2)
        let chain = try ChainStore(kv: kv)
        #expect(throws: ChainStoreError.wrongGenesis(stored: a.hash, requested: b.hash)) { try chain.initialise(genesis: b) }
        var c = testGenesis()
        c.accounts[0].balance += 1
        #expect(throws: ChainStoreError.wrongGenesis(stored: a.hash, requested: c.hash)) { try chain.initialise(genesis: c) }
        #expect(try chain.params().minFee == 1)
        #expect(try chain.account(addr(alice)).balance == aliceBalance)
    }

    @Test("the tip, blocks, commits, locations and receipts follow commits")
    func commits() async throws {
        let node = try makeNode()
        let chain = node.chain
        let t1 = try signedTransfer(alice, to: addr(bob), amount: 100, nonce: 0)
        let t2 = try signedTransfer(bob, to: addr(carol), amount: 50, nonce: 0)
        _ = try await node.submitBatch([t1.wire, t2.wire], mode: .sync, timeoutMillis: 0)
        let p1 = try #require(try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: false))
        let t3 = try signedTransfer(alice, to: addr(bob), amount: 1, nonce: 1)
        _ = try await node.submit(t3.wire, mode: .sync, timeoutMillis: 0)
        let p2 = try #require(try node.produceBlock(nowMillis: testGenesisMillis + 2000, allowEmpty: false))

        let tip = try chain.tip
        #expect(tip.height == 2)
        #expect(tip.hash == p2.hash)
        #expect(tip.timeMillis == testGenesisMillis + 2000)
        let b1 = try #require(try chain.block(height: 1)), b2 = try #require(try chain.block(height: 2))
        #expect(b1.header.hash == p1.hash)
        #expect(b2.header.previousHash == p1.hash)
        #expect(b1.header.previousHash == testGenesis().hash)
        #expect(b1.transactions == [t1.wire, t2.wire])
        #expect(tip.stateRoot == b2.header.stateRoot)
        #expect(try chain.height(ofBlock: p1.hash) == 1)
        #expect(try chain.height(ofBlock: p2.hash) == 2)
        #expect(try chain.height(ofBlock: Hash.zero) == nil)
        #expect(try chain.commit(height: 2)?.blockHash == p2.hash)
        #expect(try chain.location(ofTransaction: t2.id) == TransactionLocation(height: 1, index: 1))
        #expect(try chain.location(ofTransaction: t3.id) == TransactionLocation(height: 2, index: 0))
        #expect(try chain.receipt(height: 1, index: 1)?.transactionID == t2.id)
        #expect(try chain.receipt(height: 1, index: 2) == nil)
        #expect(try chain.account(addr(alice)) == Account(balance: aliceBalance - 101 - 20, nonce: 2))
        // The sender index points at the transactions.
        let bySender = try chain.kv.entries(.indexes, prefix: StorageKeys.bySenderPrefix(addr(alice)))
        #expect(bySender.map(\.value) == [t1.id.bytes, t3.id.bytes])
        // The stored state hashes to the tip's state root.
        #expect(referenceStateRoot(try dump(chain.kv, .state)) == tip.stateRoot)
        try node.verifyStoredState()
    }

    @Test("data survives closing and reopening RocksDB")
    func reopen() async throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.sub("chain")
        let tipBefore: ChainTip
        let tx = try signedTransfer(alice, to: addr(bob), amount: 7, nonce: 0)
        do {
            let store = try RocksDBStore(path: path)
            defer { store.close() }
            let node = try makeNode(kv: store)
            _ = try await node.submit(tx.wire, mode: .sync, timeoutMillis: 0)
            try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: false)
            try node.produceBlock(nowMillis: testGenesisMillis + 2000, allowEmpty: true)
            tipBefore = try node.chain.tip
        }
        let store = try RocksDBStore(path: path)
        defer { store.close() }
        let chain = try ChainStore(kv: store)
        #expect(chain.isInitialised)
        #expect(try chain.tip == tipBefore)
        #expect(tipBefore.height == 2)
        #expect(try chain.block(height: 1)?.transactions == [tx.wire])
        #expect(try chain.location(ofTransaction: tx.id) == TransactionLocation(height: 1, index: 0))
        #expect(try chain.account(addr(bob)).balance == bobBalance + 7)
        #expect(try chain.account(addr(alice)).nonce == 1)
        try chain.initialise(genesis: testGenesis())
        #expect(try chain.tip == tipBefore)
        #expect(throws: ChainStoreError.self) { try chain.initialise(genesis: testGenesis(minFee: 5)) }
        #expect(throws: ChainStoreError.self) { try chain.initialise(genesis: testGenesis(chainID: "other")) }
        // A node reopened on it continues the chain.
        let node = try makeNode(kv: store)
        try node.verifyStoredState()
        let p = try #require(try node.produceBlock(nowMillis: testGenesisMillis + 3000, allowEmpty: true))
        #expect(p.height == 3)
        #expect(try chain.block(height: 3)?.header.previousHash == tipBefore.hash)
    }
}
