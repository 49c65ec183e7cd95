import LedgerCore
import Testing
@testable import LedgerCrypto

@Suite("Transaction signing")
struct TransactionSigningTests {
    static let seed1 = hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    static let seed2 = hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")
    /// The genesis hash of the worked example's network (Docs/PROTOCOL.md §4.4): 32 bytes of 0xab.
    static let genesis = try! Hash(bytes: [UInt8](repeating: 0xAB, count: 32))

    static func body(sender: PublicKey, chainID: String = "desci-testnet") throws -> TransactionBody {
        let to = Address(publicKey: try SigningKey(seed: seed2).publicKey)
        return TransactionBody(chainID: chainID, sender: sender, nonce: 0, gasLimit: 5000, fee: 100, expiry: 1000,
                               actions: [.transfer(TransferAction(to: to, amount: 250_000))])
    }

    @Test func signedTransactionVerifies() throws {
        let key = try SigningKey(seed: Self.seed1)
        let body = try Self.body(sender: key.publicKey)
        let tx = try Transaction.sign(body, with: key, genesisHash: Self.genesis)
        #expect(tx.hasValidSignature(genesisHash: Self.genesis))
        #expect(tx.body == body)
        #expect(tx.bodyBytes == body.canonicalBytes)
        #expect(tx.id == SHA256.hash(tx.wire))
        #expect(tx.senderAddress == Address(publicKey: key.publicKey))
        #expect(key.publicKey.isValidSignature(tx.signature, for: tx.signingMessage(genesisHash: Self.genesis)))
        let decoded = try Transaction.decode(tx.wire)
        #expect(decoded == tx)
        #expect(decoded.hasValidSignature(genesisHash: Self.genesis))
    }

