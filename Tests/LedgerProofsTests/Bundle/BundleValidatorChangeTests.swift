import LedgerCore
import LedgerCrypto
import LedgerProofs
import Testing

/// Validator-set transitions, built by hand (no node applies `validator.update` on this branch):
/// trust passes from the genesis set through each change's header and commit.
@Suite("Audit bundle: validator-set history")
struct BundleValidatorChangeTests {
    static let chainID = "bundle-test"
    static func k(_ n: UInt8) -> SigningKey { try! SigningKey(seed: [UInt8](repeating: n, count: 32)) }
    static let genesisSet = [BundleValidator(publicKey: k(1).publicKey, power: 10)]
    static let nextSet = [k(2), k(3), k(4)].map { BundleValidator(publicKey: $0.publicKey, power: 5) }

    /// Canonical genesis bytes as GenesisDocument writes them (chain id, time, params, validators, …).
    static var genesis: [UInt8] {
        var w = CanonicalWriter()
        w.raw(Array("desci/genesis/v1".utf8))
        w.string(chainID)
        for v in [UInt64(0), 1 << 20, 1 << 30, 1000] { w.u64(v) }
        w.list(genesisSet) { w, v in w.string("v0"); w.fixed(v.publicKey); w.u64(v.power) }
        w.list([UInt8]()) { $0.u8($1) } // accounts
        w.u64(1)
        return w.bytes
    }
    static var identity: ChainIdentity { ChainIdentity(chainID: chainID, genesisHash: SHA256.hash(genesis)) }

    static func header(_ h: UInt64, set: [BundleValidator], next: [BundleValidator], stateRoot: Hash = SHA256.hash([]),
                       logSize: UInt64 = 0, logRoot: Hash = BlockHeader.emptyLogRoot) -> BlockHeader {
        BlockHeader(chainID: chainID, height: h, timeMillis: 1000 * h, previousHash: SHA256.hash([UInt8(h)]), transactionsRoot: SHA256.hash([]),
                    resultsRoot: SHA256.hash([]), stateRoot: stateRoot, validatorsHash: BundleValidator.setHash(set),
                    nextValidatorsHash: BundleValidator.setHash(next), proposer: Address(publicKey: k(1).publicKey), transactionCount: 0,
                    logSize: logSize, logRoot: logRoot)
    }

    static func commit(_ header: BlockHeader, by keys: [SigningKey]) -> Commit {
        let hash = SHA256.hash(header.canonicalBytes)
        // Each signer signs as its index in the set of the header's height (or, for the tests that sign
        // with the wrong set, its index in the other set).
        let set = header.validatorsHash == BundleValidator.setHash(genesisSet) ? genesisSet : nextSet
        let other = set == genesisSet ? nextSet : genesisSet
        let sigs = keys.map { key -> CommitSignature in
            let i = UInt32(set.firstIndex { $0.publicKey == key.publicKey } ?? other.firstIndex { $0.publicKey == key.publicKey }!)
            let c = Commit(height: header.height, round: 0, blockHash: hash, signatures: [])
            return CommitSignature(validatorIndex: i, signature: key.sign(c.signingMessage(chain: identity, validatorIndex: i)))
        }.sorted { $0.validatorIndex < $1.validatorIndex }
        return Commit(height: header.height, round: 0, blockHash: hash, signatures: sigs)
    }

