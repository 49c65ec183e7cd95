import LedgerCore
import LedgerCrypto

/// An offline audit bundle (Docs/PROOFS.md, "Audit bundles"): everything an auditor needs to prove,
/// with no node and no network, that a file's record and every ancestor's record are in the chain
/// that a genesis file started, and what state they are in.
///
/// Canonical binary, the codec of PROTOCOL.md §1, decoded strictly (no trailing bytes, no unknown
/// version). Every byte is checked by `BundleVerifier`: a bundle with any byte changed is refused.
public struct AuditBundle: Sendable, Equatable {
    /// `"DESCIBDL"`: says what the file is before anything is parsed.
    public static let magic: [UInt8] = Array("DESCIBDL".utf8)
    /// 2: records carry their attestation tally; the bundle carries the attestation records.
    public static let version: UInt16 = 2
    public static let maxRecords = 4096
    public static let maxAttestations = 16384
    static let maxStateProofBytes = 4 + 64 + 32 * 256
    static let maxStateValueBytes = 1 << 20
    public static let maxChanges = 4096
    public static let maxGenesisBytes = 1 << 20
    public static let maxProvBytes = 16 << 20

    /// One validator-set change: the header whose `nextValidatorsHash` names the new set, the commit
    /// that made that header final, and the new set itself.
    public struct ValidatorChange: Sendable, Equatable {
        public var header: BlockHeader
        public var commit: Commit
        public var validators: [BundleValidator]

        public init(header: BlockHeader, commit: Commit, validators: [BundleValidator]) {
            self.header = header
            self.commit = commit
            self.validators = validators
        }
    }

    /// One record: its record-log entry (`LogLeaf` bytes), its index in the log and its RFC 9162
    /// inclusion proof against the anchor header's (logSize, logRoot); then the state the record is
    /// in under the anchor header's state root: the stored value and its `StateProof` bytes; then its
    /// attestation tally (`03 05 | id`, empty when state holds none) and the `StateProof` of that
    /// (a non-membership proof when empty), which fixes how many attestations the bundle must carry.
    public struct Record: Sendable, Equatable {
        public var logIndex: UInt64
        public var entry: [UInt8]
        public var inclusionProof: [Hash]
        public var stateValue: [UInt8]
        public var stateProof: [UInt8]
        public var tallyValue: [UInt8]
        public var tallyProof: [UInt8]

        public init(logIndex: UInt64, entry: [UInt8], inclusionProof: [Hash], stateValue: [UInt8], stateProof: [UInt8],
                    tallyValue: [UInt8], tallyProof: [UInt8]) {
            self.logIndex = logIndex
            self.entry = entry
            self.inclusionProof = inclusionProof
            self.stateValue = stateValue
            self.stateProof = stateProof
            self.tallyValue = tallyValue
            self.tallyProof = tallyProof
        }
    }

    /// A log entry with its index and RFC 9162 inclusion proof at the anchor's log size.
    public struct LoggedEntry: Sendable, Equatable {
        public var logIndex: UInt64
        public var entry: [UInt8]
        public var inclusionProof: [Hash]

        public init(logIndex: UInt64, entry: [UInt8], inclusionProof: [Hash]) {
            self.logIndex = logIndex
            self.entry = entry
            self.inclusionProof = inclusionProof
        }
    }

    /// One attestation of a bundled record: its `attest` log entry (signer and signature inside),
    /// the stored attestation (`03 01 | id`) with its state proof — which says active or revoked at
    /// the anchor — and, exactly when the stored attestation is revoked, the `attest.revoke` entry.
    public struct Attestation: Sendable, Equatable {
        public var attest: LoggedEntry
        public var stateValue: [UInt8]
        public var stateProof: [UInt8]
        public var revocation: LoggedEntry?

        public init(attest: LoggedEntry, stateValue: [UInt8], stateProof: [UInt8], revocation: LoggedEntry?) {
            self.attest = attest
            self.stateValue = stateValue
            self.stateProof = stateProof
            self.revocation = revocation
        }
    }

    /// The canonical genesis bytes (what the genesis hash is SHA-256 of, PROTOCOL.md "Genesis").
    public var genesis: [UInt8]
    /// Validator-set changes from genesis to the anchor, in height order.
    public var changes: [ValidatorChange]
    /// The header whose log size/root and state root everything below is proved against.
    public var header: BlockHeader
    public var commit: Commit
    /// Ancestors first (ascending log index); the last record is the audited file's.
    public var records: [Record]
    /// Every attestation of every record above (revoked ones included), in ascending log index.
    public var attestations: [Attestation]
    /// The PROV-JSON of the lineage; `provDigest` is its SHA-256.
    public var provDigest: Hash
    public var prov: [UInt8]

