import LedgerCore
import Testing
@testable import LedgerCrypto

@Suite("Transaction signing")
struct TransactionSigningTests {
    static let seed1 = hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    static let seed2 = hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")

    static func body(sender: PublicKey, chainID: String = "desci-testnet") throws -> TransactionBody {
        let to = Address(publicKey: try SigningKey(seed: seed2).publicKey)
        return TransactionBody(chainID: chainID, sender: sender, nonce: 0, gasLimit: 5000, fee: 100, expiry: 1000,
                               actions: [.transfer(TransferAction(to: to, amount: 250_000))])
    }

    @Test func signedTransactionVerifies() throws {
        let key = try SigningKey(seed: Self.seed1)
        let body = try Self.body(sender: key.publicKey)
        let tx = try Transaction.sign(body, with: key)
        #expect(tx.hasValidSignature)
        #expect(tx.body == body)
        #expect(tx.bodyBytes == body.canonicalBytes)
        #expect(tx.id == SHA256.hash(tx.wire))
        #expect(tx.senderAddress == Address(publicKey: key.publicKey))
        #expect(key.publicKey.isValidSignature(tx.signature, for: tx.signingMessage))
        let decoded = try Transaction.decode(tx.wire)
        #expect(decoded == tx)
        #expect(decoded.hasValidSignature)
    }

