import LedgerCore

/// A proof that a key hash holds a value, or holds nothing, in the state tree of one root
/// (Docs/PROOFS.md, "State proofs").
///
/// Encoding: `u8 format (1) || u8 terminal || [key hash || value hash if terminal = 1] ||
/// u16 BE sibling count (≤ 256) || siblings`, siblings ordered from the root down. The terminal is
/// what the path of the key reaches: 0 = an empty subtree, 1 = a shortcut leaf.
public struct StateProof: Sendable, Equatable {
    public static let format: UInt8 = 1

    public enum Terminal: Sendable, Equatable {
        case empty
        case leaf(keyHash: Hash, valueHash: Hash)
    }

    public var terminal: Terminal
    /// Sibling hashes from just below the root down to the terminal's level.
    public var siblings: [Hash]

    public init(terminal: Terminal, siblings: [Hash]) {
        self.terminal = terminal
        self.siblings = siblings
    }

    public var bytes: [UInt8] {
        var out: [UInt8] = [Self.format]
        switch terminal {
        case .empty: out.append(0)
        case let .leaf(k, v): out.append(1); out += k.bytes; out += v.bytes
        }
        out.append(UInt8(siblings.count >> 8)); out.append(UInt8(siblings.count & 0xFF))
        for s in siblings { out += s.bytes }
        return out
    }

    /// Decodes canonical bytes only: known format and terminal, at most 256 siblings, no trailing bytes.
    public init(bytes b: [UInt8]) throws {
        guard b.count >= 4, b[0] == Self.format else { throw StateProofError.malformed("unknown format or too short") }
        var i = 2
        switch b[1] {
        case 0: terminal = .empty
        case 1:
            guard b.count >= 68 else { throw StateProofError.malformed("leaf truncated") }
            terminal = .leaf(keyHash: Hash(unchecked: Array(b[2..<34])), valueHash: Hash(unchecked: Array(b[34..<66])))
            i = 66
        default: throw StateProofError.malformed("unknown terminal \(b[1])")
        }
        guard i + 2 <= b.count else { throw StateProofError.malformed("sibling count missing") }
        let n = Int(b[i]) << 8 | Int(b[i + 1])
        i += 2
        guard n <= StateTreeHashing.maxDepth else { throw StateProofError.malformed("\(n) siblings, at most 256") }
        guard b.count == i + 32 * n else { throw StateProofError.malformed("expected \(i + 32 * n) bytes, got \(b.count)") }
        siblings = (0..<n).map { j in Hash(unchecked: Array(b[(i + 32 * j)..<(i + 32 * j + 32)])) }
    }

    /// The root this proof leads to for `keyHash`.
    public func root(for keyHash: Hash) -> Hash {
        var h: Hash = switch terminal {
        case .empty: StateTreeHashing.empty
        case let .leaf(k, v): StateTreeHashing.leaf(keyHash: k, valueHash: v)
        }
        for depth in stride(from: siblings.count - 1, through: 0, by: -1) {
            h = StateTreeHashing.bit(keyHash.bytes, depth)
                ? StateTreeHashing.internalNode(left: siblings[depth], right: h)
                : StateTreeHashing.internalNode(left: h, right: siblings[depth])
        }
        return h
    }

    /// Checks that under `root`, `stateKey` holds `value` (or, for nil, is absent).
    public func verify(root: Hash, stateKey: [UInt8], value: [UInt8]?) throws {
        try verify(root: root, keyHash: StateTreeHashing.keyHash(stateKey), valueHash: value.map(StateTreeHashing.valueHash))
    }

    public func verify(root: Hash, keyHash: Hash, valueHash: Hash?) throws {
        switch (terminal, valueHash) {
        case (.empty, .some):
            throw StateProofError.keyAbsent
        case let (.leaf(k, v), .some(want)):
            guard k == keyHash else { throw StateProofError.keyAbsent }
            guard v == want else { throw StateProofError.wrongValue(expected: want, got: v) }
        case (.empty, .none):
            break
        case let (.leaf(k, _), .none):
            guard k != keyHash else { throw StateProofError.keyPresent }
            // Another key's shortcut leaf proves absence only where its path is the key's path.
            guard StateTreeHashing.sharePrefix(k.bytes, keyHash.bytes, bits: siblings.count) else {
                throw StateProofError.malformed("the leaf does not lie on the key's path")
            }
        }
        let got = self.root(for: keyHash)
        guard got == root else { throw StateProofError.rootMismatch(expected: root, got: got) }
    }
}

public enum StateProofError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case rootMismatch(expected: Hash, got: Hash)
    case keyAbsent
    case keyPresent
    case wrongValue(expected: Hash, got: Hash)

    /// Stable machine code.
    public var code: String {
        switch self {
        case .malformed: "PROOF_MALFORMED"
        case .rootMismatch: "PROOF_ROOT_MISMATCH"
        case .keyAbsent: "PROOF_KEY_ABSENT"
        case .keyPresent: "PROOF_KEY_PRESENT"
        case .wrongValue: "PROOF_WRONG_VALUE"
        }
    }

    public var description: String {
        switch self {
        case let .malformed(why): "the state proof is malformed: \(why)"
        case let .rootMismatch(e, g): "the state proof leads to root \(g), not \(e)"
        case .keyAbsent: "the state proof shows the key is absent"
        case .keyPresent: "the state proof shows the key is present"
        case let .wrongValue(e, g): "the state proof shows value hash \(g), not \(e)"
        }
    }
}

/// Builds proofs from the stored tree of one version.
public enum StateProofBuilder {
    public static func prove(keyHash: Hash, version: UInt64, source: any StateTreeSource) throws -> StateProof {
        var child = try source.stateTreeRoot(version: version)
        var siblings: [Hash] = []
        var depth = 0
        let key = keyHash.bytes
        while true {
            switch child {
            case .empty:
                return StateProof(terminal: .empty, siblings: siblings)
            case let .leaf(_, v):
                guard case let .leaf(k, vh) = try source.node(version: v, depth: depth, path: StateTreeHashing.path(key, depth: depth)) else {
                    throw StateTreeError.corruptNode("leaf reference points to an internal node")
                }
                return StateProof(terminal: .leaf(keyHash: k, valueHash: vh), siblings: siblings)
            case let .internal(_, v):
                guard depth < StateTreeHashing.maxDepth,
                      case let .internal(l, r) = try source.node(version: v, depth: depth, path: StateTreeHashing.path(key, depth: depth)) else {
                    throw StateTreeError.corruptNode("internal reference points to a leaf")
                }
                let right = StateTreeHashing.bit(key, depth)
                siblings.append(right ? l.hash : r.hash)
                child = right ? r : l
                depth += 1
            }
        }
    }
}
