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
    /// SHA-256 of the canonical bytes of the previous height's `Commit` (the block's `lastCommit`);
    /// 32 zero bytes at height 1, which has no previous commit (Docs/PROTOCOL.md §5.1).
    public var lastCommitHash: Hash
    public var proposer: Address
    public var transactionCount: UInt32
    /// Number of entries in the record log after this block (Docs/PROOFS.md, "Record log").
    public var logSize: UInt64
    /// RFC 9162 root of the record log at `logSize` entries.
    public var logRoot: Hash

    /// The RFC 9162 root of the empty tree, SHA-256 of no bytes.
    public static let emptyLogRoot = try! Hash(hex: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")

    public init(chainID: String, height: UInt64, timeMillis: UInt64, previousHash: Hash, transactionsRoot: Hash, resultsRoot: Hash,
                stateRoot: Hash, validatorsHash: Hash, nextValidatorsHash: Hash? = nil, lastCommitHash: Hash = .zero, proposer: Address, transactionCount: UInt32,
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
        self.lastCommitHash = lastCommitHash
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
        w.fixed(lastCommitHash)
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
        lastCommitHash = try r.fixed(Hash.self)
        proposer = try r.address()
        transactionCount = try r.u32()
        logSize = try r.u64()
        logRoot = try r.fixed(Hash.self)
    }
}

/// A block: its header, the wire bytes of its transactions, and the commit of the previous height.
public struct Block: Hashable, Sendable, CanonicalCodable {
    public var header: BlockHeader
    public var transactions: [[UInt8]]
    /// The precommits that made the previous block final; nil exactly at height 1. Its hash is
    /// `header.lastCommitHash`, so the block hash covers it (Docs/PROTOCOL.md §5.2).
    public var lastCommit: Commit?
    /// Proof of equivocation by validators, strictly ascending by `sortKey` (Docs/PROTOCOL.md §5.5).
    /// Not covered by a header field: like the transactions' bytes, the block hash reaches it only
    /// through execution, which records it in state (the state root).
    public var evidence: [EquivocationEvidence]

    public init(header: BlockHeader, transactions: [[UInt8]], lastCommit: Commit? = nil, evidence: [EquivocationEvidence] = []) {
        self.header = header
        self.transactions = transactions
        self.lastCommit = lastCommit
        self.evidence = evidence
    }

    public func encode(to w: inout CanonicalWriter) {
        w.value(header)
        w.list(transactions) { $0.data($1) }
        w.optional(lastCommit) { $0.value($1) }
        w.list(evidence) { $0.value($1) }
    }

    public init(from r: inout CanonicalReader) throws {
        header = try r.value(BlockHeader.self)
        transactions = try r.list(field: "transactions", limit: ProtocolLimits.maxTransactionsPerBlock) {
            try $0.data(field: "transaction", limit: ProtocolLimits.maxTransactionBytes)
        }
        guard transactions.count == Int(header.transactionCount) else {
            throw CodecError.invalidValue(field: "transactions", reason: "header says \(header.transactionCount), block has \(transactions.count)")
        }
        lastCommit = try r.optional { try $0.value(Commit.self) }
        evidence = try r.list(field: "evidence", limit: EquivocationEvidence.maxPerBlock) { try $0.value(EquivocationEvidence.self) }
        for i in evidence.indices.dropFirst() where !evidence[i - 1].sortKey.lexicographicallyPrecedes(evidence[i].sortKey) {
            throw CodecError.invalidValue(field: "evidence", reason: "must be strictly ascending by (height, round, type, validator)")
        }
        // The last commit is present exactly above height 1 and is the previous height's. That it
        // hashes to `header.lastCommitHash` is checked by block validation (`Block.hasConsistentLastCommit`,
        // LedgerCrypto), since this module does not hash.
        if header.height <= 1 {
            guard lastCommit == nil else { throw CodecError.invalidValue(field: "last commit", reason: "height \(header.height) has no previous commit") }
        } else {
            guard let lastCommit else { throw CodecError.invalidValue(field: "last commit", reason: "missing at height \(header.height)") }
            guard lastCommit.height == header.height - 1 else {
                throw CodecError.invalidValue(field: "last commit", reason: "is for height \(lastCommit.height), not \(header.height - 1)")
            }
        }
    }
}

/// One validator's precommit signature in a commit: the validator's index in the set of the commit's
/// height, and its Ed25519 signature over its precommit vote for the block (`Commit.signingMessage`).
public struct CommitSignature: Hashable, Sendable, CanonicalCodable, Codable {
    public var validatorIndex: UInt32
    public var signature: Signature

    enum CodingKeys: String, CodingKey { case validatorIndex = "validator_index", signature }

    public init(validatorIndex: UInt32, signature: Signature) {
        self.validatorIndex = validatorIndex
        self.signature = signature
    }

    public func encode(to w: inout CanonicalWriter) {
        w.u32(validatorIndex)
        w.fixed(signature)
    }

    public init(from r: inout CanonicalReader) throws {
        validatorIndex = try r.u32()
        signature = try r.fixed(Signature.self)
    }
}

/// The precommits that make a block final: a decided height's precommits for the block, as the
/// validators signed them, so a commit needs no re-signing (Docs/PROTOCOL.md §5.4).
public struct Commit: Hashable, Sendable, CanonicalCodable, Codable {
    public var height: UInt64
    /// The consensus round in which the block was decided.
    public var round: UInt32
    public var blockHash: Hash
    /// Strictly ascending by validator index (the decoder rejects any other order or a repeat).
    public var signatures: [CommitSignature]

    enum CodingKeys: String, CodingKey { case height, round, blockHash = "block_hash", signatures }

    public init(height: UInt64, round: UInt32, blockHash: Hash, signatures: [CommitSignature]) {
        self.height = height
        self.round = round
        self.blockHash = blockHash
        self.signatures = signatures
    }

    /// The vote type byte of a precommit (LedgerConsensus `VoteType.precommit`).
    public static let precommitType: UInt8 = 2

    /// What validator `validatorIndex` signed: its precommit vote for this block, byte for byte
    /// `Vote.signingMessage` of LedgerConsensus — the vote domain, the network, then
    /// `u8 2 || u64 height || u32 round || optional(some block hash) || u32 validator index`.
    public func signingMessage(chain: ChainIdentity, validatorIndex: UInt32) -> [UInt8] {
        var w = CanonicalWriter()
        w.u8(Self.precommitType)
        w.u64(height)
        w.u32(round)
        w.optional(blockHash) { $0.fixed($1) }
        w.u32(validatorIndex)
        return SigningDomain.vote.message(chain: chain, payload: w.bytes)
    }

    public func encode(to w: inout CanonicalWriter) {
        w.u64(height)
        w.u32(round)
        w.fixed(blockHash)
        w.list(signatures) { $0.value($1) }
    }

    public init(from r: inout CanonicalReader) throws {
        height = try r.u64()
        round = try r.u32()
        blockHash = try r.fixed(Hash.self)
        signatures = try r.list(field: "signatures", limit: ProtocolLimits.maxValidators) { try CommitSignature(from: &$0) }
        for i in signatures.indices.dropFirst() where signatures[i].validatorIndex <= signatures[i - 1].validatorIndex {
            throw CodecError.invalidValue(field: "signatures", reason: "validator indices must be strictly ascending")
        }
    }
}
