import LedgerCore
@testable import LedgerRules
import Testing

/// A deterministic generator for the property tests (SplitMix64).
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("StateOverlay against a naive model")
struct StateOverlayModelTests {
    /// Short keys over a small alphabet, so prefixes, puts over deletes and rewrites collide often.
    private static func key(_ rng: inout SeededGenerator) -> [UInt8] {
        (0..<Int.random(in: 1...3, using: &rng)).map { _ in UInt8.random(in: 0...3, using: &rng) }
    }

    private static func naiveScan(_ model: [[UInt8]: [UInt8]], prefix: [UInt8], from: [UInt8], limit: Int) -> [[UInt8]] {
        let start = from.lexicographicallyPrecedes(prefix) ? prefix : from
        return Array(model.filter { $0.key.starts(with: prefix) && !$0.key.lexicographicallyPrecedes(start) }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
            .map { $0.key + [0xFF] + $0.value }
            .prefix(limit))
    }

    @Test("random writes, deletes, child overlays and scans agree with a sorted dictionary", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func randomOperations(seed: UInt64) throws {
        var rng = SeededGenerator(state: seed)
        var baseValues: [[UInt8]: [UInt8]] = [:]
        for _ in 0..<20 { baseValues[Self.key(&rng)] = [UInt8.random(in: 0...255, using: &rng)] }
        let block = StateOverlay(base: FixedState(values: baseValues))
        var model = baseValues
        for _ in 0..<40 {
            // A transaction: a child overlay whose writes are absorbed or dropped.
            let child = StateOverlay(base: block)
            var childModel = model
            for _ in 0..<Int.random(in: 0...30, using: &rng) {
                let k = Self.key(&rng)
                switch Int.random(in: 0..<10, using: &rng) {
                case 0..<5:
                    let v = [UInt8.random(in: 0...255, using: &rng)]
                    child.write(k, v)
                    childModel[k] = v
                case 5..<7:
                    child.delete(k)
                    childModel[k] = nil
                default:
                    let prefix = Array(k.prefix(Int.random(in: 0...1, using: &rng)))
                    let from = Self.key(&rng)
                    let limit = Int.random(in: 1...40, using: &rng)
                    var seen: [[UInt8]] = []
                    try child.scan(prefix: prefix, from: from) { key, value in
                        seen.append(key + [0xFF] + value)
                        return seen.count < limit
                    }
                    #expect(seen == Self.naiveScan(childModel, prefix: prefix, from: from, limit: limit))
                }
                #expect(try child.read(k) == childModel[k])
            }
            if Bool.random(using: &rng) {
                block.absorb(child)
                model = childModel
            }
        }
        // The batch for storage: every key written in the block, in order, deletes included.
        let changes = block.sortedChanges()
        #expect(changes.map(\.key) == Array(block.writes.keys).sorted { $0.lexicographicallyPrecedes($1) })
        for (k, v) in changes { #expect(v == model[k]) }
        var all: [[UInt8]] = []
        try block.scan(prefix: [], from: []) { k, v in
            all.append(k + [0xFF] + v)
            return true
        }
        #expect(all == Self.naiveScan(model, prefix: [], from: [], limit: .max))
    }

    @Test("writing n keys in descending order moves O(n log n) keys, not O(n²)")
    func writesAreLogarithmic() {
        let overlay = StateOverlay(base: EmptyState())
        let n = 4096
        // Descending order is the worst case of a sorted-array insert: every key shifts all the others.
        for i in (0..<n).reversed() { overlay.write([UInt8(i >> 8), UInt8(i & 0xFF)], [1]) }
        // log2(4096) = 12: each key is moved at most once per level it passes through.
        #expect(overlay.sortedKeyMoves <= n * 13)
        let keys = overlay.sortedChanges().map(\.key)
        #expect(keys.count == n)
        #expect(keys == keys.sorted { $0.lexicographicallyPrecedes($1) })
    }
}
