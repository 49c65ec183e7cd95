import LedgerCore
import LedgerCrypto

/// What the auditor trusts: the genesis, as its hash (`desci-node genesis validate` prints it)
/// and/or as the chain id and validator set read from the genesis file. At least one is required.
public struct BundleTrust: Sendable, Equatable {
    public var genesisHash: Hash?
    public var chainID: String?
    public var validators: [BundleValidator]?

    public init(genesisHash: Hash? = nil, chainID: String? = nil, validators: [BundleValidator]? = nil) {
        self.genesisHash = genesisHash
        self.chainID = chainID
        self.validators = validators
    }
}

/// What a verified bundle proves.
public struct BundleReport: Sendable, Equatable {
    public struct Record: Sendable, Equatable {
        public var id: Hash
        public var logIndex: UInt64
        public var height: UInt64
        public var title: String
        public var digest: [UInt8]
        public var license: String
        public var registrant: Address
        public var derivedFrom: [Hash]
        public var confirmations: [ContributionStateView.Confirmation]
        public var retracted: Bool
        public var status: String
        /// The record's attestations at the anchor (from its proved tally; the bundle carries each one).
        public var activeAttestations: UInt64
        public var revokedAttestations: UInt64
    }

    /// One attestation, proved: signed by `attester`, in the log, and active or revoked at the anchor.
    public struct Attestation: Sendable, Equatable {
        public var id: Hash
        public var subject: Hash
        public var attester: Address
        public var kind: String
        public var verdict: String
        public var comment: String
        public var height: UInt64
        public var logIndex: UInt64
        /// False when the attester is a contributor of the subject (then it does not count toward status).
        public var independent: Bool
        /// Set when revoked: the revocation's height and log index.
        public var revokedHeight: UInt64?
        public var revocationLogIndex: UInt64?
        public var revoked: Bool { revokedHeight != nil }
    }

    public var chainID: String
    public var genesisHash: Hash
    public var validatorChanges: Int
    public var height: UInt64
    public var blockHash: Hash
    public var signedPower: UInt64
    public var totalPower: UInt64
    public var logSize: UInt64
    public var logRoot: Hash
    public var stateRoot: Hash
    /// Ancestors first; the last is the audited record.
    public var records: [Record]
    /// Every attestation of the records, in log order; revoked ones have `revoked` set.
    public var attestations: [Attestation]
    public var fileVerified: Bool
    public var provBytes: Int

    public var audited: Record { records[records.count - 1] }
    /// Records in the lineage (the audited one included) that are retracted.
    public var retracted: [Record] { records.filter(\.retracted) }
}

/// Verifies an `AuditBundle` with no node and no network (Docs/PROOFS.md, "Verifying a bundle").
public enum BundleVerifier {
    public static func verify(_ bytes: [UInt8], trust: BundleTrust, fileDigest: Hash? = nil) throws -> BundleReport {
        try verify(try AuditBundle(bytes: bytes), trust: trust, fileDigest: fileDigest)
    }

