import LedgerCore

/// `GET /log/proof/inclusion` (Docs/RPC.md, "Record log").
public struct LogInclusionProofDTO: Codable, Sendable {
    public var index: UInt64
    public var size: UInt64
    public var leafHash: Hash
    public var root: Hash
    /// RFC 9162 §2.1.3 audit path, nearest sibling first.
    public var proof: [Hash]

    public init(index: UInt64, size: UInt64, leafHash: Hash, root: Hash, proof: [Hash]) {
        self.index = index
        self.size = size
        self.leafHash = leafHash
        self.root = root
        self.proof = proof
    }

    enum CodingKeys: String, CodingKey { case index, size, leafHash = "leaf_hash", root, proof }
}

/// `GET /log/proof/consistency`.
public struct LogConsistencyProofDTO: Codable, Sendable {
    public var from: UInt64
    public var to: UInt64
    public var fromRoot: Hash
    public var toRoot: Hash
    /// RFC 9162 §2.1.4 consistency proof.
    public var proof: [Hash]

    public init(from: UInt64, to: UInt64, fromRoot: Hash, toRoot: Hash, proof: [Hash]) {
        self.from = from
        self.to = to
        self.fromRoot = fromRoot
        self.toRoot = toRoot
        self.proof = proof
    }

    enum CodingKeys: String, CodingKey { case from, to, fromRoot = "from_root", toRoot = "to_root", proof }
}

/// `GET /log/entry/{index}`: the entry, what it records, and a C2SP tlog-proof for it.
public struct LogEntryDTO: Codable, Sendable {
    public var index: UInt64
    /// The log size the proof is against.
    public var size: UInt64
    public var height: UInt64
    public var position: UInt32
    public var actionIndex: UInt16
    public var transactionID: Hash?
    public var action: String?
    /// The entry bytes (the RFC 9162 leaf data), base64 in JSON.
    public var entry: [UInt8]
    public var leafHash: Hash
    /// `c2sp.org/tlog-proof@v1` text; null when the node has no key to sign checkpoints.
    public var tlogProof: String?

    public init(index: UInt64, size: UInt64, height: UInt64, position: UInt32, actionIndex: UInt16, transactionID: Hash?, action: String?,
                entry: [UInt8], leafHash: Hash, tlogProof: String?) {
        self.index = index
        self.size = size
        self.height = height
        self.position = position
        self.actionIndex = actionIndex
        self.transactionID = transactionID
        self.action = action
        self.entry = entry
        self.leafHash = leafHash
        self.tlogProof = tlogProof
    }

    enum CodingKeys: String, CodingKey {
        case index, size, height, position, actionIndex = "action_index", transactionID = "tx_hash", action, entry, leafHash = "leaf_hash",
             tlogProof = "tlog_proof"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(size, forKey: .size)
        try c.encode(height, forKey: .height)
        try c.encode(position, forKey: .position)
        try c.encode(actionIndex, forKey: .actionIndex)
        try c.encode(transactionID, forKey: .transactionID)
        try c.encode(action, forKey: .action)
        try c.encode(Hex.encode(entry), forKey: .entry)
        try c.encode(leafHash, forKey: .leafHash)
        try c.encode(tlogProof, forKey: .tlogProof)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        index = try c.decode(UInt64.self, forKey: .index)
        size = try c.decode(UInt64.self, forKey: .size)
        height = try c.decode(UInt64.self, forKey: .height)
        position = try c.decode(UInt32.self, forKey: .position)
        actionIndex = try c.decode(UInt16.self, forKey: .actionIndex)
        transactionID = try c.decodeIfPresent(Hash.self, forKey: .transactionID)
        action = try c.decodeIfPresent(String.self, forKey: .action)
        guard let e = Hex.decode(try c.decode(String.self, forKey: .entry)) else {
            throw DecodingError.dataCorruptedError(forKey: .entry, in: c, debugDescription: "entry must be hex")
        }
        entry = e
        leafHash = try c.decode(Hash.self, forKey: .leafHash)
        tlogProof = try c.decodeIfPresent(String.self, forKey: .tlogProof)
    }
}

/// Queries of the record log. Defaults answer 404 so that fakes of `NodeAPI` need not implement them.
public protocol RecordLogQueries: Sendable {
    /// The latest signed checkpoint (C2SP tlog-checkpoint note).
    func logCheckpoint() async throws -> String
    func logInclusionProof(index: UInt64, size: UInt64?) async throws -> LogInclusionProofDTO
    func logConsistencyProof(from: UInt64, to: UInt64?) async throws -> LogConsistencyProofDTO
    func logEntry(index: UInt64) async throws -> LogEntryDTO
    /// A tlog-tiles tile or entry bundle by its path after `tile/`; `full` says it is immutable.
    func logTile(path: String) async throws -> (bytes: [UInt8], full: Bool)
}

extension RecordLogQueries {
    public func logCheckpoint() async throws -> String { throw APIError.notFound("this node serves no record log") }
    public func logInclusionProof(index: UInt64, size: UInt64?) async throws -> LogInclusionProofDTO { throw APIError.notFound("this node serves no record log") }
    public func logConsistencyProof(from: UInt64, to: UInt64?) async throws -> LogConsistencyProofDTO { throw APIError.notFound("this node serves no record log") }
    public func logEntry(index: UInt64) async throws -> LogEntryDTO { throw APIError.notFound("this node serves no record log") }
    public func logTile(path: String) async throws -> (bytes: [UInt8], full: Bool) { throw APIError.notFound("this node serves no record log") }
}
