import LedgerAPI
import LedgerCore
import LedgerCrypto
import LedgerProofs
import LedgerRules

/// `GET /audit/bundle?id=` (Docs/RPC.md, Docs/PROOFS.md "Audit bundles"): the offline bundle for a
/// record at the latest committed height — the record and every ancestor as log entries with
/// inclusion proofs at that header's log size, their state proofs at that height, the header and
/// its commit, and the genesis bytes. The node is not trusted: `desci verify` checks every byte.
extension NodeCore {
    public func auditBundle(id: Hash) async throws -> [UInt8] {
        let height = try chain.tip.height
        guard height > 0, let block = try chain.block(height: height), let commit = try chain.commit(height: height) else {
            throw APIError.notFound("no committed block yet")
        }
        let header = block.header
        let state = try logState()
        // Ancestors (derived_from, transitively), each once.
        var records: [Hash: ContributionRecord] = [:]
        var stack = [id]
        while let next = stack.popLast() {
            guard records[next] == nil else { continue }
            guard let bytes = try chain.kv.get(.state, ContributionKeys.record(next)) else {
                throw records.isEmpty ? APIError.notFound("no contribution \(next.hex)") : APIError(code: "INTERNAL", message: "ancestor \(next.hex) missing")
            }
            let rec = try ContributionRecord(canonical: bytes)
            records[next] = rec
            stack += rec.registration.derivedFrom
            guard records.count <= AuditBundle.maxRecords else { throw APIError.badRequest("LINEAGE_TOO_LARGE", "more than \(AuditBundle.maxRecords) records") }
        }
        func logged(_ index: UInt64, _ entry: [UInt8]) throws -> AuditBundle.LoggedEntry {
            .init(logIndex: index, entry: entry, inclusionProof: try LogTree.inclusionProof(index: index, size: header.logSize, reader: state.nodes))
        }
        var parts: [AuditBundle.Record] = []
        var attestations: [AuditBundle.Attestation] = []
        for (rid, rec) in records {
            let (index, entry) = try logEntry(at: rec.height, id: rid, kind: "contribution")
            let key = ContributionKeys.record(rid)
            let value = try chain.kv.get(.state, key) ?? []
            let tallyKey = AttestationKeys.tally(rid)
            let proof = try logged(index, entry)
            parts.append(.init(logIndex: index, entry: entry, inclusionProof: proof.inclusionProof,
                               stateValue: value, stateProof: try chain.stateProof(stateKey: key, height: height).bytes,
                               tallyValue: try chain.kv.get(.state, tallyKey) ?? [],
                               tallyProof: try chain.stateProof(stateKey: tallyKey, height: height).bytes))
            // Every attestation of the record, revoked ones included (the tally proves how many there are).
            for aid in try attestationIDs(subject: rid) {
                let aKey = AttestationKeys.record(aid)
                guard let aValue = try chain.kv.get(.state, aKey) else {
                    throw APIError(code: "INTERNAL", message: "attestation index points at a missing record \(aid.hex)")
                }
                let stored = try AttestationRecord(canonical: aValue)
                let (ai, ae) = try logEntry(at: stored.height, id: aid, kind: "attestation")
                var revocation: AuditBundle.LoggedEntry?
                if let h = stored.revokedHeight {
                    let (ri, re) = try revocationEntry(at: h, of: aid)
                    revocation = try logged(ri, re)
                }
                attestations.append(.init(attest: try logged(ai, ae), stateValue: aValue,
                                          stateProof: try chain.stateProof(stateKey: aKey, height: height).bytes, revocation: revocation))
                guard attestations.count <= AuditBundle.maxAttestations else {
                    throw APIError.badRequest("LINEAGE_TOO_LARGE", "more than \(AuditBundle.maxAttestations) attestations in the lineage")
                }
            }
        }
        parts.sort { $0.logIndex < $1.logIndex }
        attestations.sort { $0.attest.logIndex < $1.attest.logIndex }
        return AuditBundle(genesis: genesis.canonicalBytes, changes: try validatorChanges(before: height), header: header, commit: commit,
                           records: parts, attestations: attestations, prov: []).bytes
    }

    /// The ids of every attestation of `subject` (the `03 02 | subject | id` index, revoked ones included).
    private func attestationIDs(subject: Hash) throws -> [Hash] {
        let prefix = AttestationKeys.bySubjectPrefix(subject)
        var ids: [Hash] = []
        try chain.stateReader.scan(prefix: prefix, from: prefix) { key, _ in
            ids.append(Hash(unchecked: Array(key[prefix.count...])))
            return ids.count <= AuditBundle.maxAttestations
        }
        return ids
    }

    /// The validator-set history a verifier follows from the genesis set to the anchor at `height`:
    /// each header that announced a new set (its `nextValidatorsHash`), the commit that made it final
    /// (signed by the set trusted before it), and the new set. A change announced by the anchor itself
    /// signs only later blocks, so it is left out.
    func validatorChanges(before height: UInt64) throws -> [AuditBundle.ValidatorChange] {
        try chain.validatorSetChanges().filter { $0.height < height }.map { change in
            guard let header = try chain.header(height: change.height), let commit = try chain.commit(height: change.height) else {
                throw APIError(code: "INTERNAL", message: "block \(change.height) of a validator-set change is missing")
            }
            return AuditBundle.ValidatorChange(header: header, commit: commit,
                                               validators: change.set.map { BundleValidator(publicKey: $0.publicKey, power: $0.power) })
        }
    }

    /// The log entry that created record `id` of `kind` ("contribution", "attestation"): among the
    /// entries of the block at `height`.
    private func logEntry(at height: UInt64, id: Hash, kind: String) throws -> (UInt64, [UInt8]) {
        let found = try firstEntry(at: height) { leaf, txID in
            RecordID.derive(transaction: txID, actionIndex: leaf.actionIndex, kind: kind) == id
        }
        guard let found else { throw APIError(code: "INTERNAL", message: "no log entry creates \(kind) \(id.hex)") }
        return found
    }

    /// The `attest.revoke` entry of attestation `id` among the entries of the block at `height`. Only a
    /// whole-transaction (kind-1) entry says which attestation it revokes, so only those are looked at.
    private func revocationEntry(at height: UInt64, of id: Hash) throws -> (UInt64, [UInt8]) {
        let found = try firstEntry(at: height) { leaf, _ in
            guard case let .transaction(wire) = leaf.payload, let tx = try? Transaction.decode(wire),
                  case let .revokeAttestation(r) = tx.body.actions[Int(leaf.actionIndex)] else { return false }
            return r.attestation == id
        }
        guard let found else {
            throw APIError(code: "BUNDLE_UNSUPPORTED", message: "the revocation of attestation \(id.hex) is not a whole-transaction log entry; it cannot be bundled")
        }
        return found
    }

    private func firstEntry(at height: UInt64, where match: (LogLeaf, Hash) -> Bool) throws -> (UInt64, [UInt8])? {
        let from = height <= 1 ? 0 : (try chain.block(height: height - 1)?.header.logSize ?? 0)
        let to = try chain.block(height: height)?.header.logSize ?? 0
        for i in from..<max(from, to) {
            guard let entry = try chain.kv.get(.log, RecordLog.entryKey(i)) else { continue }
            let leaf = try LogLeaf(entry: entry)
            let txID: Hash
            switch leaf.payload {
            case let .transaction(wire): txID = SHA256.hash(wire)
            case let .transactionDigest(tid, _, _, _, _): txID = tid
            default: continue
            }
            if match(leaf, txID) { return (i, entry) }
        }
        return nil
    }
}
