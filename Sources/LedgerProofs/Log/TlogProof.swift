import LedgerCore
import LedgerCrypto

/// A C2SP tlog-proof: `c2sp.org/tlog-proof@v1`, an optional `extra <base64>` line, `index <N>`,
/// the inclusion proof hashes one per line in base64, a blank line, then the signed checkpoint.
public struct TlogProof: Equatable, Sendable {
    public static let header = "c2sp.org/tlog-proof@v1"
    public static let maxProofHashes = 64

    public var extra: [UInt8]?
    public var index: UInt64
    public var proof: [Hash]
    public var checkpointNote: String

    public init(extra: [UInt8]? = nil, index: UInt64, proof: [Hash], checkpointNote: String) {
        self.extra = extra
        self.index = index
        self.proof = proof
        self.checkpointNote = checkpointNote
    }

    public var text: String {
        var s = Self.header + "\n"
        if let extra { s += "extra " + Base64.encode(extra) + "\n" }
        s += "index " + String(index) + "\n"
        for h in proof { s += Base64.encode(h.bytes) + "\n" }
        return s + "\n" + checkpointNote
    }

    public init(text: String) throws {
        let bytes = Array(text.utf8)
        guard let blank = (0..<max(bytes.count - 1, 0)).first(where: { bytes[$0] == 0x0A && bytes[$0 + 1] == 0x0A }) else {
            throw LogError.malformedProof("no blank line before the checkpoint")
        }
        var lines = bytes[..<blank].split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        checkpointNote = String(decoding: bytes[(blank + 2)...], as: UTF8.self)
        guard !lines.isEmpty, lines.removeFirst() == Self.header else { throw LogError.malformedProof("first line must be \(Self.header)") }
        extra = nil
        if let l = lines.first, l.hasPrefix("extra ") {
            guard let e = Base64.decode(l.dropFirst(6)) else { throw LogError.malformedProof("bad extra") }
            extra = e
            lines.removeFirst()
        }
        guard let l = lines.first, l.hasPrefix("index "), let i = UInt64(l.dropFirst(6)), String(i) == l.dropFirst(6) else {
            throw LogError.malformedProof("expected `index <N>`")
        }
        index = i
        lines.removeFirst()
        guard lines.count <= Self.maxProofHashes else { throw LogError.malformedProof("too many proof hashes") }
        proof = try lines.map {
            guard let b = Base64.decode($0), b.count == 32 else { throw LogError.malformedProof("proof lines are base64 32-byte hashes") }
            return try Hash(bytes: b)
        }
    }

    /// Checks the checkpoint's signature and origin, then the inclusion of `entry` at `index`.
    @discardableResult
    public func verify(entry: [UInt8], origin: String, publicKey: PublicKey) throws -> Checkpoint {
        let cp = try Checkpoint.verify(note: checkpointNote, origin: origin, publicKey: publicKey)
        try LogVerifier.verifyInclusion(leafHash: MerkleTree.leafHash(entry), index: index, size: cp.size, proof: proof, root: cp.root)
        return cp
    }
}
