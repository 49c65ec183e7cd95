import LedgerCore

/// Why a bundle was refused: what failed and where. Each case has a stable machine code.
public enum BundleError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The bytes are not a canonical bundle (magic, version, lengths, trailing bytes).
    case malformed(String)
    /// The genesis bytes are unreadable or do not match the trusted genesis.
    case genesis(String)
    /// Validator-set change `index` (0-based) is not a valid transition from the set trusted before it.
    case validatorChange(index: Int, reason: String)
    /// The anchor header or its commit is not signed by the trusted set.
    case anchor(String)
    /// Record `index` (0-based, bundle order): its entry, signature or place in the lineage.
    case record(index: Int, reason: String)
    /// Record `index`'s inclusion proof against the anchor's log root.
    case inclusion(index: Int, reason: String)
    /// Record `index`'s state proof against the anchor's state root.
    case state(index: Int, reason: String)
    /// Attestation `index` (0-based, bundle order): its entry, signature, inclusion, state or revocation,
    /// or (index = the record's) a record whose tally the bundled attestations do not match.
    case attestation(index: Int, reason: String)
    /// The file given does not hash to the audited record's digest.
    case fileDigest(String)
    /// The PROV-JSON does not hash to the digest the bundle carries.
    case prov

    public var code: String {
        switch self {
        case .malformed: "BUNDLE_MALFORMED"
        case .genesis: "BUNDLE_GENESIS_MISMATCH"
        case .validatorChange: "BUNDLE_VALIDATOR_CHANGE"
        case .anchor: "BUNDLE_COMMIT_INVALID"
        case .record: "BUNDLE_RECORD_INVALID"
        case .inclusion: "BUNDLE_INCLUSION_INVALID"
        case .state: "BUNDLE_STATE_PROOF_INVALID"
        case .attestation: "BUNDLE_ATTESTATION_INVALID"
        case .fileDigest: "BUNDLE_FILE_MISMATCH"
        case .prov: "BUNDLE_PROV_MISMATCH"
        }
    }

    public var description: String {
        switch self {
        case let .malformed(w): "malformed bundle: \(w)"
        case let .genesis(w): "genesis: \(w)"
        case let .validatorChange(i, w): "validator-set change \(i): \(w)"
        case let .anchor(w): "anchor header: \(w)"
        case let .record(i, w): "record \(i): \(w)"
        case let .inclusion(i, w): "record \(i) inclusion proof: \(w)"
        case let .state(i, w): "record \(i) state proof: \(w)"
        case let .attestation(i, w): "attestation \(i): \(w)"
        case let .fileDigest(w): "file: \(w)"
        case .prov: "the PROV-JSON does not match its digest"
        }
    }
}