    /// One registration by key 9, alone in the log and in state.
    static func record() throws -> (AuditBundle.Record, stateRoot: Hash, logRoot: Hash) {
        let author = k(9)
        let reg = RegisterContribution(kind: .dataset, title: "d", digest: [0x12, 0x20] + SHA256.hash([1]).bytes, size: 1, license: "CC0-1.0",
                                       contributors: [], references: [], previousVersion: nil, derivedFrom: [], activity: nil)
        let body = TransactionBody(chainID: chainID, sender: author.publicKey, nonce: 0, gasLimit: 1_000_000, fee: 1, expiry: nil,
                                   actions: [.registerContribution(reg)])
        let tx = try Transaction.sign(body, with: author, genesisHash: identity.genesisHash)
        let entry = LogLeaf.action(tx, height: 2, txIndex: 0, actionIndex: 0).entry
        let id = RecordID.derive(transaction: tx.id, actionIndex: 0, kind: "contribution")
        var w = CanonicalWriter()
        w.fixed(id); w.address(Address(publicKey: author.publicKey)); w.u64(2); w.u64(2000); w.value(reg)
        w.list([UInt8]()) { $0.u8($1) }; w.u32(1); w.u8(0); w.u8(0); w.u8(RecordStatus.registered.rawValue)
        let value = w.bytes
        let keyHash = SHA256.hash(ContributionStateView.stateKey(id))
        let proof = StateProof(terminal: .leaf(keyHash: keyHash, valueHash: SHA256.hash(value)), siblings: [])
        // No attestation: the same lone leaf proves that no tally is stored (its key hash differs).
        return (.init(logIndex: 0, entry: entry, inclusionProof: [], stateValue: value, stateProof: proof.bytes, tallyValue: [], tallyProof: proof.bytes),
                StateTreeHashing.leaf(keyHash: keyHash, valueHash: SHA256.hash(value)), MerkleTree.leafHash(entry))
    }

    /// Height 3 changes the set (k1 → k2,k3,k4); the anchor at height 5 is signed by the new set.
    static func bundle(changeSignedBy: [SigningKey] = [k(1)], anchorSignedBy: [SigningKey] = [k(2), k(3), k(4)],
                       newSet: [BundleValidator] = nextSet) throws -> AuditBundle {
        let (rec, stateRoot, logRoot) = try record()
        let change = header(3, set: genesisSet, next: newSet)
        let anchor = header(5, set: nextSet, next: nextSet, stateRoot: stateRoot, logSize: 1, logRoot: logRoot)
        return AuditBundle(genesis: genesis, changes: [.init(header: change, commit: commit(change, by: changeSignedBy), validators: newSet)],
                           header: anchor, commit: commit(anchor, by: anchorSignedBy), records: [rec], attestations: [],
                           prov: Array("{}".utf8))
    }

    static let trust = BundleTrust(genesisHash: SHA256.hash(genesis))

    @Test func trustPassesThroughAChange() throws {
        let b = try Self.bundle()
        let report = try BundleVerifier.verify(b.bytes, trust: Self.trust)
        #expect(report.validatorChanges == 1 && report.signedPower == 15 && report.totalPower == 15 && report.height == 5)
        // Two of the three new validators sign 10 of 15: exactly two thirds is not more than two thirds.
        #expect { try BundleVerifier.verify(try Self.bundle(anchorSignedBy: [Self.k(2), Self.k(3)]), trust: Self.trust) }
            throws: { ($0 as? BundleError)?.code == "BUNDLE_COMMIT_INVALID" }
    }

    @Test func theChangeMustBeSignedByTheSetTrustedBeforeIt() throws {
        // Signed by the new set itself (which is not yet trusted).
        #expect(throws: BundleError.validatorChange(index: 0, reason: "COMMIT_BAD_SIGNATURE: the signature of validator 0 is invalid")) {
            try BundleVerifier.verify(try Self.bundle(changeSignedBy: [Self.k(2), Self.k(3), Self.k(4)]), trust: Self.trust)
        }
    }

    @Test func theNewSetMustHashToNextValidatorsHash() throws {
        var b = try Self.bundle()
        b.changes[0].validators[0].power = 6
        #expect(throws: BundleError.validatorChange(index: 0, reason: "the new set does not hash to the header's nextValidatorsHash")) {
            try BundleVerifier.verify(b, trust: Self.trust)
        }
    }

    @Test func skippingTheChangeFails() throws {
        var b = try Self.bundle()
        b.changes = []
        #expect(throws: BundleError.anchor("validatorsHash is not the trusted set's")) { try BundleVerifier.verify(b, trust: Self.trust) }
    }

    @Test func everyByteFlipFails() throws {
        let bytes = try Self.bundle().bytes
        let accepted = bytes.indices.filter { i in
            var m = bytes
            m[i] ^= 0x80
            return (try? BundleVerifier.verify(m, trust: Self.trust)) != nil
        }
        #expect(accepted.isEmpty, "\(accepted.count) of \(bytes.count) flips still verify: \(accepted.prefix(10))")
    }
}
