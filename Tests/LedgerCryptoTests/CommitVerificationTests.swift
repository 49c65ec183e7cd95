import LedgerCore
import Testing
@testable import LedgerCrypto

@Suite("Commit verification")
struct CommitVerificationTests {
    static let chain = ChainIdentity(chainID: "desci-test", genesisHash: try! Hash(bytes: [UInt8](repeating: 0x42, count: 32)))
    static var keys: [SigningKey] { (0..<4).map { try! SigningKey(seed: [UInt8](repeating: UInt8(10 + $0), count: 32)) } }
    static var set: [(publicKey: PublicKey, power: UInt64)] { zip(keys, [10, 20, 30, 40] as [UInt64]).map { (publicKey: $0.publicKey, power: $1) } }
    static let block = SHA256.hash(Array("block".utf8))

    /// A commit of `signers` (indices into `keys`), each signing its precommit.
    static func commit(_ signers: [Int], height: UInt64 = 5, round: UInt32 = 1, block: Hash = block, chain: ChainIdentity = chain) -> Commit {
        var c = Commit(height: height, round: round, blockHash: block, signatures: [])
        let keys = Self.keys
        c.signatures = signers.map { CommitSignature(validatorIndex: UInt32($0), signature: keys[$0].sign(c.signingMessage(chain: chain, validatorIndex: UInt32($0)))) }
        return c
    }

    @Test func moreThanTwoThirdsVerifies() throws {
        #expect(try CommitVerification.verify(Self.commit([1, 2, 3]), validators: Self.set, chain: Self.chain) == 90)
        #expect(try CommitVerification.verify(Self.commit([0, 1, 3]), validators: Self.set, chain: Self.chain) == 70)
        #expect(try CommitVerification.verify(Self.commit([0, 1, 2, 3]), validators: Self.set, chain: Self.chain) == 100)
    }

    @Test func exactlyTwoThirdsIsNotEnough() {
        // Two of three validators of power 1: two thirds is not "more than two thirds".
        let keys = Array(Self.keys.prefix(3))
        let set = keys.map { (publicKey: $0.publicKey, power: UInt64(1)) }
        var c = Commit(height: 1, round: 0, blockHash: Self.block, signatures: [])
        c.signatures = [0, 1].map { CommitSignature(validatorIndex: UInt32($0), signature: keys[$0].sign(c.signingMessage(chain: Self.chain, validatorIndex: UInt32($0)))) }
        #expect(throws: CommitVerificationError.insufficientPower(signed: 2, total: 3)) { try CommitVerification.verify(c, validators: set, chain: Self.chain) }
        #expect(throws: CommitVerificationError.insufficientPower(signed: 60, total: 100)) {
            try CommitVerification.verify(Self.commit([0, 1, 2]), validators: Self.set, chain: Self.chain)
        }
        #expect(throws: CommitVerificationError.insufficientPower(signed: 0, total: 100)) {
            try CommitVerification.verify(Self.commit([]), validators: Self.set, chain: Self.chain)
        }
    }

    @Test func badSignatureIsRejectedEvenWithEnoughOtherPower() {
        var c = Self.commit([0, 1, 2, 3])
        c.signatures[0].signature = Self.commit([0], block: SHA256.hash([9])).signatures[0].signature
        #expect(throws: CommitVerificationError.badSignature(validatorIndex: 0)) { try CommitVerification.verify(c, validators: Self.set, chain: Self.chain) }
        // Another validator's signature at an index is also bad.
        var swapped = Self.commit([1, 2, 3])
        swapped.signatures[0].signature = Self.commit([2]).signatures[0].signature
        #expect(throws: CommitVerificationError.badSignature(validatorIndex: 1)) { try CommitVerification.verify(swapped, validators: Self.set, chain: Self.chain) }
        // A commit signed on another network (same chain id, other genesis) does not verify here.
        let other = ChainIdentity(chainID: "desci-test", genesisHash: .zero)
        #expect(throws: CommitVerificationError.badSignature(validatorIndex: 1)) {
            try CommitVerification.verify(Self.commit([1, 2, 3], chain: other), validators: Self.set, chain: Self.chain)
        }
        // Signatures are bound to the round.
        var moved = Self.commit([1, 2, 3])
        moved.round = 2
        #expect(throws: CommitVerificationError.badSignature(validatorIndex: 1)) { try CommitVerification.verify(moved, validators: Self.set, chain: Self.chain) }
    }

    @Test func duplicateOrUnsortedIndicesAreRejected() {
        // The same validator counted twice would reach 80 of 100 with only 40 signing.
        var dup = Self.commit([3])
        dup.signatures.append(dup.signatures[0])
        #expect(throws: CommitVerificationError.unsortedOrDuplicateIndex(3)) { try CommitVerification.verify(dup, validators: Self.set, chain: Self.chain) }
        var unsorted = Self.commit([1, 2, 3])
        unsorted.signatures.swapAt(0, 2)
        #expect(throws: CommitVerificationError.unsortedOrDuplicateIndex(2)) { try CommitVerification.verify(unsorted, validators: Self.set, chain: Self.chain) }
    }

    @Test func unknownIndexIsRejected() {
        var c = Self.commit([1, 2, 3])
        c.signatures.append(CommitSignature(validatorIndex: 4, signature: c.signatures[0].signature))
        #expect(throws: CommitVerificationError.unknownValidatorIndex(4, setSize: 4)) { try CommitVerification.verify(c, validators: Self.set, chain: Self.chain) }
    }

    @Test func invalidSetsAreRejected() {
        #expect(throws: CommitVerificationError.self) { try CommitVerification.verify(Self.commit([]), validators: [], chain: Self.chain) }
        let huge = Self.set.map { (publicKey: $0.publicKey, power: UInt64.max) }
        #expect(throws: CommitVerificationError.self) { try CommitVerification.verify(Self.commit([0, 1, 2]), validators: huge, chain: Self.chain) }
    }

    @Test func codesAreStable() {
        #expect(CommitVerificationError.unknownValidatorIndex(1, setSize: 1).code == "COMMIT_UNKNOWN_VALIDATOR")
        #expect(CommitVerificationError.unsortedOrDuplicateIndex(1).code == "COMMIT_UNSORTED_SIGNATURES")
        #expect(CommitVerificationError.badSignature(validatorIndex: 1).code == "COMMIT_BAD_SIGNATURE")
        #expect(CommitVerificationError.insufficientPower(signed: 1, total: 2).code == "COMMIT_INSUFFICIENT_POWER")
    }

    @Test func lastCommitHash() {
        #expect(Block.lastCommitHash(nil) == .zero)
        let c = Self.commit([1, 2, 3])
        #expect(Block.lastCommitHash(c) == SHA256.hash(c.canonicalBytes))
    }
}

