import LedgerCore
import Testing
@testable import LedgerCrypto

@Suite("Merkle tree (RFC 6962)")
struct MerkleTests {
    /// The certificate-transparency reference test leaves.
    static let ctLeaves: [[UInt8]] = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ].map(hex)

    /// Roots of the first 1…8 CT leaves. They match the CT reference values and were re-derived with an
    /// independent Python (hashlib) RFC 6962 implementation before being embedded here.
    static let ctRoots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    @Test func emptyRootIsHashOfEmptyString() {
        #expect(MerkleTree.emptyRoot.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(MerkleTree.root(leaves: []) == MerkleTree.emptyRoot)
        #expect(MerkleTree.root(leafHashes: []) == MerkleTree.emptyRoot)
    }

    @Test func leafAndNodeHashesAreDomainSeparated() {
        #expect(MerkleTree.leafHash([]) == SHA256.hash([0]))
        #expect(MerkleTree.leafHash([1, 2]) == SHA256.hash([0, 1, 2]))
        let a = Hash.zero, b = SHA256.hash([])
        #expect(MerkleTree.nodeHash(a, b) == SHA256.hash([1] + a.bytes + b.bytes))
        #expect(MerkleTree.nodeHash(a, b) != MerkleTree.nodeHash(b, a))
        // A leaf whose data looks like two child hashes does not collide with the interior node.
        #expect(MerkleTree.leafHash(a.bytes + b.bytes) != MerkleTree.nodeHash(a, b))
    }

    @Test(arguments: 1...8)
    func certificateTransparencyRoots(_ size: Int) {
        let leaves = Array(Self.ctLeaves.prefix(size))
        #expect(MerkleTree.root(leaves: leaves).hex == Self.ctRoots[size - 1])
        #expect(MerkleTree.root(leafHashes: leaves.map(MerkleTree.leafHash)).hex == Self.ctRoots[size - 1])
    }

    @Test(arguments: [
        (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
        (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (0, 1, []),
    ])
    func certificateTransparencyProofs(_ index: Int, _ size: Int, _ expected: [String]) {
        let hashes = Self.ctLeaves.prefix(size).map(MerkleTree.leafHash)
        let proof = MerkleTree.inclusionProof(index: index, leafHashes: hashes)
        #expect(proof.map(\.hex) == expected)
        #expect(MerkleTree.verifyInclusion(leafHash: hashes[index], index: index, treeSize: size, proof: proof,
                                           root: try! Hash(hex: Self.ctRoots[size - 1])))
    }

    // MARK: Reference model

    enum Side: Equatable { case siblingOnLeft, siblingOnRight }

    static func largestPowerOfTwoBelow(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }

    /// RFC 6962 §2.1.1 PATH(m, D[n]) reduced to the side each sibling is on, nearest first.
    static func sides(_ m: Int, _ n: Int) -> [Side] {
        if n <= 1 { return [] }
        let k = largestPowerOfTwoBelow(n)
        return m < k ? sides(m, k) + [.siblingOnRight] : sides(m - k, n - k) + [.siblingOnLeft]
    }

    /// RFC 6962 §2.1 MTH written directly from the definition.
    static func referenceRoot(_ h: ArraySlice<Hash>) -> Hash {
        if h.isEmpty { return SHA256.hash([UInt8]()) }
        if h.count == 1 { return h.first! }
        let k = largestPowerOfTwoBelow(h.count)
        let left = referenceRoot(h.prefix(k)), right = referenceRoot(h.dropFirst(k))
        return SHA256.hash([1] + left.bytes + right.bytes)
    }

    static func leafHashes(_ n: Int) -> [Hash] {
        (0..<n).map { MerkleTree.leafHash([UInt8(truncatingIfNeeded: $0), 0xab, UInt8(truncatingIfNeeded: $0 >> 8)]) }
    }

    // MARK: Properties

    @Test(arguments: 1...40)
    func proofsVerifyForEveryIndex(_ size: Int) {
        let hashes = Self.leafHashes(size)
        let root = MerkleTree.root(leafHashes: hashes)
        #expect(root == Self.referenceRoot(hashes[...]))
        for i in 0..<size {
            let proof = MerkleTree.inclusionProof(index: i, leafHashes: hashes)
            let sides = Self.sides(i, size)
            #expect(proof.count == sides.count)
            // Folding the proof by the reference model's sides reproduces the root.
            var r = hashes[i]
            for (p, side) in zip(proof, sides) {
                r = side == .siblingOnLeft ? SHA256.hash([1] + p.bytes + r.bytes) : SHA256.hash([1] + r.bytes + p.bytes)
            }
            #expect(r == root, "index \(i) of \(size)")
            #expect(MerkleTree.verifyInclusion(leafHash: hashes[i], index: i, treeSize: size, proof: proof, root: root),
                    "index \(i) of \(size)")
        }
    }

    @Test(arguments: 1...40)
    func everySingleBitMutationOfAProofFails(_ size: Int) {
        let hashes = Self.leafHashes(size)
        let root = MerkleTree.root(leafHashes: hashes)
        var checked = 0
        for i in 0..<size {
            let proof = MerkleTree.inclusionProof(index: i, leafHashes: hashes)
            for (j, element) in proof.enumerated() {
                for bit in 0..<256 {
                    var bad = proof
                    bad[j] = try! Hash(bytes: flippingBit(element.bytes, bit))
                    checked += 1
                    if MerkleTree.verifyInclusion(leafHash: hashes[i], index: i, treeSize: size, proof: bad, root: root) {
                        Issue.record("size \(size) index \(i): flipping bit \(bit) of proof[\(j)] still verifies")
                    }
                }
            }
            // The leaf and the root are covered the same way.
            for bit in 0..<256 {
                let leaf = try! Hash(bytes: flippingBit(hashes[i].bytes, bit))
                let badRoot = try! Hash(bytes: flippingBit(root.bytes, bit))
                if MerkleTree.verifyInclusion(leafHash: leaf, index: i, treeSize: size, proof: proof, root: root)
                    || MerkleTree.verifyInclusion(leafHash: hashes[i], index: i, treeSize: size, proof: proof, root: badRoot) {
                    Issue.record("size \(size) index \(i): flipped leaf/root bit \(bit) still verifies")
                }
            }
        }
        #expect(size == 1 || checked > 0)
    }

    @Test(arguments: 1...40)
    func wrongIndexLeafOrShapeFails(_ size: Int) {
        let hashes = Self.leafHashes(size)
        let root = MerkleTree.root(leafHashes: hashes)
        for i in 0..<size {
            let proof = MerkleTree.inclusionProof(index: i, leafHashes: hashes)
            func verifies(leaf: Hash = hashes[i], index: Int = i, treeSize: Int = size, proof: [Hash] = proof) -> Bool {
                MerkleTree.verifyInclusion(leafHash: leaf, index: index, treeSize: treeSize, proof: proof, root: root)
            }
            for j in -2...(size + 1) where j != i {
                #expect(!verifies(index: j), "size \(size): proof of \(i) accepted at index \(j)")
            }
            for j in 0..<size where j != i {
                #expect(!verifies(leaf: hashes[j]), "size \(size): leaf \(j) accepted with proof of \(i)")
            }
            #expect(!verifies(leaf: MerkleTree.leafHash([0xff, 0xff, 0xff])))
            // The raw leaf hash must be used, not the hash of the hash or the unprefixed hash.
            #expect(!verifies(leaf: MerkleTree.leafHash(hashes[i].bytes)))
            // Shortened, lengthened or reordered proofs fail.
            if !proof.isEmpty {
                #expect(!verifies(proof: Array(proof.dropLast())))
                #expect(!verifies(proof: Array(proof.dropFirst())))
            }
            #expect(!verifies(proof: proof + [root]))
            #expect(!verifies(proof: proof + [Hash.zero]))
            #expect(!verifies(proof: [Hash.zero] + proof))
            if proof.count >= 2 && proof[0] != proof[1] {
                var swapped = proof
                swapped.swapAt(0, 1)
                #expect(!verifies(proof: swapped))
            }
            // Wrong tree size: a proof for (i, size) verifies under another size exactly when the RFC 6962 path
            // for i has the same shape (same siblings on the same sides) in both trees, which is why the
            // tree size must itself be authenticated together with the root.
            #expect(!verifies(treeSize: 0))
            #expect(!verifies(treeSize: -1))
            for other in 1...(size + 40) where other != size {
                let sameShape = i < other && Self.sides(i, other) == Self.sides(i, size)
                #expect(verifies(treeSize: other) == sameShape, "size \(size) index \(i) claimed size \(other)")
            }
        }
    }

    @Test func wrongSizeWithDifferentShapeFailsConcretely() {
        // Leaf 0 of 3 and leaf 0 of 4 share a shape (right, right); leaf 2 of 3 and leaf 2 of 4 do not.
        let hashes = Self.leafHashes(3)
        let root = MerkleTree.root(leafHashes: hashes)
        let p2 = MerkleTree.inclusionProof(index: 2, leafHashes: hashes)
        #expect(MerkleTree.verifyInclusion(leafHash: hashes[2], index: 2, treeSize: 3, proof: p2, root: root))
        #expect(!MerkleTree.verifyInclusion(leafHash: hashes[2], index: 2, treeSize: 4, proof: p2, root: root))
        #expect(!MerkleTree.verifyInclusion(leafHash: hashes[2], index: 2, treeSize: 5, proof: p2, root: root))
    }

    @Test func rootDependsOnOrderAndEveryLeaf() {
        let hashes = Self.leafHashes(9)
        let root = MerkleTree.root(leafHashes: hashes)
        #expect(MerkleTree.root(leafHashes: hashes.reversed()) != root)
        #expect(MerkleTree.root(leafHashes: Array(hashes.dropLast())) != root)
        for i in hashes.indices {
            var changed = hashes
            changed[i] = Hash.zero
            #expect(MerkleTree.root(leafHashes: changed) != root)
        }
    }

    @Test func splitPoint() {
        #expect([2, 3, 4, 5, 8, 9, 16, 17].map(MerkleTree.splitPoint) == [1, 2, 2, 4, 4, 8, 8, 16])
    }
}