    public static func verify(_ b: AuditBundle, trust: BundleTrust, fileDigest: Hash? = nil) throws -> BundleReport {
        // 1. Genesis: the trust anchor.
        guard trust.genesisHash != nil || (trust.chainID != nil && trust.validators != nil) else {
            throw BundleError.genesis("nothing trusted: give the genesis hash or the genesis chain id and validators")
        }
        let genesis = try GenesisAnchor(canonicalBytes: b.genesis)
        if let h = trust.genesisHash, h != genesis.hash { throw BundleError.genesis("the bundle's genesis hashes to \(genesis.hash.hex), not the trusted \(h.hex)") }
        if let c = trust.chainID, c != genesis.chainID { throw BundleError.genesis("the bundle is for chain '\(genesis.chainID)', not '\(c)'") }
        if let v = trust.validators, v != genesis.validators { throw BundleError.genesis("the bundle's genesis validators differ from the trusted genesis file's") }
        let chain = genesis.identity

        // 2. Validator-set history: trust passes from the genesis set through each change.
        var trusted = genesis.validators
        var lastHeight: UInt64 = 0
        for (i, change) in b.changes.enumerated() {
            let h = change.header
            guard h.height > lastHeight else { throw BundleError.validatorChange(index: i, reason: "height \(h.height) does not follow \(lastHeight)") }
            guard h.chainID == chain.chainID else { throw BundleError.validatorChange(index: i, reason: "header chain id '\(h.chainID)'") }
            guard h.validatorsHash == BundleValidator.setHash(trusted) else {
                throw BundleError.validatorChange(index: i, reason: "the header's validatorsHash is not the trusted set's")
            }
            guard h.nextValidatorsHash != h.validatorsHash else { throw BundleError.validatorChange(index: i, reason: "the header changes no validator") }
            guard !change.validators.isEmpty, change.validators.count <= ProtocolLimits.maxValidators,
                  case .success = VotingPower.total(change.validators.map(\.power)),
                  Set(change.validators.map(\.publicKey)).count == change.validators.count else {
                throw BundleError.validatorChange(index: i, reason: "the new set is empty, has a duplicate key or powers out of range")
            }
            guard BundleValidator.setHash(change.validators) == h.nextValidatorsHash else {
                throw BundleError.validatorChange(index: i, reason: "the new set does not hash to the header's nextValidatorsHash")
            }
            do { _ = try checkCommit(change.commit, header: h, validators: trusted, chain: chain) } catch let e as CommitFailure {
                throw BundleError.validatorChange(index: i, reason: e.reason)
            }
            // A change in header H's nextValidatorsHash signs from height H + 1 on.
            trusted = change.validators
            lastHeight = h.height
        }

        // 3. The anchor header and its commit.
        let header = b.header
        guard header.chainID == chain.chainID else { throw BundleError.anchor("header chain id '\(header.chainID)', genesis '\(chain.chainID)'") }
        guard header.height > lastHeight else { throw BundleError.anchor("height \(header.height) is not after the last validator change at \(lastHeight)") }
        guard header.validatorsHash == BundleValidator.setHash(trusted) else { throw BundleError.anchor("validatorsHash is not the trusted set's") }
        let signed: UInt64
        do { signed = try checkCommit(b.commit, header: header, validators: trusted, chain: chain) } catch let e as CommitFailure {
            throw BundleError.anchor(e.reason)
        }

        // 4. Records: entries, signatures, inclusion, lineage order, state.
        guard !b.records.isEmpty else { throw BundleError.malformed("the bundle holds no record") }
        var reports: [BundleReport.Record] = []
        var position: [Hash: Int] = [:]
        var previousIndex: UInt64?
        for (i, rec) in b.records.enumerated() {
            func fail(_ why: String) -> BundleError { .record(index: i, reason: why) }
            if let p = previousIndex, rec.logIndex <= p { throw fail("log index \(rec.logIndex) does not follow \(p): records must be in log order") }
            previousIndex = rec.logIndex
            let leaf: LogLeaf
            do { leaf = try LogLeaf(entry: rec.entry) } catch { throw fail("entry: \(error)") }
            guard leaf.entry == rec.entry else { throw fail("the entry is not canonical") }
            guard let signedTx = try? leaf.signedTransaction(genesisHash: chain.genesisHash) else {
                throw fail("the entry does not carry its whole signed transaction (kind 1)")
            }
            guard signedTx.transaction.body.chainID == chain.chainID else { throw fail("the transaction is for chain '\(signedTx.transaction.body.chainID)'") }
            guard signedTx.signatureValid else { throw fail("the transaction signature does not verify for this chain") }
            guard case let .registerContribution(reg) = signedTx.action else { throw fail("action \(leaf.actionIndex) is not a registration") }
            guard leaf.height <= header.height else { throw fail("recorded at height \(leaf.height), after the anchor \(header.height)") }
            let id = RecordID.derive(transaction: signedTx.transaction.id, actionIndex: leaf.actionIndex, kind: "contribution")
            guard position[id] == nil else { throw fail("record \(id.hex) appears twice") }

            do {
                try LogVerifier.verifyInclusion(leafHash: MerkleTree.leafHash(rec.entry), index: rec.logIndex, size: header.logSize,
                                                proof: rec.inclusionProof, root: header.logRoot)
            } catch let e as LogError {
                throw BundleError.inclusion(index: i, reason: "\(e.code): \(e.description)")
            }

            // Parents precede children: every input is an earlier record of the bundle.
            for parent in reg.derivedFrom where position[parent] == nil {
                throw fail("derived from \(parent.hex), which is not an earlier record of the bundle")
            }

            let view: ContributionStateView
            do {
                view = try ContributionStateView(canonical: rec.stateValue)
                let proof = try StateProof(bytes: rec.stateProof)
                try proof.verify(root: header.stateRoot, stateKey: ContributionStateView.stateKey(id), value: rec.stateValue)
                guard proof.bytes == rec.stateProof else { throw StateProofError.malformed("not canonical") }
            } catch let e as StateProofError {
                throw BundleError.state(index: i, reason: "\(e.code): \(e.description)")
            } catch {
                throw BundleError.state(index: i, reason: "state value: \(error)")
            }
            guard view.id == id, view.registration == reg, view.height == leaf.height,
                  view.registrant == signedTx.transaction.senderAddress else {
                throw BundleError.state(index: i, reason: "the stored record is not the one the entry registers")
            }
            let tally: AttestationTallyView
            do {
                tally = rec.tallyValue.isEmpty ? .none : try AttestationTallyView(canonical: rec.tallyValue)
                let proof = try StateProof(bytes: rec.tallyProof)
                try proof.verify(root: header.stateRoot, stateKey: AttestationTallyView.stateKey(id), value: rec.tallyValue.isEmpty ? nil : rec.tallyValue)
                guard proof.bytes == rec.tallyProof else { throw StateProofError.malformed("not canonical") }
            } catch let e as StateProofError {
                throw BundleError.state(index: i, reason: "attestation tally: \(e.code): \(e.description)")
            } catch {
                throw BundleError.state(index: i, reason: "attestation tally value: \(error)")
            }
            position[id] = i
            reports.append(.init(id: id, logIndex: rec.logIndex, height: leaf.height, title: reg.title, digest: reg.digest, license: reg.license,
                                 registrant: view.registrant, derivedFrom: reg.derivedFrom, confirmations: view.confirmations,
                                 retracted: view.retractionReason != nil, status: view.status.name,
                                 activeAttestations: tally.active, revokedAttestations: tally.revoked))
        }

        // Every record but the last is an ancestor of the last: nothing unproved rides along.
        var reach: Set<Int> = [b.records.count - 1]
        for i in stride(from: b.records.count - 1, through: 0, by: -1) where reach.contains(i) {
            for p in reports[i].derivedFrom { reach.insert(position[p]!) }
        }
        if let stray = (0..<b.records.count).first(where: { !reach.contains($0) }) {
            throw BundleError.record(index: stray, reason: "not an ancestor of the audited record")
        }

        // 5. Attestations: each one signed, logged, of a bundled record, and active or revoked as state says;
        // per record, exactly as many active and revoked ones as its proved tally counts.
        let attestations = try verifyAttestations(b.attestations, records: reports, position: position, header: header, chain: chain)

        // 6. File and PROV-JSON.
        var fileVerified = false
        if let d = fileDigest {
            let want = [0x12, 0x20] + d.bytes
            guard reports[reports.count - 1].digest == want else { throw BundleError.fileDigest("SHA-256 \(d.hex) is not the audited record's digest") }
            fileVerified = true
        }
        guard SHA256.hash(b.prov) == b.provDigest else { throw BundleError.prov }

        let total = trusted.reduce(UInt64(0)) { $0 + $1.power }
        return BundleReport(chainID: chain.chainID, genesisHash: chain.genesisHash, validatorChanges: b.changes.count, height: header.height,
                            blockHash: SHA256.hash(header.canonicalBytes), signedPower: signed, totalPower: total, logSize: header.logSize,
                            logRoot: header.logRoot, stateRoot: header.stateRoot, records: reports, attestations: attestations, fileVerified: fileVerified,
                            provBytes: b.prov.count)
    }

