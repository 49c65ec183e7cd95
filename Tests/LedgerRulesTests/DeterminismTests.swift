import LedgerCore
import LedgerCrypto
import LedgerRules
import Testing

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator, so the test's "random" input is the
/// same on every machine and every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<n` (the tiny modulo bias does not matter here).
    mutating func below(_ n: UInt64) -> UInt64 { next() % n }
}

@Suite("Determinism")
struct DeterminismTests {
    static let senderSeeds: [UInt8] = Array(1...6)
    static let senderAddresses: [Address] = senderSeeds.map { address(testKey($0)) }
    static let recipients: [Address] = senderAddresses + [plainAddress(0xE1), plainAddress(0xE2)]
    static let proposers: [Address] = [plainAddress(0xB0), plainAddress(0xB1)]
    static let initialBalance: UInt64 = 1_000_000

    /// 200 signed transfers drawn from `seed`: random sender, recipient (sometimes the sender), amount
    /// (sometimes zero, sometimes more than anyone holds), fee and gas limit (sometimes too low).
    static func transfers(seed: UInt64, count: Int = 200) throws -> [Transaction] {
        let senders = senderSeeds.map(testKey)  // signing keys are not Sendable: one set per call
        var rng = SplitMix64(seed: seed)
        var nonces = [UInt64](repeating: 0, count: senders.count)
        return try (0..<count).map { _ in
            let s = Int(rng.below(UInt64(senders.count)))
            let to = recipients[Int(rng.below(UInt64(recipients.count)))]
            let amount: UInt64 = switch rng.below(20) {
            case 0: 0
            case 1, 2: 1_000_000 + rng.below(2_000_000)
            default: 1 + rng.below(200_000)
            }
            let fee = 1 + rng.below(20)
            let gasLimit: UInt64 = rng.below(15) == 0 ? 3_000 : 100_000
            defer { nonces[s] += 1 }
            return try signedTransfer(from: senders[s], to: to, amount: amount, nonce: nonces[s], fee: fee, gasLimit: gasLimit)
        }
    }

    struct Outcome {
        var changes: [(key: [UInt8], value: [UInt8]?)]
        var results: [Result<Receipt, RuleError>]
    }

    /// Genesis (every sender funded), then the transactions over ten blocks with alternating proposers.
    static func run(_ txs: [Transaction]) throws -> Outcome {
        let state = StateOverlay(base: EmptyState())
        for a in senderAddresses { state.write(StateKey.account(a), Account(balance: initialBalance).canonicalBytes) }
        var results: [Result<Receipt, RuleError>] = []
        for (i, tx) in txs.enumerated() {
            let block = testBlock(height: UInt64(1 + i / 20), proposer: proposers[(i / 20) % 2])
            results.append(try TransactionExecutor.apply(tx, block: block, state: state, verifySignature: true))
        }
        return Outcome(changes: state.sortedChanges(), results: results)
    }

    @Test("SplitMix64 matches its reference output")
    func splitMixReference() {
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(rng.next() == 0x06C4_5D18_8009_454F)
    }

    @Test("the same 200 random transfers applied to two fresh overlays give identical changes")
    func sameInputSameState() throws {
        let seed: UInt64 = 0xDE5C_1000
        let first = try Self.transfers(seed: seed)
        let second = try Self.transfers(seed: seed)
        #expect(first.count == 200)
        #expect(first.map(\.id) == second.map(\.id), "signing is deterministic too")

        let a = try Self.run(first)
        let b = try Self.run(second)
        #expect(a.changes.map(\.key) == b.changes.map(\.key))
        #expect(a.changes.map(\.value) == b.changes.map(\.value))
        #expect(a.results == b.results)

        // The input exercised both outcomes, so the comparison means something.
        let receipts = a.results.compactMap { try? $0.get() }
        #expect(receipts.count >= 150, "most transactions are admitted")
        #expect(receipts.contains { $0.status == .success })
        let codes = Set(receipts.filter { $0.status == .failed }.map(\.code))
        #expect(codes.isSuperset(of: ["INSUFFICIENT_FUNDS", "OUT_OF_GAS"]), "\(codes)")

        // Tokens are conserved: fees move to proposers, transfers between accounts.
        var total: UInt64 = 0
        for change in a.changes {
            guard let value = change.value, change.key.starts(with: [StateKey.Contract.bank.rawValue, 0x01]) else { continue }
            total += try Account(canonical: value).balance
        }
        #expect(total == Self.initialBalance * UInt64(Self.senderAddresses.count))
        #expect(a.changes.count == Self.recipients.count + Self.proposers.count)
    }

    @Test("a different seed gives a different state (the comparison can tell them apart)")
    func differentInputDifferentState() throws {
        let a = try Self.run(try Self.transfers(seed: 1))
        let b = try Self.run(try Self.transfers(seed: 2))
        #expect(a.changes.map(\.value) != b.changes.map(\.value))
    }
}
