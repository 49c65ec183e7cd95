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
        var parts: [AuditBundle.Record] = []
        for (rid, rec) in records {
            let (index, entry) = try logEntry(ofRecord: rid, height: rec.height)
            let key = ContributionKeys.record(rid)
            let value = try chain.kv.get(.state, key) ?? []
            parts.append(.init(logIndex: index, entry: entry,
                               inclusionProof: try LogTree.inclusionProof(index: index, size: header.logSize, reader: state.nodes),
                               stateValue: value, stateProof: try chain.stateProof(stateKey: key, height: height).bytes))
        }
        parts.sort { $0.logIndex < $1.logIndex }
        return AuditBundle(genesis: genesis.canonicalBytes, changes: try validatorChanges(before: height), header: header, commit: commit,
                           records: parts, prov: []).bytes
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

    /// The log entry that registered `id`: among the entries of the block at `height`.
    private func logEntry(ofRecord id: Hash, height: UInt64) throws -> (UInt64, [UInt8]) {
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
            if RecordID.derive(transaction: txID, actionIndex: leaf.actionIndex, kind: "contribution") == id { return (i, entry) }
        }
        throw APIError(code: "INTERNAL", message: "no log entry registers \(id.hex)")
    }
}