    /// The worked example in Docs/PROTOCOL.md §4.4, independently reproduced with Python (hashlib and
    /// OpenSSL Ed25519 via `cryptography`).
    @Test func protocolDocumentWorkedExample() throws {
        let key = try SigningKey(seed: Self.seed1)
        let tx = try Transaction.sign(try Self.body(sender: key.publicKey), with: key, genesisHash: Self.genesis)
        #expect(Hex.encode(tx.bodyBytes) == """
            010000000d64657363692d746573746e6574d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707\
            511a0000000000000000000000000000138800000000000000640100000000000003e800000001000139f713d0a64425\
            3f04529421b9f51b9b08979d08000000000003d090
            """)
        #expect(Hex.encode(tx.signingMessage(genesisHash: Self.genesis))
            == "0000000b64657363692f74782f76310000000d64657363692d746573746e6574" + String(repeating: "ab", count: 32) + Hex.encode(tx.bodyBytes))
        #expect(tx.signature.hex == """
            6f7da95724387afa99a706064e1fdefe57f467e517b6c39d58223f00a10038f28e7b6ec1ea62783f31dc6b64a063da4e\
            d0e8976311574e09a13f96323255670d
            """)
        #expect(tx.wire.count == 181)
        #expect(tx.id.hex == "8c849b51fe0ac6b7fd1c38c11fbfef6c26a8d1496fd7f5e9634fbeac627151c9")
        #expect(MerkleTree.root(leaves: [tx.id.bytes]).hex == "e3729ea276820dee901014dd9e8689e77bd34aee781e4a291725ffb73ef9617a")

        // §7.2: the receipt of that transaction.
        let receipt = Receipt(transactionID: tx.id, status: .success, gasUsed: 4730, feePaid: 100, events: [
            Event(kind: "transfer", attributes: [
                ("from", tx.senderAddress.bech32), ("to", "desci188m3859xgsjn7pzjjssmnagmnvyf08ggaq4x5a"), ("amount", "250000"),
            ]),
        ])
        #expect(receipt.canonicalBytes.count == 207)
        let receiptHash = SHA256.hash(receipt.canonicalBytes)
        #expect(receiptHash.hex == "fbdd0bbb143253e79956d2e22143a5503771f13f1f69b2789cf57a2d7266ffc3")
        // The results root commits to the receipt without its message.
        #expect(receipt.commitmentBytes.count == 203)
        let commitment = SHA256.hash(receipt.commitmentBytes)
        #expect(commitment.hex == "e41e5304c91dd7509b2b05e517f61d5b8b96d2569a865020ef074b1e2ed704b6")
        #expect(MerkleTree.root(leaves: [commitment.bytes]).hex == "85e411e43e7d5bf9fd036e583ad9fd4f7e197cebe8befa03255e7fefc734c494")
    }

    @Test func signatureForAnotherChainDoesNotVerify() throws {
        let key = try SigningKey(seed: Self.seed1)
        let g = Self.genesis
        let tx = try Transaction.sign(try Self.body(sender: key.publicKey, chainID: "chain-a"), with: key, genesisHash: g)
        #expect(tx.hasValidSignature(genesisHash: g))
        // Same body and signature, but the body bytes now name another chain.
        let moved = try Transaction.decode(Transaction.wire(body: try Self.body(sender: key.publicKey, chainID: "chain-b"),
                                                            signature: tx.signature))
        #expect(!moved.hasValidSignature(genesisHash: g))
        // Signing the right body under the wrong chain id in the domain also fails.
        let wrongDomain = key.sign(SigningDomain.transaction.message(chain: ChainIdentity(chainID: "chain-b", genesisHash: g), payload: tx.bodyBytes))
        let forged = try Transaction.decode(Transaction.wire(body: tx.body, signature: wrongDomain))
        #expect(!forged.hasValidSignature(genesisHash: g))
        // A vote-domain (commit) signature over the same payload is not a transaction signature.
        let commitDomain = key.sign(SigningDomain.vote.message(chain: ChainIdentity(chainID: "chain-a", genesisHash: g), payload: tx.bodyBytes))
        #expect(!(try Transaction.decode(Transaction.wire(body: tx.body, signature: commitDomain))).hasValidSignature(genesisHash: g))
        // Signing the bare body (no domain) is not accepted either.
        #expect(!(try Transaction.decode(Transaction.wire(body: tx.body, signature: key.sign(tx.bodyBytes)))).hasValidSignature(genesisHash: g))
    }

    /// Two dev networks with the same chain id but different genesis documents: a signature made for
    /// one is worthless on the other (the replay the genesis hash in the message prevents).
    @Test func signatureForAnotherGenesisDoesNotVerify() throws {
        let key = try SigningKey(seed: Self.seed1)
        let first = SHA256.hash(Array("devnet genesis, Monday".utf8))
        let second = SHA256.hash(Array("devnet genesis, Tuesday".utf8))
        let tx = try Transaction.sign(try Self.body(sender: key.publicKey), with: key, genesisHash: first)
        #expect(tx.hasValidSignature(genesisHash: first))
        #expect(!tx.hasValidSignature(genesisHash: second))
        #expect(!tx.hasValidSignature(genesisHash: .zero))
    }

    /// Every field before the payload is length-prefixed, so a message of one domain or chain id can
    /// never be re-read as another: moving bytes between the chain id and the payload changes the message.
    @Test func signingMessagesAreUnambiguous() throws {
        let g = Self.genesis
        let a = SigningDomain.transaction.message(chain: ChainIdentity(chainID: "ab", genesisHash: g), payload: [0x63])
        let b = SigningDomain.transaction.message(chain: ChainIdentity(chainID: "a", genesisHash: g), payload: [0x62, 0x63])
        #expect(a != b)
        for domain in SigningDomain.allCases {
            let m = domain.message(chain: ChainIdentity(chainID: "c", genesisHash: g), payload: [])
            #expect(Array(m.prefix(4)) == [0, 0, 0, UInt8(domain.rawValue.utf8.count)])
            #expect(Array(m[4..<(4 + domain.rawValue.utf8.count)]) == Array(domain.rawValue.utf8))
        }
        #expect(Set(SigningDomain.allCases.map(\.rawValue)).count == SigningDomain.allCases.count)
    }

    @Test func everyTamperedBodyByteInvalidatesTheSignature() throws {
        let key = try SigningKey(seed: Self.seed1)
        let tx = try Transaction.sign(try Self.body(sender: key.publicKey), with: key, genesisHash: Self.genesis)
        var decodedTampered = 0
        for i in 0..<tx.bodyBytes.count {
            for mask: UInt8 in [0x01, 0x80] {
                var wire = tx.wire
                wire[i] ^= mask
                guard let bad = try? Transaction.decode(wire) else { continue }
                decodedTampered += 1
                #expect(!bad.hasValidSignature(genesisHash: Self.genesis), "byte \(i) ^ \(mask)")
                #expect(bad.id != tx.id)
            }
        }
        #expect(decodedTampered > 150)
    }

    @Test func signatureFromAnotherKeyFails() throws {
        let owner = try SigningKey(seed: Self.seed1)
        let other = try SigningKey(seed: Self.seed2)
        let body = try Self.body(sender: owner.publicKey)
        let tx = try Transaction.sign(body, with: other, genesisHash: Self.genesis)
        #expect(!tx.hasValidSignature(genesisHash: Self.genesis))
        // Claiming the signer's key as sender makes the same signature valid, so it is the key that matters.
        var claimed = body
        claimed.sender = other.publicKey
        #expect(try Transaction.sign(claimed, with: other, genesisHash: Self.genesis).hasValidSignature(genesisHash: Self.genesis))
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
        let net = ChainIdentity(chainID: "desci-testnet", genesisHash: Self.genesis)
        func message(_ net: ChainIdentity, height: UInt64 = 1, round: UInt32 = 0, index: UInt32 = 0) -> [UInt8] {
            Commit(height: height, round: round, blockHash: hash, signatures: []).signingMessage(chain: net, validatorIndex: index)
        }
        let msg = message(net)
        let sig = key.sign(msg)
        #expect(key.publicKey.isValidSignature(sig, for: msg))
        #expect(!key.publicKey.isValidSignature(sig, for: message(net, height: 2)))
        #expect(!key.publicKey.isValidSignature(sig, for: message(net, round: 1)))
        #expect(!key.publicKey.isValidSignature(sig, for: message(net, index: 1)))
        #expect(!key.publicKey.isValidSignature(sig, for: message(ChainIdentity(chainID: "other", genesisHash: Self.genesis))))
        #expect(!key.publicKey.isValidSignature(sig, for: message(ChainIdentity(chainID: "desci-testnet", genesisHash: .zero))))
        // §5.4 example bytes: the precommit of validator 0 in round 0 for the all-zero block hash at height 1.
        #expect(Hex.encode(Commit(height: 1, round: 0, blockHash: .zero, signatures: []).signingMessage(chain: net, validatorIndex: 0))
            == "0000000d" + "64657363692f766f74652f7631" + "0000000d" + "64657363692d746573746e6574" + String(repeating: "ab", count: 32)
            + "02" + "0000000000000001" + "00000000" + "01" + String(repeating: "0", count: 64) + "00000000")
    }
}
