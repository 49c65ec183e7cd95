/// Why a log proof, checkpoint, note or tile path was refused. Each case has a stable machine code.
public enum LogError: Error, Equatable, CustomStringConvertible, Sendable {
    case indexOutOfRange(index: UInt64, size: UInt64)
    case sizeOutOfRange(from: UInt64, to: UInt64)
    case wrongProofLength(expected: Int, got: Int)
    case rootMismatch
    case malformedNote(String)
    case malformedCheckpoint(String)
    case malformedProof(String)
    case malformedTilePath(String)
    case badSignature
    case unknownKey
    case missingNode(level: Int, index: UInt64)

    public var code: String {
        switch self {
        case .indexOutOfRange: "LOG_INDEX_OUT_OF_RANGE"
        case .sizeOutOfRange: "LOG_SIZE_OUT_OF_RANGE"
        case .wrongProofLength: "LOG_PROOF_LENGTH"
        case .rootMismatch: "LOG_ROOT_MISMATCH"
        case .malformedNote: "NOTE_MALFORMED"
        case .malformedCheckpoint: "CHECKPOINT_MALFORMED"
        case .malformedProof: "TLOG_PROOF_MALFORMED"
        case .malformedTilePath: "TILE_PATH_MALFORMED"
        case .badSignature: "NOTE_BAD_SIGNATURE"
        case .unknownKey: "NOTE_UNKNOWN_KEY"
        case .missingNode: "LOG_NODE_MISSING"
        }
    }

    public var description: String {
        switch self {
        case let .indexOutOfRange(i, s): "leaf index \(i) is not below the tree size \(s)"
        case let .sizeOutOfRange(f, t): "tree size \(f) is not at most \(t)"
        case let .wrongProofLength(e, g): "the proof has \(g) hashes; this index and size need exactly \(e)"
        case .rootMismatch: "the proof does not lead to the expected root"
        case let .malformedNote(w): "malformed signed note: \(w)"
        case let .malformedCheckpoint(w): "malformed checkpoint: \(w)"
        case let .malformedProof(w): "malformed tlog-proof: \(w)"
        case let .malformedTilePath(w): "malformed tile path: \(w)"
        case .badSignature: "the note signature does not verify"
        case .unknownKey: "no signature line by the expected key"
        case let .missingNode(l, i): "the log store lacks node (level \(l), index \(i))"
        }
    }
}
