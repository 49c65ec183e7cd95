import LedgerCore
import LedgerCrypto
@testable import LedgerNode
import LedgerStorage
import Testing

private func store(_ entries: [[UInt8]: [UInt8]]) throws -> MemoryStore {
    let kv = MemoryStore()
    var b = WriteBatch()
    for (k, v) in entries { b.put(.state, k, v) }
    if !b.isEmpty { try kv.write(b) }
    return kv
}

private func sorted(_ changes: [[UInt8]: [UInt8]?]) -> [(key: [UInt8], value: [UInt8]?)] {
    changes.map { (key: $0.key, value: $0.value) }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
}

private func merged(_ stored: [[UInt8]: [UInt8]], _ changes: [[UInt8]: [UInt8]?]) -> [[UInt8]: [UInt8]] {
    var m = stored
    for (k, v) in changes { m[k] = v }
    return m
}

/// Checks the commitment over `stored` + `changes` against the reference root of the merged map.
private func check(_ stored: [[UInt8]: [UInt8]], _ changes: [[UInt8]: [UInt8]?], sourceLocation: SourceLocation = #_sourceLocation) throws {
    let got = try StateCommitment.root(store: try store(stored), changes: sorted(changes))
    #expect(got == referenceStateRoot(merged(stored, changes)), sourceLocation: sourceLocation)
}

@Suite("StateCommitment")
struct StateCommitmentTests {
    @Test("the empty state is the empty Merkle root")
    func empty() throws {
        #expect(try StateCommitment.root(store: MemoryStore(), changes: []) == MerkleTree.emptyRoot)
        #expect(try StateCommitment.root(store: MemoryStore(), changes: [(key: [1], value: nil)]) == MerkleTree.emptyRoot)
        #expect(try StateCommitment.root(store: try store([[1]: [2]]), changes: [(key: [1], value: nil)]) == MerkleTree.emptyRoot)
    }

    @Test("a leaf is RFC 6962 over u32 len || key || u32 len || value")
    func leaf() throws {
        let expected = MerkleTree.leafHash([0, 0, 0, 2, 0xAA, 0xBB, 0, 0, 0, 1, 0xCC])
        #expect(StateCommitment.leaf(key: [0xAA, 0xBB], value: [0xCC]) == expected)
        #expect(try StateCommitment.root(store: try store([[0xAA, 0xBB]: [0xCC]]), changes: []) == expected)
        #expect(try StateCommitment.root(store: MemoryStore(), changes: [(key: [0xAA, 0xBB], value: [0xCC])]) == expected)
        // Length prefixes keep (key "ab", value "c") apart from (key "a", value "bc").
        #expect(StateCommitment.leaf(key: [1, 2], value: [3]) != StateCommitment.leaf(key: [1], value: [2, 3]))
        #expect(StateCommitment.leaf(key: [1], value: []) != StateCommitment.leaf(key: [], value: [1]))
    }

    @Test("stored state alone, and changes alone")
    func onlyOneSide() throws {
        let s: [[UInt8]: [UInt8]] = [[1]: [10], [2]: [20], [3]: [30], [3, 0]: [31], [0xFF]: []]
        try check(s, [:])
        try check([:], s.mapValues { .some($0) })
    }

    @Test("changes before, after and between stored keys")
    func interleaved() throws {
        let stored: [[UInt8]: [UInt8]] = [[0x10]: [1], [0x20]: [2], [0x30]: [3]]
        try check(stored, [[0x05]: [9]])                                   // before all
        try check(stored, [[0x40]: [9]])                                   // after all
        try check(stored, [[0x15]: [9], [0x25]: [8]])                      // between
        try check(stored, [[0x10, 0x00]: [9]])                             // a key extending a stored key sorts after it
        try check(stored, [[0x00]: [1], [0x15]: [2], [0x20]: [3], [0x99]: [4]]) // all at once, with an update
        try check(stored, [[0x20]: [0x22, 0x22]])                          // update in place
    }

    @Test("deletes remove stored keys; deleting an absent key changes nothing")
    func deletes() throws {
        let stored: [[UInt8]: [UInt8]] = [[0x10]: [1], [0x20]: [2], [0x30]: [3]]
        try check(stored, [[0x10]: nil])
        try check(stored, [[0x20]: nil])
        try check(stored, [[0x30]: nil])
        try check(stored, [[0x10]: nil, [0x20]: nil, [0x30]: nil])
        try check(stored, [[0x15]: nil, [0x40]: nil, [0x00]: nil])
        try check(stored, [[0x10]: nil, [0x15]: [5], [0x30]: [6]])
        let absent = try StateCommitment.root(store: try store(stored), changes: sorted([[0x15]: nil]))
        #expect(absent == referenceStateRoot(stored))
        let withDelete = try StateCommitment.root(store: try store(stored), changes: sorted([[0x20]: nil]))
        #expect(withDelete != referenceStateRoot(stored))
    }

    @Test("randomised stored state and changes match the reference", arguments: 0..<40)
    func randomised(seed: Int) throws {
        var rng = SplitMix64(state: UInt64(seed) &* 7919 &+ 1)
        func randomKey() -> [UInt8] { (0..<Int.random(in: 0...3, using: &rng)).map { _ in UInt8.random(in: 0...4, using: &rng) } }
        func randomValue() -> [UInt8] { (0..<Int.random(in: 0...4, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) } }
        var stored: [[UInt8]: [UInt8]] = [:]
        for _ in 0..<Int.random(in: 0...30, using: &rng) { stored[randomKey()] = randomValue() }
        var changes: [[UInt8]: [UInt8]?] = [:]
        for _ in 0..<Int.random(in: 0...30, using: &rng) {
            let k = Bool.random(using: &rng) || stored.isEmpty ? randomKey() : stored.keys.randomElement(using: &rng)!
            changes[k] = Bool.random(using: &rng) ? .some(randomValue()) : .some(nil)
        }
        try check(stored, changes)
    }

    @Test("the root is what the state becomes after the changes are written")
    func matchesWrittenState() throws {
        let stored: [[UInt8]: [UInt8]] = [[1]: [1], [2]: [2], [4]: [4]]
        let changes: [[UInt8]: [UInt8]?] = [[0]: [0], [2]: nil, [3]: [3], [4]: [44]]
        let kv = try store(stored)
        let root = try StateCommitment.root(store: kv, changes: sorted(changes))
        var b = WriteBatch()
        for c in sorted(changes) { if let v = c.value { b.put(.state, c.key, v) } else { b.delete(.state, c.key) } }
        try kv.write(b)
        #expect(try StateCommitment.root(store: kv, changes: []) == root)
    }
}
