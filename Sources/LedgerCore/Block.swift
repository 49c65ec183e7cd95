/// A block header; the block hash is SHA-256 of its canonical bytes.
public struct BlockHeader: Hashable, Sendable, CanonicalCodable, Codable {
    public static let currentVersion: UInt16 = 1

    public var chainID: String
    public var height: UInt64
    /// Milliseconds since the Unix epoch; strictly greater than the previous block's.
    public var timeMillis: UInt64
    public var previousHash: Hash
    /// RFC 6962 Merkle root over the ids of the block's transactions, in block order.
    public var transactionsRoot: Hash
    /// RFC 6962 Merkle root over SHA-256 of each receipt's canonical bytes.
    public var resultsRoot: Hash
    /// Digest of the whole application state after executing this block.
    public var stateRoot: Hash
    /// Hash of the validator set that signs this height (`ValidatorSetHashing.hash`).
    public var validatorsHash: Hash
    /// Hash of the validator set that signs the next height: equal to `validatorsHash` unless this
    /// block changes the set (Docs/PROTOCOL.md §5.1). A light client follows set changes through it.
    public var nextValidatorsHash: Hash
    public var proposer: Address
    public var transactionCount: UInt32
    /// Number of entries in the record log after this block (Docs/PROOFS.md, "Record log").
    public var logSize: UInt64
    /// RFC 9162 root of the record log at `logSize` entries.
    public var logRoot: Hash

    /// The RFC 9162 root of the empty tree, SHA-256 of no bytes.
    public static let emptyLogRoot = try! Hash(hex: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")

    public init(chainID: String, height: UInt64, timeMillis: UInt64, previousHash: Hash, transactionsRoot: Hash, resultsRoot: Hash,
                stateRoot: Hash, validatorsHash: Hash, nextValidatorsHash: Hash? = nil, proposer: Address, transactionCount: UInt32,
                logSize: UInt64 = 0, logRoot: Hash = BlockHeader.emptyLogRoot) {
        self.chainID = chainID
        self.height = height
        self.timeMillis = timeMillis
        self.previousHash = previousHash
        self.transactionsRoot = transactionsRoot
        self.resultsRoot = resultsRoot
        self.stateRoot = stateRoot
        self.validatorsHash = validatorsHash
        self.nextValidatorsHash = nextValidatorsHash ?? validatorsHash
        self.proposer = proposer
        self.transactionCount = transactionCount
        self.logSize = logSize
        self.logRoot = logRoot
    }

    public func encode(to w: inout CanonicalWriter) {
        w.u16(Self.currentVersion)
        w.string(chainID)
        w.u64(height)
        w.u64(timeMillis)
        w.fixed(previousHash)
        w.fixed(transactionsRoot)
        w.fixed(resultsRoot)
        w.fixed(stateRoot)
        w.fixed(validatorsHash)
        w.fixed(nextValidatorsHash)
        w.address(proposer)
        w.u32(transactionCount)
        w.u64(logSize)
        w.fixed(logRoot)
    }

    public init(from r: inout CanonicalReader) throws {
        let v = try r.u16()
        guard v == Self.currentVersion else { throw CodecError.unknownTag(type: "header version", tag: UInt64(v)) }
        chainID = try r.string(field: "chain id", limit: ProtocolLimits.maxChainIDBytes)
        height = try r.u64()
        timeMillis = try r.u64()
        previousHash = try r.fixed(Hash.self)
        transactionsRoot = try r.fixed(Hash.self)
        resultsRoot = try r.fixed(Hash.self)
        stateRoot = try r.fixed(Hash.self)
        validatorsHash = try r.fixed(Hash.self)
        nextValidatorsHash = try r.fixed(Hash.self)
        proposer = try r.address()
        transactionCount = try r.u32()
        logSize = try r.u64()
        logRoot = try r.fixed(Hash.self)
    }
}

/// A block: its header and the wire bytes of its transactions.
public struct Block: Hashable, Sendable, CanonicalCodable {
    public var header: BlockHeader
    public var transactions: [[UInt8]]

    public init(header: BlockHeader, transactions: [[UInt8]]) {
        self.header = header
        self.transactions = transactions
    }

    public func encode(to w: inout CanonicalWriter) {
        w.value(header)
        w.list(transactions) { $0.data($1) }
    }

    public init(from r: inout CanonicalReader) throws {
        header = try r.value(BlockHeader.self)
        transactions = try r.list(field: "transactions", limit: ProtocolLimits.maxTransactionsPerBlock) {
            try $0.data(field: "transaction", limit: ProtocolLimits.maxTransactionBytes)
        }
        guard transactions.count == Int(header.transactionCount) else {
            throw CodecError.invalidValue(field: "transactions", reason: "header says \(header.transactionCount), block has \(transactions.count)")
        }
    }
}

/// One validator's signature over a block hash.
public struct CommitSignature: Hashable, Sendable, CanonicalCodable, Codable {
    public var validator: PublicKey
    public var signature: Signature

    enum CodingKeys: String, CodingKey { case validator, signature }

    public init(validator: PublicKey, signature: Signature) {
        self.validator = validator
        self.signature = signature
    }

    public func encode(to w: inout CanonicalWriter) {
        w.fixed(validator)
        w.fixed(signature)
    }

    public init(from r: inout CanonicalReader) throws {
        validator = try r.fixed(PublicKey.self)
        signature = try r.fixed(Signature.self)
    }
}

/// The validators' signatures that make a block final.
public struct Commit: Hashable, Sendable, CanonicalCodable, Codable {
    public var height: UInt64
    public var blockHash: Hash
    public var signatures: [CommitSignature]

    enum CodingKeys: String, CodingKey { case height, blockHash = "block_hash", signatures }

    public init(height: UInt64, blockHash: Hash, signatures: [CommitSignature]) {
        self.height = height
        self.blockHash = blockHash
        self.signatures = signatures
    }

    /// What each validator signs: the commit domain, the network, then `height || block hash`.
    public static func signingMessage(chain: ChainIdentity, height: UInt64, blockHash: Hash) -> [UInt8] {
        var w = CanonicalWriter()
        w.u64(height)
        w.fixed(blockHash)
        return SigningDomain.commit.message(chain: chain, payload: w.bytes)
    }

    public func encode(to w: inout CanonicalWriter) {
        w.u64(height)
        w.fixed(blockHash)
        w.list(signatures) { $0.value($1) }
    }

    public init(from r: inout CanonicalReader) throws {
        height = try r.u64()
        blockHash = try r.fixed(Hash.self)
        signatures = try r.list(field: "signatures", limit: ProtocolLimits.maxValidators) { try CommitSignature(from: &$0) }
    }
}