    public init(genesis: [UInt8], changes: [ValidatorChange], header: BlockHeader, commit: Commit, records: [Record],
                attestations: [Attestation], prov: [UInt8]) {
        self.genesis = genesis
        self.changes = changes
        self.header = header
        self.commit = commit
        self.records = records
        self.attestations = attestations
        self.provDigest = SHA256.hash(prov)
        self.prov = prov
    }

    public var bytes: [UInt8] {
        var w = CanonicalWriter()
        w.raw(Self.magic)
        w.u16(Self.version)
        w.data(genesis)
        w.list(changes) { w, c in
            w.value(c.header)
            w.value(c.commit)
            w.list(c.validators) { w, v in
                w.fixed(v.publicKey)
                w.u64(v.power)
            }
        }
        w.value(header)
        w.value(commit)
        w.list(records) { w, r in
            w.u64(r.logIndex)
            w.data(r.entry)
            w.list(r.inclusionProof) { $0.fixed($1) }
            w.data(r.stateValue)
            w.data(r.stateProof)
            w.data(r.tallyValue)
            w.data(r.tallyProof)
        }
        w.list(attestations) { w, a in
            Self.write(a.attest, &w)
            w.data(a.stateValue)
            w.data(a.stateProof)
            w.optional(a.revocation) { w, e in Self.write(e, &w) }
        }
        w.fixed(provDigest)
        w.data(prov)
        return w.bytes
    }

    /// Strict decoding: the magic, version 1, every length within its limit, no trailing bytes.
    public init(bytes: [UInt8]) throws {
        do {
            var r = CanonicalReader(bytes)
            guard try r.raw(Self.magic.count) == Self.magic else { throw BundleError.malformed("not a bundle: the magic is not DESCIBDL") }
            let v = try r.u16()
            guard v == Self.version else { throw BundleError.malformed("unknown bundle version \(v)") }
            genesis = try r.data(field: "genesis", limit: Self.maxGenesisBytes)
            changes = try r.list(field: "validator changes", limit: Self.maxChanges) { r in
                ValidatorChange(header: try r.value(BlockHeader.self), commit: try r.value(Commit.self),
                                validators: try r.list(field: "validators", limit: ProtocolLimits.maxValidators) { r in
                                    BundleValidator(publicKey: try r.fixed(PublicKey.self), power: try r.u64())
                                })
            }
            header = try r.value(BlockHeader.self)
            commit = try r.value(Commit.self)
            records = try r.list(field: "records", limit: Self.maxRecords) { r in
                Record(logIndex: try r.u64(), entry: try r.data(field: "entry", limit: LogLeaf.maxEntryBytes),
                       inclusionProof: try r.list(field: "inclusion proof", limit: 64) { try $0.fixed(Hash.self) },
                       stateValue: try r.data(field: "state value", limit: Self.maxStateValueBytes),
                       stateProof: try r.data(field: "state proof", limit: Self.maxStateProofBytes),
                       tallyValue: try r.data(field: "tally value", limit: Self.maxStateValueBytes),
                       tallyProof: try r.data(field: "tally proof", limit: Self.maxStateProofBytes))
            }
            attestations = try r.list(field: "attestations", limit: Self.maxAttestations) { r in
                Attestation(attest: try Self.readEntry(&r), stateValue: try r.data(field: "attestation value", limit: Self.maxStateValueBytes),
                            stateProof: try r.data(field: "attestation proof", limit: Self.maxStateProofBytes),
                            revocation: try r.optional { try Self.readEntry(&$0) })
            }
            provDigest = try r.fixed(Hash.self)
            prov = try r.data(field: "prov", limit: Self.maxProvBytes)
            try r.finish()
        } catch let e as BundleError {
            throw e
        } catch {
            throw BundleError.malformed("\(error)")
        }
    }
}

extension AuditBundle {
    /// `u64 log index || bytes entry (≤ 65,535) || list<hash> inclusion proof (≤ 64)`.
    static func write(_ e: LoggedEntry, _ w: inout CanonicalWriter) {
        w.u64(e.logIndex)
        w.data(e.entry)
        w.list(e.inclusionProof) { $0.fixed($1) }
    }

    static func readEntry(_ r: inout CanonicalReader) throws -> LoggedEntry {
        LoggedEntry(logIndex: try r.u64(), entry: try r.data(field: "entry", limit: LogLeaf.maxEntryBytes),
                    inclusionProof: try r.list(field: "inclusion proof", limit: 64) { try $0.fixed(Hash.self) })
    }
}

/// A validator as a bundle carries it: key and voting power, in the set's order.
public struct BundleValidator: Sendable, Equatable {
    public var publicKey: PublicKey
    public var power: UInt64

    public init(publicKey: PublicKey, power: UInt64) {
        self.publicKey = publicKey
        self.power = power
    }

    public static func setHash(_ set: [BundleValidator]) -> Hash {
        ValidatorSetHashing.hash(set.map { (publicKey: $0.publicKey, power: $0.power) })
    }
}
