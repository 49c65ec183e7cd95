import LedgerAPI
import LedgerCore
import LedgerCrypto
@testable import LedgerNode
import LedgerRules
import Testing

/// Block space priced by gas, through NodeCore: a flood of max-gas transactions at the minimum
/// price cannot hold back a normally priced transfer; paying more per gas does win the space.
@Suite("NodeCore: block space is priced by gas")
struct BlockSpacePricingTests {
    static let maxGas: UInt64 = 10_000_000
    /// 1 base unit per 1,000 gas.
    static func genesis() -> GenesisDocument {
        testGenesis(maxBlockGas: maxGas, accounts: [(addr(alice), 1_000_000), (addr(bob), 1_000_000_000)], minGasPrice: 1)
    }

    /// Bob floods max-gas transfers at `attackerPrice` per 1,000 gas; then Alice sends one normal
    /// transfer (100,000 gas at 2 per 1,000). Returns the ids in block 1 and Alice's transaction.
    func flood(attackerPrice: UInt64) async throws -> (block1: [Hash], normal: Transaction, node: NodeCore) {
        let node = try makeNode(Self.genesis())
        let flood = try (0..<20).map { n in
            try signedTransfer(bob, nonce: UInt64(n), fee: Self.maxGas * attackerPrice / 1000, gasLimit: Self.maxGas, genesisHash: Self.genesis().hash)
        }
        let normal = try signedTransfer(alice, nonce: 0, fee: 200, gasLimit: 100_000, genesisHash: Self.genesis().hash)
        let results = try await node.submitBatch(flood.map(\.wire) + [normal.wire], mode: .sync, timeoutMillis: 0)
        let codes = results.map { $0.code }
        #expect(codes.allSatisfy { $0.isEmpty }, "\(codes)")
        let produced = try #require(try node.produceBlock(nowMillis: testGenesisMillis + 1000, allowEmpty: false))
        let block = try #require(try node.chain.block(height: produced.height))
        return (block.transactions.map { SHA256.hash($0) }, normal, node)
    }

    @Test("a flood at the minimum price does not delay a transfer paying the normal price")
    func floodLoses() async throws {
        let (ids, normal, node) = try await flood(attackerPrice: 1)
        #expect(ids.first == normal.id, "the normal transfer is in the next block")
        #expect(ids.count == 1, "a max-gas transaction no longer fits beside it, and is skipped rather than stopping the block")
        #expect(node.mempool.count == 20)
    }

    @Test("an attacker paying more per gas for all the space does win it")
    func payingMoreWins() async throws {
        let (ids, normal, node) = try await flood(attackerPrice: 3)
        #expect(!ids.contains(normal.id))
        #expect(ids.count == 1, "one max-gas transaction fills the block")
        #expect(node.mempool.contains(normal.id))
    }

    @Test("admission refuses a fee below gas_limit × min_gas_price / 1000")
    func underpricedRefused() async throws {
        let node = try makeNode(Self.genesis())
        let r = try await node.submit(try signedTransfer(alice, nonce: 0, fee: 99, gasLimit: 100_000, genesisHash: Self.genesis().hash).wire, mode: .sync, timeoutMillis: 0)
        #expect(!r.accepted && r.code == "INSUFFICIENT_FEE")
        #expect(node.mempool.count == 0)
    }
}

@Suite("NodeCore: simulate")
struct SimulateTests {
    @Test("simulate returns the receipt and gas used and changes neither the pool nor the state")
    func simulates() async throws {
        let node = try makeNode(testGenesis(minGasPrice: 1))
        let tx = try signedTransfer(alice, nonce: 0, fee: 100, gasLimit: 100_000, genesisHash: testGenesis(minGasPrice: 1).hash)
        let r = try await node.simulate(tx.wire)
        #expect(r.includable && r.hash == tx.id)
        #expect(r.receipt?.status == "success")
        #expect(r.gasUsed > GasSchedule.intrinsic(transactionBytes: tx.wire.count) && r.gasUsed == r.receipt?.gasUsed)
        #expect(r.minimumFee == 100)
        #expect(node.mempool.count == 0)
        let a = try node.chain.account(addr(alice))
        #expect(a.nonce == 0 && a.balance == aliceBalance)
        #expect(try node.chain.tip.height == 0)
    }

    @Test("simulate of a pending sender's next nonce runs as if the earlier ones had")
    func futureNonce() async throws {
        let node = try makeNode()
        #expect(try await node.simulate(try signedTransfer(alice, nonce: 3).wire).includable)
        #expect(try await node.simulate(try signedTransfer(alice, nonce: 0).wire).includable)
    }

    @Test("simulate reports a bad signature, a low fee and a failed action")
    func failures() async throws {
        let node = try makeNode(testGenesis(minGasPrice: 1))
        var forged = try signedTransfer(alice, nonce: 0, fee: 100, genesisHash: testGenesis(minGasPrice: 1).hash).wire
        forged[forged.count - 1] ^= 1
        let bad = try await node.simulate(forged)
        #expect(!bad.includable && bad.code == "BAD_SIGNATURE" && bad.receipt == nil)
        let cheap = try await node.simulate(try signedTransfer(alice, nonce: 0, fee: 99, genesisHash: testGenesis(minGasPrice: 1).hash).wire)
        #expect(!cheap.includable && cheap.code == "INSUFFICIENT_FEE")
        let tooMuch = try await node.simulate(try signedTransfer(carol, amount: 10_000, nonce: 0, fee: 10, gasLimit: 10_000, genesisHash: testGenesis(minGasPrice: 1).hash).wire)
        #expect(tooMuch.includable && tooMuch.receipt?.status == "failed")
        await #expect(throws: APIError.self) { try await node.simulate([1, 2, 3]) }
    }
}