    struct CommitFailure: Error { var reason: String }

    /// Docs/PROOFS.md, "Verifying a bundle", step 7.
    static func verifyAttestations(_ list: [AuditBundle.Attestation], records: [BundleReport.Record], position: [Hash: Int],
                                   header: BlockHeader, chain: ChainIdentity) throws -> [BundleReport.Attestation] {
        var out: [BundleReport.Attestation] = []
        var seen: Set<Hash> = []
        var previousIndex: UInt64?
        var counts: [Hash: (active: UInt64, revoked: UInt64)] = [:]
        for (j, a) in list.enumerated() {
            func fail(_ why: String) -> BundleError { .attestation(index: j, reason: why) }
            if let p = previousIndex, a.attest.logIndex <= p { throw fail("log index \(a.attest.logIndex) does not follow \(p): attestations must be in log order") }
            previousIndex = a.attest.logIndex
            let (leaf, tx, action) = try signedEntry(a.attest, header: header, chain: chain) { fail($0) }
            guard case let .attest(attest) = action else { throw fail("action \(leaf.actionIndex) is not an attestation") }
            let id = RecordID.derive(transaction: tx.id, actionIndex: leaf.actionIndex, kind: "attestation")
            guard seen.insert(id).inserted else { throw fail("attestation \(id.hex) appears twice") }
            guard position[attest.subject] != nil else { throw fail("its subject \(attest.subject.hex) is not a record of the bundle") }

            let view: AttestationStateView
            do {
                view = try AttestationStateView(canonical: a.stateValue)
                let proof = try StateProof(bytes: a.stateProof)
                try proof.verify(root: header.stateRoot, stateKey: AttestationStateView.stateKey(id), value: a.stateValue)
                guard proof.bytes == a.stateProof else { throw StateProofError.malformed("not canonical") }
            } catch let e as StateProofError {
                throw fail("state proof: \(e.code): \(e.description)")
            } catch {
                throw fail("state value: \(error)")
            }
            guard view.id == id, view.attestation == attest, view.height == leaf.height, view.attester == tx.senderAddress else {
                throw fail("the stored attestation is not the one the entry makes")
            }

            var revocationIndex: UInt64?
            switch (view.revokedHeight, a.revocation) {
            case (nil, nil): break
            case (nil, .some): throw fail("a revocation is given but state says the attestation is active")
            case (.some(let h), nil): throw fail("state says revoked at height \(h) but the bundle carries no revocation")
            case let (.some(h), .some(r)):
                guard r.logIndex > a.attest.logIndex else { throw fail("the revocation (log \(r.logIndex)) precedes the attestation") }
                let (rleaf, rtx, raction) = try signedEntry(r, header: header, chain: chain) { fail("revocation: \($0)") }
                guard case let .revokeAttestation(revoke) = raction, revoke.attestation == id else {
                    throw fail("revocation: action \(rleaf.actionIndex) does not revoke \(id.hex)")
                }
                guard rtx.senderAddress == view.attester else { throw fail("revocation: signed by \(rtx.senderAddress), not the attester") }
                guard rleaf.height == h else { throw fail("revocation: recorded at height \(rleaf.height), state says \(h)") }
                revocationIndex = r.logIndex
            }
            var c = counts[attest.subject] ?? (0, 0)
            if view.revokedHeight == nil { c.active += 1 } else { c.revoked += 1 }
            counts[attest.subject] = c
            out.append(.init(id: id, subject: attest.subject, attester: view.attester, kind: attest.kind.name,
                             verdict: attest.kind.verdictName(attest.verdict), comment: attest.comment, height: view.height,
                             logIndex: a.attest.logIndex, independent: view.independent, revokedHeight: view.revokedHeight,
                             revocationLogIndex: revocationIndex))
        }
        // Completeness: the tally counts every attestation ever made of the subject, active or revoked.
        for (i, r) in records.enumerated() {
            let c = counts[r.id] ?? (0, 0)
            guard c.active == r.activeAttestations, c.revoked == r.revokedAttestations else {
                throw BundleError.attestation(index: i, reason: "record \(i) has \(r.activeAttestations) active and \(r.revokedAttestations) revoked " +
                                              "attestation(s) in state; the bundle carries \(c.active) and \(c.revoked)")
            }
        }
        return out
    }

