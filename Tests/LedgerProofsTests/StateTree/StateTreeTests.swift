import LedgerCore
import LedgerCrypto
import LedgerProofs
import Testing

/// Tree storage for tests: a plain dictionary that applies updates like a write batch.
final class MemoryTreeSource: StateTreeSource {
    var entries: [[UInt8]: [UInt8]] = [:]
    func treeEntry(_ key: [UInt8]) throws -> [UInt8]? { entries[key] }
    func apply(_ u: StateTreeUpdate) { for w in u.writes { entries[w.key] = w.value } }
}

/// SplitMix64, so failing seeds reproduce.
struct Rng: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// An independent from-scratch root: written without the module's code paths (no shortcut
/// bookkeeping, no sorting), straight from the rules in Docs/PROTOCOL.md.
func referenceRoot(_ map: [[UInt8]: [UInt8]]) -> Hash {
    func bit(_ k: [UInt8], _ i: Int) -> Bool { (k[i / 8] >> (7 - UInt8(i % 8))) & 1 == 1 }
    func subtree(_ leaves: [(k: [UInt8], v: [UInt8])], _ depth: Int) -> [UInt8] {
        if leaves.isEmpty { return [UInt8](repeating: 0, count: 32) }
        if leaves.count == 1 { return SHA256.hash([0] + leaves[0].k + leaves[0].v).bytes }
        let l = subtree(leaves.filter { !bit($0.k, depth) }, depth + 1)
        let r = subtree(leaves.filter { bit($0.k, depth) }, depth + 1)
        return SHA256.hash([1] + l + r).bytes
    }
    return Hash(unchecked: subtree(map.map { (k: SHA256.hash($0.key).bytes, v: SHA256.hash($0.value).bytes) }, 0))
}

func key(_ n: Int) -> [UInt8] { [0x10, UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] }

@Suite("StateTree")
struct StateTreeTests {
    @Test("empty tree, one leaf, and the documented hashing rules")
    func basics() throws {
        let src = MemoryTreeSource()
        let empty = try StateTreeUpdater.apply([], to: nil, version: 0, source: src)
        #expect(empty.rootHash == Hash.zero)
        src.apply(empty)
        let one = try StateTreeUpdater.apply([StateTreeChange(stateKey: [1, 2], value: [3])], to: 0, version: 1, source: src)
        let expected = SHA256.hash([0] + SHA256.hash([1, 2]).bytes + SHA256.hash([3]).bytes)
        #expect(one.rootHash == expected)
        #expect(one.rootHash == referenceRoot([[1, 2]: [3]]))
        src.apply(one)
        // Deleting the only key gives the empty root again; deleting an absent key changes nothing.
        let absent = try StateTreeUpdater.apply([StateTreeChange(stateKey: [9], value: nil)], to: 1, version: 2, source: src)
        #expect(absent.rootHash == expected)
        let gone = try StateTreeUpdater.apply([StateTreeChange(stateKey: [1, 2], value: nil)], to: 1, version: 2, source: src)
        #expect(gone.rootHash == Hash.zero)
    }

