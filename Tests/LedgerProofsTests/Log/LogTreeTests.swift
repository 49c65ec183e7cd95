import LedgerCore
import LedgerCrypto
import Testing
@testable import LedgerProofs

/// The RFC 6962 test vectors used by Certificate Transparency and Go's tlog tests: eight leaves,
/// the roots of every prefix, and a few known inclusion and consistency proofs.
enum RFC6962Vectors {
    static let leaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map(bytes(hex:))
    static let roots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ].map { try! Hash(hex: $0) }
}

@Suite("Record log: RFC 9162 tree heads and proofs")
struct LogTreeTests {
    @Test func rootsMatchRFC6962Vectors() throws {
        let store = MemoryLogNodes()
        for (i, leaf) in RFC6962Vectors.leaves.enumerated() {
            let root = try store.append([leaf])
            #expect(root == RFC6962Vectors.roots[i], "size \(i + 1)")
            #expect(try LogTree.root(size: UInt64(i + 1), reader: store) == RFC6962Vectors.roots[i])
        }
        #expect(try LogTree.root(size: 0, reader: store) == SHA256.hash([UInt8]()))
    }

    @Test func knownProofsMatchVectors() throws {
        let store = MemoryLogNodes()
        _ = try store.append(RFC6962Vectors.leaves)
        let inc = try LogTree.inclusionProof(index: 5, size: 8, reader: store)
        #expect(inc.map(\.hex) == ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                                   "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                                   "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"])
        let c68 = try LogTree.consistencyProof(from: 6, to: 8, reader: store)
        #expect(c68.map(\.hex) == ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                                   "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                                   "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"])
        let c25 = try LogTree.consistencyProof(from: 2, to: 5, reader: store)
        #expect(c25.map(\.hex) == ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                                   "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"])
        try LogVerifier.verifyConsistency(from: 6, to: 8, fromRoot: RFC6962Vectors.roots[5], toRoot: RFC6962Vectors.roots[7], proof: c68)
        #expect(throws: LogError.rootMismatch) {
            try LogVerifier.verifyConsistency(from: 6, to: 8, fromRoot: RFC6962Vectors.roots[4], toRoot: RFC6962Vectors.roots[7], proof: c68)
        }
    }

    /// Every inclusion proof and every consistency proof for all sizes up to 64, against the
    /// independent recursive reference; each verifies, and each single-byte change of it fails.
    @Test func allProofsUpTo64MatchReferenceAndResistMutation() throws {
        let store = MemoryLogNodes()
        var roots: [Hash] = [MerkleTree.emptyRoot]
        for i in 0..<64 { roots.append(try store.append([[UInt8(i), 0xA5] + [UInt8](repeating: UInt8(i), count: i % 5)])) }
        let leaves = store.leafHashes
        for n in 1...64 {
            #expect(roots[n] == MerkleTree.root(leafHashes: Array(leaves[..<n])))
            for i in 0..<n {
                let proof = try LogTree.inclusionProof(index: UInt64(i), size: UInt64(n), reader: store)
                #expect(proof == MerkleTree.inclusionProof(index: i, leafHashes: Array(leaves[..<n])))
                try LogVerifier.verifyInclusion(leafHash: leaves[i], index: UInt64(i), size: UInt64(n), proof: proof, root: roots[n])
                if n <= 16 { expectEveryMutationFails(proof) { try LogVerifier.verifyInclusion(leafHash: leaves[i], index: UInt64(i), size: UInt64(n), proof: $0, root: roots[n]) } }
            }
            for m in 0...n {
                let proof = try LogTree.consistencyProof(from: UInt64(m), to: UInt64(n), reader: store)
                let reference = (m == 0 || m == n) ? [] : referenceConsistency(m, leaves[..<n], true)
                #expect(proof == reference, "consistency \(m) → \(n)")
                try LogVerifier.verifyConsistency(from: UInt64(m), to: UInt64(n), fromRoot: roots[m], toRoot: roots[n], proof: proof)
                expectEveryMutationFails(proof) {
                    try LogVerifier.verifyConsistency(from: UInt64(m), to: UInt64(n), fromRoot: roots[m], toRoot: roots[n], proof: $0)
                }
                if m < n, m > 0 {
                    #expect(throws: LogError.self) {
                        try LogVerifier.verifyConsistency(from: UInt64(m), to: UInt64(n), fromRoot: roots[m - 1], toRoot: roots[n], proof: proof)
                    }
                }
            }
        }
    }

    /// Byte flips, a dropped hash, an extra hash and swapped neighbours must all be refused.
    func expectEveryMutationFails(_ proof: [Hash], _ verify: ([Hash]) throws -> Void) {
        for h in 0..<proof.count {
            for b in 0..<32 {
                var p = proof
                var raw = p[h].bytes
                raw[b] ^= 0x01
                p[h] = Hash(unchecked: raw)
                #expect(throws: LogError.self) { try verify(p) }
            }
        }
        if !proof.isEmpty { #expect(throws: LogError.self) { try verify(Array(proof.dropLast())) } }
        #expect(throws: LogError.self) { try verify(proof + [MerkleTree.emptyRoot]) }
        if proof.count >= 2, proof[0] != proof[1] { #expect(throws: LogError.self) { try verify([proof[1], proof[0]] + proof.dropFirst(2)) } }
    }

    @Test func strictRulesOnIndexAndSize() throws {
        let store = MemoryLogNodes()
        let root = try store.append(RFC6962Vectors.leaves)
        let leaf = MerkleTree.leafHash(RFC6962Vectors.leaves[0])
        #expect(throws: LogError.indexOutOfRange(index: 8, size: 8)) { try LogTree.inclusionProof(index: 8, size: 8, reader: store) }
        #expect(throws: LogError.indexOutOfRange(index: 8, size: 8)) { try LogVerifier.verifyInclusion(leafHash: leaf, index: 8, size: 8, proof: [], root: root) }
        #expect(throws: LogError.sizeOutOfRange(from: 5, to: 4)) { try LogTree.consistencyProof(from: 5, to: 4, reader: store) }
        #expect(throws: LogError.self) { try LogVerifier.verifyConsistency(from: 0, to: 8, fromRoot: root, toRoot: root, proof: []) }
        #expect(throws: LogError.self) { try LogVerifier.verifyConsistency(from: 8, to: 8, fromRoot: root, toRoot: root, proof: [root]) }
        try LogVerifier.verifyConsistency(from: 8, to: 8, fromRoot: root, toRoot: root, proof: [])
        try LogVerifier.verifyInclusion(leafHash: leaf, index: 0, size: 1, proof: [], root: leaf)
    }

    /// Appending costs O(log n) reads per leaf and a proof O(log n) reads, whatever the size.
    @Test func readsAreLogarithmic() throws {
        let store = MemoryLogNodes()
        _ = try store.append((0..<1000).map { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        store.reads = 0
        _ = try store.append([[1, 2, 3]])
        #expect(store.reads <= 2 * 11)
        store.reads = 0
        _ = try LogTree.inclusionProof(index: 517, size: 1001, reader: store)
        #expect(store.reads <= 2 * 11)
        store.reads = 0
        _ = try LogTree.consistencyProof(from: 333, to: 1001, reader: store)
        #expect(store.reads <= 3 * 11)
    }
}
