import LedgerCore

/// A C2SP tlog-checkpoint body: `<origin>\n<size>\n<base64 root>\n`, optionally followed by
/// extension lines. Parsing is strict: decimal size without leading zeros, a 32-byte root.
public struct Checkpoint: Equatable, Sendable {
    public var origin: String
    public var size: UInt64
    public var root: Hash
    public var extensions: [String]

    public init(origin: String, size: UInt64, root: Hash, extensions: [String] = []) {
        self.origin = origin
        self.size = size
        self.root = root
        self.extensions = extensions
    }

    /// The origin of a DeSci Ledger record log (Docs/PROOFS.md, "Record log"). It never starts with
    /// `desci/`, so a checkpoint can never be taken for a domain-separated transaction or commit.
    public static func origin(chainID: String) -> String { "desci-ledger/" + chainID + "/log" }

    public var text: String {
        var s = origin + "\n" + String(size) + "\n" + Base64.encode(root.bytes) + "\n"
        for e in extensions { s += e + "\n" }
        return s
    }

    public init(text: String) throws {
        guard text.utf8.last == 0x0A else { throw LogError.malformedCheckpoint("does not end in a newline") }
        let lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
        guard lines.count >= 3 else { throw LogError.malformedCheckpoint("needs origin, size and root lines") }
        guard lines.allSatisfy({ !$0.isEmpty }) else { throw LogError.malformedCheckpoint("empty line") }
        origin = lines[0]
        let sizeText = lines[1]
        guard sizeText.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              sizeText == "0" || !sizeText.hasPrefix("0"), let n = UInt64(sizeText)
        else { throw LogError.malformedCheckpoint("size must be decimal without leading zeros") }
        size = n
        guard let r = Base64.decode(lines[2]), r.count == 32 else { throw LogError.malformedCheckpoint("root must be 32 bytes of base64") }
        root = try Hash(bytes: r)
        extensions = Array(lines[3...])
    }

    /// Verifies a signed checkpoint note against the log key and origin, and parses it.
    public static func verify(note: String, origin: String, publicKey: PublicKey) throws -> Checkpoint {
        let text = try SignedNote.verify(note, name: origin, publicKey: publicKey)
        let cp = try Checkpoint(text: text)
        guard cp.origin == origin else { throw LogError.malformedCheckpoint("origin '\(cp.origin)' is not '\(origin)'") }
        return cp
    }
}