    /// The worked example in Docs/PROTOCOL.md §4.4, independently reproduced with Python (hashlib and
    /// OpenSSL Ed25519 via `cryptography`).
    @Test func protocolDocumentWorkedExample() throws {
        let key = try SigningKey(seed: Self.seed1)
        let tx = try Transaction.sign(try Self.body(sender: key.publicKey), with: key)
        #expect(Hex.encode(tx.bodyBytes) == """
            010000000d64657363692d746573746e6574d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707\
            511a0000000000000000000000000000138800000000000000640100000000000003e800000001000139f713d0a64425\
            3f04529421b9f51b9b08979d08000000000003d090
            """)
        #expect(Hex.encode(tx.signingMessage) == "64657363692f74782f76310000000d64657363692d746573746e6574" + Hex.encode(tx.bodyBytes))
        #expect(tx.signature.hex == """
            fd664838012f3fe4e76bd4371791968c37629d0829ca7f2c47c0beac480278c9fe617213ceb4b30331782fdca322c7b0\
            ee272c62855ed62604f1b17bd11c5a06
            """)
        #expect(tx.wire.count == 181)
        #expect(tx.id.hex == "e052c3a0831bad217957fe8e625573d3b560b894d2045f897603ea84aca99081")
        #expect(MerkleTree.root(leaves: [tx.id.bytes]).hex == "70d3e677ba5800987f470571e4c293ca8bdf06d1dfdcfa1ecb1c27da3c61e6f7")

        // §7.2: the receipt of that transaction.
        let receipt = Receipt(transactionID: tx.id, status: .success, gasUsed: 4730, feePaid: 100, events: [
            Event(kind: "transfer", attributes: [
                ("from", tx.senderAddress.bech32), ("to", "desci188m3859xgsjn7pzjjssmnagmnvyf08ggaq4x5a"), ("amount", "250000"),
            ]),
        ])
        #expect(receipt.canonicalBytes.count == 207)
        let receiptHash = SHA256.hash(receipt.canonicalBytes)
        #expect(receiptHash.hex == "296bb5f27335170831440bee1b4afbc813d918643dac01c43f11320d31a1de77")
        // The results root commits to the receipt without its message.
        #expect(receipt.commitmentBytes.count == 203)
        let commitment = SHA256.hash(receipt.commitmentBytes)
        #expect(commitment.hex == "adbe6c5997a5f262995d68fe54273ccf4f10165529534b801ffee5409ab8ccf1")
        #expect(MerkleTree.root(leaves: [commitment.bytes]).hex == "d0a6debb09a34f88c3d636e159969b527a2b5124ef456b32b95baf4b77ef9ab4")
    }

    @Test func signatureForAnotherChainDoesNotVerify() throws {
        let key = try SigningKey(seed: Self.seed1)
        let tx = try Transaction.sign(try Self.body(sender: key.publicKey, chainID: "chain-a"), with: key)
        #expect(tx.hasValidSignature)
        // Same body and signature, but the body bytes now name another chain.
        let moved = try Transaction.decode(Transaction.wire(body: try Self.body(sender: key.publicKey, chainID: "chain-b"),
                                                            signature: tx.signature))
        #expect(!moved.hasValidSignature)
        // Signing the right body under the wrong chain id in the domain also fails.
        let wrongDomain = key.sign(SigningDomain.transaction.message(chainID: "chain-b", payload: tx.bodyBytes))
        let forged = try Transaction.decode(Transaction.wire(body: tx.body, signature: wrongDomain))
        #expect(!forged.hasValidSignature)
        // A commit-domain signature over the same payload is not a transaction signature.
        let commitDomain = key.sign(SigningDomain.commit.message(chainID: "chain-a", payload: tx.bodyBytes))
        #expect(!(try Transaction.decode(Transaction.wire(body: tx.body, signature: commitDomain))).hasValidSignature)
        // Signing the bare body (no domain) is not accepted either.
        #expect(!(try Transaction.decode(Transaction.wire(body: tx.body, signature: key.sign(tx.bodyBytes)))).hasValidSignature)
    }

    @Test func everyTamperedBodyByteInvalidatesTheSignature() throws {
        let key = try SigningKey(seed: Self.seed1)
        let tx = try Transaction.sign(try Self.body(sender: key.publicKey), with: key)
        var decodedTampered = 0
        for i in 0..<tx.bodyBytes.count {
            for mask: UInt8 in [0x01, 0x80] {
                var wire = tx.wire
                wire[i] ^= mask
                guard let bad = try? Transaction.decode(wire) else { continue }
                decodedTampered += 1
                #expect(!bad.hasValidSignature, "byte \(i) ^ \(mask)")
                #expect(bad.id != tx.id)
            }
        }
        #expect(decodedTampered > 150)
    }

    @Test func signatureFromAnotherKeyFails() throws {
        let owner = try SigningKey(seed: Self.seed1)
        let other = try SigningKey(seed: Self.seed2)
        let body = try Self.body(sender: owner.publicKey)
        let tx = try Transaction.sign(body, with: other)
        #expect(!tx.hasValidSignature)
        // Claiming the signer's key as sender makes the same signature valid, so it is the key that matters.
        var claimed = body
        claimed.sender = other.publicKey
        #expect(try Transaction.sign(claimed, with: other).hasValidSignature)
    }

    @Test func blockHeaderHashIsSHA256OfCanonicalBytes() throws {
        let header = BlockHeader(chainID: "c", height: 1, timeMillis: 2, previousHash: .zero, transactionsRoot: MerkleTree.emptyRoot,
                                 resultsRoot: MerkleTree.emptyRoot, stateRoot: .zero, validatorsHash: .zero,
                                 proposer: Address(publicKey: try SigningKey(seed: Self.seed1).publicKey), transactionCount: 0)
        #expect(header.hash == SHA256.hash(header.canonicalBytes))
        var next = header
        next.height = 2
        #expect(next.hash != header.hash)
    }

    @Test func commitSignaturesVerifyOverTheCommitMessage() throws {
        let key = try SigningKey(seed: Self.seed1)
        let hash = SHA256.hash([1, 2, 3])
        let msg = Commit.signingMessage(chainID: "desci-testnet", height: 1, blockHash: hash)
        let sig = key.sign(msg)
        #expect(key.publicKey.isValidSignature(sig, for: msg))
        #expect(!key.publicKey.isValidSignature(sig, for: Commit.signingMessage(chainID: "desci-testnet", height: 2, blockHash: hash)))
        #expect(!key.publicKey.isValidSignature(sig, for: Commit.signingMessage(chainID: "other", height: 1, blockHash: hash)))
        // §5.4 example bytes.
        #expect(Hex.encode(Commit.signingMessage(chainID: "desci-testnet", height: 1, blockHash: .zero))
            == "64657363692f636f6d6d69742f7631" + "0000000d" + "64657363692d746573746e6574" + "0000000000000001"
            + String(repeating: "0", count: 64))
    }
}