    @Test("duplicate keys in one update are rejected")
    func duplicates() throws {
        let c = StateTreeChange(stateKey: [1], value: [1])
        #expect(throws: StateTreeError.duplicateKey(c.keyHash)) {
            try StateTreeUpdater.apply([c, c], to: nil, version: 0, source: MemoryTreeSource())
        }
    }

    @Test("random insert/update/delete sequences: incremental root equals the from-scratch root; all proofs verify", arguments: [1, 2, 3, 4, 5, 6])
    func randomSequences(seed: Int) throws {
        var rng = Rng(state: UInt64(seed))
        let src = MemoryTreeSource()
        var map: [[UInt8]: [UInt8]] = [:]
        var previous: UInt64? = nil
        var roots: [UInt64: (Hash, [[UInt8]: [UInt8]])] = [:]
        for version in UInt64(0)..<40 {
            var batch: [[UInt8]: [UInt8]?] = [:]
            for _ in 0..<Int.random(in: 0...25, using: &rng) {
                let k = key(Int.random(in: 0..<120, using: &rng))
                batch[k] = Bool.random(using: &rng) || map.isEmpty ? [UInt8(truncatingIfNeeded: rng.next())] : nil
                if Int.random(in: 0..<4, using: &rng) == 0 { batch[k] = .some(nil) }
            }
            let changes = batch.map { StateTreeChange(stateKey: $0.key, value: $0.value) }
            let u = try StateTreeUpdater.apply(changes, to: previous, version: version, source: src)
            src.apply(u)
            for (k, v) in batch { map[k] = v }
            #expect(u.rootHash == referenceRoot(map), "seed \(seed) version \(version)")
            #expect(StateTreeRoot.of(sortedEntries: map.map { (StateTreeHashing.keyHash($0.key), StateTreeHashing.valueHash($0.value)) }
                .sorted { $0.0.bytes.lexicographicallyPrecedes($1.0.bytes) }) == u.rootHash)
            roots[version] = (u.rootHash, map)
            previous = version
        }
        // Every version stays provable: present keys prove their value, absent keys their absence.
        for (version, (root, snapshot)) in roots {
            for n in 0..<120 {
                let k = key(n)
                let proof = try StateProofBuilder.prove(keyHash: StateTreeHashing.keyHash(k), version: version, source: src)
                try proof.verify(root: root, stateKey: k, value: snapshot[k])
                #expect(try StateProof(bytes: proof.bytes) == proof)
                if let v = snapshot[k] {
                    #expect(throws: StateProofError.keyPresent) { try proof.verify(root: root, stateKey: k, value: nil) }
                    #expect(throws: (any Error).self) { try proof.verify(root: root, stateKey: k, value: v + [0]) }
                } else {
                    #expect(throws: StateProofError.keyAbsent) { try proof.verify(root: root, stateKey: k, value: [1]) }
                }
            }
        }
    }

    @Test("every single-byte mutation of a proof fails, membership and non-membership")
    func mutations() throws {
        let src = MemoryTreeSource()
        var map: [[UInt8]: [UInt8]] = [:]
        for n in 0..<300 { map[key(n)] = [UInt8(n & 0xFF), 7] }
        let u = try StateTreeUpdater.apply(map.map { StateTreeChange(stateKey: $0.key, value: $0.value) }, to: nil, version: 0, source: src)
        src.apply(u)
        var checked = 0
        for (k, v) in [(key(5), map[key(5)]), (key(299), map[key(299)]), (key(400), nil), (key(1000), nil), ([0xFF], nil)] {
            let proof = try StateProofBuilder.prove(keyHash: StateTreeHashing.keyHash(k), version: 0, source: src)
            try proof.verify(root: u.rootHash, stateKey: k, value: v)
            let bytes = proof.bytes
            for i in bytes.indices {
                for delta: UInt8 in [1, 0x80] {
                    var m = bytes
                    m[i] ^= delta
                    #expect(throws: (any Error).self, "byte \(i) of the proof for \(k)") {
                        try StateProof(bytes: m).verify(root: u.rootHash, stateKey: k, value: v)
                    }
                    checked += 1
                }
            }
            #expect(throws: (any Error).self) { try StateProof(bytes: bytes + [0]).verify(root: u.rootHash, stateKey: k, value: v) }
            #expect(throws: (any Error).self) { try StateProof(bytes: Array(bytes.dropLast())).verify(root: u.rootHash, stateKey: k, value: v) }
        }
        #expect(checked > 1000)
    }

    @Test("a non-membership proof does not work for a present key, nor with another key's leaf off its path")
    func nonMembershipOfPresentKey() throws {
        let src = MemoryTreeSource()
        let u = try StateTreeUpdater.apply((0..<50).map { StateTreeChange(stateKey: key($0), value: [1]) }, to: nil, version: 0, source: src)
        src.apply(u)
        let present = key(7)
        let membership = try StateProofBuilder.prove(keyHash: StateTreeHashing.keyHash(present), version: 0, source: src)
        #expect(throws: StateProofError.keyPresent) { try membership.verify(root: u.rootHash, stateKey: present, value: nil) }
        // A valid absence proof for another key, replayed for the present key, must fail.
        for n in 50..<80 {
            let absence = try StateProofBuilder.prove(keyHash: StateTreeHashing.keyHash(key(n)), version: 0, source: src)
            try absence.verify(root: u.rootHash, stateKey: key(n), value: nil)
            #expect(throws: (any Error).self) { try absence.verify(root: u.rootHash, stateKey: present, value: nil) }
        }
    }

    @Test("an update reads and writes nodes in proportion to the changes, not the state")
    func updateCostIsLocal() throws {
        let src = MemoryTreeSource()
        let u0 = try StateTreeUpdater.apply((0..<4000).map { StateTreeChange(stateKey: [0x20, UInt8($0 >> 8), UInt8($0 & 0xFF)], value: [1]) },
                                            to: nil, version: 0, source: src)
        src.apply(u0)
        let u1 = try StateTreeUpdater.apply([StateTreeChange(stateKey: [0x20, 0, 1], value: [2])], to: 0, version: 1, source: src)
        // One changed key: one new node per level plus its stale mark and the root entry.
        #expect(u1.writes.count <= 2 * 30 + 1)
        #expect(u1.writes.count >= 3)
    }

    @Test("stored nodes and root entries reject non-canonical bytes")
    func nodeCodec() throws {
        let leaf = StateTreeNode.leaf(keyHash: SHA256.hash([1]), valueHash: SHA256.hash([2]))
        #expect(try StateTreeNode(bytes: leaf.bytes) == leaf)
        #expect(throws: StateTreeError.self) { try StateTreeNode(bytes: leaf.bytes + [0]) }
        let node = StateTreeNode.internal(left: .empty, right: .internal(hash: SHA256.hash([3]), version: 9))
        #expect(try StateTreeNode(bytes: node.bytes) == node)
        #expect(throws: StateTreeError.self) { try StateTreeNode(bytes: node.bytes.dropLast() + []) }
        #expect(throws: StateTreeError.self) { try StateTreeNode(bytes: [7]) }
        #expect(throws: StateTreeError.self) { try StateTreeChild(rootEntry: [0, 0]) }
    }
}