    /// A kind-1 entry, canonical, for this chain, validly signed, at or below the anchor, and included
    /// in the anchor's log (strict RFC 9162).
    static func signedEntry(_ e: AuditBundle.LoggedEntry, header: BlockHeader, chain: ChainIdentity,
                            fail: (String) -> BundleError) throws -> (LogLeaf, Transaction, Action) {
        let leaf: LogLeaf
        do { leaf = try LogLeaf(entry: e.entry) } catch { throw fail("entry: \(error)") }
        guard leaf.entry == e.entry else { throw fail("the entry is not canonical") }
        guard let signed = try? leaf.signedTransaction(genesisHash: chain.genesisHash) else {
            throw fail("the entry does not carry its whole signed transaction (kind 1)")
        }
        guard signed.transaction.body.chainID == chain.chainID else { throw fail("the transaction is for chain '\(signed.transaction.body.chainID)'") }
        guard signed.signatureValid else { throw fail("the transaction signature does not verify for this chain") }
        guard leaf.height <= header.height else { throw fail("recorded at height \(leaf.height), after the anchor \(header.height)") }
        do {
            try LogVerifier.verifyInclusion(leafHash: MerkleTree.leafHash(e.entry), index: e.logIndex, size: header.logSize,
                                            proof: e.inclusionProof, root: header.logRoot)
        } catch let err as LogError {
            throw fail("inclusion proof: \(err.code): \(err.description)")
        }
        return (leaf, signed.transaction, signed.action)
    }

    /// THE commit check: the commit names this header's block and height, and its precommit
    /// signatures (by validator index, strictly ascending, each valid — none is ignored) carry more than
    /// two thirds of the trusted set's power (`CommitVerification.verify`, Docs/PROTOCOL.md §5.4).
    /// Returns the signed power.
    static func checkCommit(_ commit: Commit, header: BlockHeader, validators: [BundleValidator], chain: ChainIdentity) throws -> UInt64 {
        let blockHash = SHA256.hash(header.canonicalBytes)
        guard commit.height == header.height else { throw CommitFailure(reason: "commit height \(commit.height), header \(header.height)") }
        guard commit.blockHash == blockHash else { throw CommitFailure(reason: "the commit signs another block") }
        do {
            return try CommitVerification.verify(commit, validators: validators.map { (publicKey: $0.publicKey, power: $0.power) }, chain: chain)
        } catch let e as CommitVerificationError {
            throw CommitFailure(reason: e.description)
        }
    }
}
