import LedgerConsensus
import LedgerCore
import LedgerCrypto
import Testing

/// A decided height's precommits are its commit (Docs/PROTOCOL.md §5.4): the commit's signing
/// message for a validator is byte for byte that validator's precommit vote message, so the vote
/// signatures verify as commit signatures with no re-signing.
@Suite("Commit from precommits")
struct CommitFromPrecommitsTests {
    @Test(arguments: [(UInt64(1), UInt32(0)), (UInt64(7), UInt32(3)), (UInt64.max, UInt32.max)])
    func signingMessageIsThePrecommitMessage(_ height: UInt64, _ round: UInt32) {
        let net = TestNet(powers: [1, 1, 1, 1])
        let block = value("block \(height)")
        let commit = Commit(height: height, round: round, blockHash: block, signatures: [])
        for i in 0..<4 {
            let precommit = net.vote(.precommit, height: height, round: round, block, from: i)
            #expect(commit.signingMessage(chain: net.chain, validatorIndex: UInt32(i)) == precommit.signingMessage(chain: net.chain))
            // A prevote for the same block is a different message: it cannot stand in for a precommit.
            let prevote = net.vote(.prevote, height: height, round: round, block, from: i)
            #expect(commit.signingMessage(chain: net.chain, validatorIndex: UInt32(i)) != prevote.signingMessage(chain: net.chain))
        }
        #expect(Commit.precommitType == VoteType.precommit.rawValue)
    }

    @Test func precommitsVerifyAsACommit() throws {
        let net = TestNet(powers: [10, 20, 30, 40])
        let block = value("decided")
        // Validators 1, 2, 3 precommit (90 of 100 power): their vote signatures make the commit.
        let votes = [1, 2, 3].map { net.vote(.precommit, height: 9, round: 2, block, from: $0) }
        let commit = Commit(height: 9, round: 2, blockHash: block,
                            signatures: votes.map { CommitSignature(validatorIndex: $0.validatorIndex, signature: $0.signature) })
        let set = net.validators.validators.map { (publicKey: $0.publicKey, power: $0.power) }
        #expect(try CommitVerification.verify(commit, validators: set, chain: net.chain) == 90)
        // Signatures from a prevote do not.
        let prevote = net.vote(.prevote, height: 9, round: 2, block, from: 0)
        var withPrevote = commit
        withPrevote.signatures.insert(CommitSignature(validatorIndex: 0, signature: prevote.signature), at: 0)
        #expect(throws: CommitVerificationError.badSignature(validatorIndex: 0)) {
            try CommitVerification.verify(withPrevote, validators: set, chain: net.chain)
        }
    }
}
