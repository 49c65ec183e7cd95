import LedgerCore
@testable import LedgerNode
import LedgerRules
import Testing

private let params = AppParams(minFee: 1, maxBlockGas: 10_000_000, maxBlockBytes: 1 << 20, minGasPrice: 1)
private let rich = Account(balance: 1 << 40, nonce: 0)

/// The victims of the old full scan: every sender's tail (other than `sender`'s), cheapest first,
/// taking a sender's previous nonce once its tail is taken, until `tx` fits or a tail is not cheaper.
private func naiveVictims(_ s: MempoolState, for tx: Transaction, sender: Address) -> [Hash]? {
    var count = s.byID.count, total = s.bytes
    func fits() -> Bool { count < s.config.maxTransactions && total + tx.wire.count <= s.config.maxTotalBytes }
    var tails: [Address: [UInt64]] = [:]
    for (a, nonces) in s.bySender where a != sender { tails[a] = nonces.keys.sorted() }
    var victims: [Hash] = []
    while !fits() {
        var cheapest: MempoolState.Entry?
        for (a, nonces) in tails {
            guard let last = nonces.last, let id = s.bySender[a]?[last], let e = s.byID[id] else { continue }
            if let c = cheapest, !MempoolState.cheaper(e, than: c) { continue }
            cheapest = e
        }
        guard let v = cheapest, GasPrice.pays(fee: tx.body.fee, gas: tx.body.gasLimit, moreThan: v.tx.body.fee, gas: v.tx.body.gasLimit) else { return nil }
        victims.append(v.tx.id)
        count -= 1
        total -= v.tx.wire.count
        tails[v.sender]?.removeLast()
    }
    return victims
}

@Suite("Mempool tail index")
struct MempoolTailIndexTests {
    @Test("after random admissions, replacements, inclusions and evictions the index equals a rebuild", arguments: [7, 8, 9] as [UInt64])
    func indexMatchesRebuild(seed: UInt64) throws {
        var rng = SplitMix64(state: seed)
        var c = MempoolConfig()
        c.maxTransactions = 24
        var s = MempoolState(config: c)
        var height: UInt64 = 1
        for _ in 0..<300 {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<7:
                let sender = UInt8.random(in: 1...12, using: &rng)
                let gas = UInt64.random(in: 30_000...200_000, using: &rng)
                let tx = try signedTransfer(sender, nonce: UInt64.random(in: 0...5, using: &rng),
                                            fee: gas * UInt64.random(in: 1...20, using: &rng) / 1000 + UInt64.random(in: 0...3, using: &rng),
                                            gasLimit: gas)
                let expected = naiveVictims(s, for: tx, sender: tx.senderAddress)
                do throws(SubmitError) {
                    let replaced = try s.admit(tx, sender: tx.senderAddress, account: rich, params: params, chainID: testChainID, nextHeight: height).replaced
                    #expect(replaced == expected)
                } catch {
                    if error.code.rawValue == "MEMPOOL_FULL" { #expect(expected == nil) }
                }
            case 7:
                if let id = s.byID.keys.min(by: { $0.bytes.lexicographicallyPrecedes($1.bytes) }) { s.removeIfPresent(id) }
            default:
                // A block: some sender's account moved on, so its stale nonces are evicted.
                height += 1
                let sender = addr(UInt8.random(in: 1...12, using: &rng))
                let accounts = [sender: Account(balance: 1 << 40, nonce: UInt64.random(in: 0...3, using: &rng))]
                _ = s.afterBlock(committed: [], rejected: [], accounts: accounts, nextHeight: height)
            }
            #expect(s.indexesAreConsistent())
        }
    }

    @Test("admission into a full pool examines a few tails, not every sender")
    func admissionVisitsFewTails() throws {
        var c = MempoolConfig()
        c.maxTransactions = 200
        var s = MempoolState(config: c)
        for sender in UInt8(1)...200 {
            let tx = try signedTransfer(sender, nonce: 0, fee: 100 + UInt64(sender), gasLimit: 100_000)
            _ = try s.admit(tx, sender: tx.senderAddress, account: rich, params: params, chainID: testChainID, nextHeight: 1)
        }
        let before = s.roomVisits
        let dear = try signedTransfer(250, nonce: 0, fee: 10_000, gasLimit: 100_000)
        let replaced = try s.admit(dear, sender: dear.senderAddress, account: rich, params: params, chainID: testChainID, nextHeight: 1).replaced
        // The cheapest is sender 1's (fee 101); the old scan looked at all 200 tails.
        #expect(replaced.count == 1)
        #expect(s.byID[replaced[0]] == nil)
        #expect(s.roomVisits - before <= 2)
        #expect(s.indexesAreConsistent())
    }

    @Test("a transaction dropped from the middle of a sender's nonces takes the later ones with it")
    func middleEvictionTakesLaterNonces() throws {
        var s = MempoolState(config: MempoolConfig())
        func admit(_ tx: Transaction) throws {
            _ = try s.admit(tx, sender: tx.senderAddress, account: rich, params: params, chainID: testChainID, nextHeight: 1)
        }
        let a = try (0..<4).map { try signedTransfer(alice, nonce: $0, fee: 100, expiry: $0 == 1 ? 2 : nil) }
        let b = try (0..<3).map { try signedTransfer(bob, nonce: $0, fee: 100) }
        for tx in a + b { try admit(tx) }
        let accounts = [addr(alice): rich, addr(bob): rich]
        // Bob's nonce 1 is rejected by the block: 2 can never run before 1 does.
        let first = s.afterBlock(committed: [], rejected: [b[1].id], accounts: accounts, nextHeight: 2)
        #expect(Set(first) == [b[1].id, b[2].id])
        #expect(s.byID[b[0].id] != nil)
        // Alice's nonce 1 expires (expiry 2 < height 3): 2 and 3 go with it, 0 stays.
        let second = s.afterBlock(committed: [], rejected: [], accounts: accounts, nextHeight: 3)
        #expect(Set(second) == [a[1].id, a[2].id, a[3].id])
        #expect(s.byID[a[0].id] != nil && s.count == 2)
        #expect(s.indexesAreConsistent())
    }
}