@Suite("Evidence verification")
struct EvidenceVerificationTests {
    static func evidence(signer: Int = 1, index: UInt32 = 1, height: UInt64 = 8) -> EquivocationEvidence {
        let keys = CommitVerificationTests.keys
        var e = EquivocationEvidence(voteType: 1, height: height, round: 3, validatorIndex: index, valueA: SHA256.hash([1]),
                                     signatureA: Signature(unchecked: [UInt8](repeating: 0, count: 64)), valueB: nil,
                                     signatureB: Signature(unchecked: [UInt8](repeating: 0, count: 64)))
        e.signatureA = keys[signer].sign(e.signingMessage(chain: CommitVerificationTests.chain, value: e.valueA))
        e.signatureB = keys[signer].sign(e.signingMessage(chain: CommitVerificationTests.chain, value: e.valueB))
        return e
    }

    @Test func validEvidenceNamesTheMember() throws {
        let member = try EvidenceVerification.verify(Self.evidence(), validators: CommitVerificationTests.set, chain: CommitVerificationTests.chain)
        #expect(member.publicKey == CommitVerificationTests.keys[1].publicKey && member.power == 20)
    }

    @Test func forgedOrMisattributedEvidenceIsRefused() {
        let set = CommitVerificationTests.set, chain = CommitVerificationTests.chain
        // Signed by validator 2 but naming validator 1: nobody can frame another validator.
        #expect(throws: EvidenceVerificationError.badSignature(validatorIndex: 1)) { try EvidenceVerification.verify(Self.evidence(signer: 2), validators: set, chain: chain) }
        var oneForged = Self.evidence()
        oneForged.signatureB = oneForged.signatureA
        #expect(throws: EvidenceVerificationError.badSignature(validatorIndex: 1)) { try EvidenceVerification.verify(oneForged, validators: set, chain: chain) }
        #expect(throws: EvidenceVerificationError.unknownValidatorIndex(9)) { try EvidenceVerification.verify(Self.evidence(index: 9), validators: set, chain: chain) }
        #expect(EvidenceVerificationError.badSignature(validatorIndex: 0).code == "EVIDENCE_BAD_SIGNATURE")
        #expect(EvidenceVerificationError.unknownValidatorIndex(0).code == "EVIDENCE_UNKNOWN_VALIDATOR")
    }
}
