import LedgerCore

// JSON shapes of the RPC API (Docs/RPC.md). Field names are snake_case; hashes and keys are hex;
// addresses are bech32; amounts are JSON integers.

public struct StatusDTO: Codable, Sendable {
    public var chainID: String
    public var version: String
    public var latestHeight: UInt64
    public var latestHash: Hash
    public var latestTime: String
    public var latestTimeMillis: UInt64
    public var genesisHash: Hash
    public var validatorAddress: Address?
    public var validatorPubKey: PublicKey?
    public var mempoolSize: Int

    public init(chainID: String, version: String, latestHeight: UInt64, latestHash: Hash, latestTime: String, latestTimeMillis: UInt64,
                genesisHash: Hash, validatorAddress: Address?, validatorPubKey: PublicKey?, mempoolSize: Int) {
        self.chainID = chainID
        self.version = version
        self.latestHeight = latestHeight
        self.latestHash = latestHash
        self.latestTime = latestTime
        self.latestTimeMillis = latestTimeMillis
        self.genesisHash = genesisHash
        self.validatorAddress = validatorAddress
        self.validatorPubKey = validatorPubKey
        self.mempoolSize = mempoolSize
    }

    enum CodingKeys: String, CodingKey {
        case chainID = "chain_id", version, latestHeight = "latest_height", latestHash = "latest_hash", latestTime = "latest_time",
             latestTimeMillis = "latest_time_ms", genesisHash = "genesis_hash", validatorAddress = "validator_address",
             validatorPubKey = "validator_pub_key", mempoolSize = "mempool_size"
    }
}

public struct HeaderDTO: Codable, Sendable {
    public var chainID: String
    public var height: UInt64
    public var time: String
    public var timeMillis: UInt64
    public var previousHash: Hash
    public var transactionsRoot: Hash
    public var resultsRoot: Hash
    public var stateRoot: Hash
    public var validatorsHash: Hash
    public var nextValidatorsHash: Hash
    public var lastCommitHash: Hash
    public var proposer: Address
    public var transactionCount: UInt32
    public var logSize: UInt64
    public var logRoot: Hash

    public init(_ h: BlockHeader, time: String) {
        chainID = h.chainID
        height = h.height
        self.time = time
        timeMillis = h.timeMillis
        previousHash = h.previousHash
        transactionsRoot = h.transactionsRoot
        resultsRoot = h.resultsRoot
        stateRoot = h.stateRoot
        validatorsHash = h.validatorsHash
        nextValidatorsHash = h.nextValidatorsHash
        lastCommitHash = h.lastCommitHash
        proposer = h.proposer
        transactionCount = h.transactionCount
        logSize = h.logSize
        logRoot = h.logRoot
    }

    enum CodingKeys: String, CodingKey {
        case chainID = "chain_id", height, time, timeMillis = "time_ms", previousHash = "previous_hash",
             transactionsRoot = "transactions_root", resultsRoot = "results_root", stateRoot = "state_root",
             validatorsHash = "validators_hash", nextValidatorsHash = "next_validators_hash",
             lastCommitHash = "last_commit_hash", proposer, transactionCount = "transaction_count",
             logSize = "log_size", logRoot = "log_root"
    }
}

public struct BlockDTO: Codable, Sendable {
    public var hash: Hash
    public var header: HeaderDTO
    /// Ids of the block's transactions in order.
    public var transactions: [Hash]
    public var commit: Commit?
    /// The previous height's commit the block carries (nil at height 1; its hash is the header's
    /// `last_commit_hash`).
    public var lastCommit: Commit?
    /// Events of the block's end-block hooks (proposal tallies and executions), committed to by the
    /// last leaf of the results root when non-empty.
    public var endBlockEvents: [Event]

    public init(hash: Hash, header: HeaderDTO, transactions: [Hash], commit: Commit?, lastCommit: Commit? = nil, endBlockEvents: [Event] = []) {
        self.hash = hash
        self.header = header
        self.transactions = transactions
        self.commit = commit
        self.lastCommit = lastCommit
        self.endBlockEvents = endBlockEvents
    }

    enum CodingKeys: String, CodingKey { case hash, header, transactions, commit, lastCommit = "last_commit", endBlockEvents = "end_block_events" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hash = try c.decode(Hash.self, forKey: .hash)
        header = try c.decode(HeaderDTO.self, forKey: .header)
        transactions = try c.decode([Hash].self, forKey: .transactions)
        commit = try c.decodeIfPresent(Commit.self, forKey: .commit)
        lastCommit = try c.decodeIfPresent(Commit.self, forKey: .lastCommit)
        endBlockEvents = try c.decodeIfPresent([Event].self, forKey: .endBlockEvents) ?? []
    }
}

public struct ReceiptDTO: Codable, Sendable, Equatable {
    public var status: String
    public var code: String
    public var message: String
    public var gasUsed: UInt64
    public var feePaid: UInt64
    public var events: [Event]

    public init(_ r: Receipt) {
        status = r.status == .success ? "success" : "failed"
        code = r.code
        message = r.message
        gasUsed = r.gasUsed
        feePaid = r.feePaid
        events = r.events
    }

    enum CodingKeys: String, CodingKey {
        case status, code, message, gasUsed = "gas_used", feePaid = "fee_paid", events
    }
}

public struct TransactionDTO: Codable, Sendable {
    public var hash: Hash
    public var height: UInt64
    public var index: UInt32
    public var sender: Address
    public var body: TransactionBodyJSON
    public var signature: Signature
    public var raw: String
    public var receipt: ReceiptDTO

    public init(hash: Hash, height: UInt64, index: UInt32, sender: Address, body: TransactionBodyJSON, signature: Signature, raw: String, receipt: ReceiptDTO) {
        self.hash = hash
        self.height = height
        self.index = index
        self.sender = sender
        self.body = body
        self.signature = signature
        self.raw = raw
        self.receipt = receipt
    }
}

public struct AccountDTO: Codable, Sendable {
    public var address: Address
    public var balance: UInt64
    /// Next nonce according to committed state.
    public var nonce: UInt64
    /// Next nonce counting transactions waiting in the mempool: what a wallet should sign with.
    public var pendingNonce: UInt64

    public init(address: Address, balance: UInt64, nonce: UInt64, pendingNonce: UInt64) {
        self.address = address
        self.balance = balance
        self.nonce = nonce
        self.pendingNonce = pendingNonce
    }

    enum CodingKeys: String, CodingKey { case address, balance, nonce, pendingNonce = "pending_nonce" }
}

public struct MempoolDTO: Codable, Sendable {
    public var count: Int
    public var bytes: Int
    public var maxCount: Int
    public var maxBytes: Int

    public init(count: Int, bytes: Int, maxCount: Int, maxBytes: Int) {
        self.count = count
        self.bytes = bytes
        self.maxCount = maxCount
        self.maxBytes = maxBytes
    }

    enum CodingKeys: String, CodingKey { case count, bytes, maxCount = "max_count", maxBytes = "max_bytes" }
}

/// The answer to one submitted transaction. `code` is empty when accepted.
public struct SubmitResultDTO: Codable, Sendable {
    public var hash: Hash?
    public var accepted: Bool
    public var code: String
    public var message: String
    /// With mode=commit: where it landed and what happened.
    public var height: UInt64?
    public var receipt: ReceiptDTO?

    public init(hash: Hash?, accepted: Bool, code: String = "", message: String = "", height: UInt64? = nil, receipt: ReceiptDTO? = nil) {
        self.hash = hash
        self.accepted = accepted
        self.code = code
        self.message = message
        self.height = height
        self.receipt = receipt
    }
}

/// Any JSON key, to find keys a request type does not know.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Refuses keys outside `known`: a misspelt field must be an error, not a silently ignored default.
func refuseUnknownKeys(_ decoder: Decoder, known: Set<String>) throws {
    let c = try decoder.container(keyedBy: AnyKey.self)
    if let unknown = c.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
        throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unknown field '\(unknown)'"))
    }
}

public struct SubmitRequest: Codable, Sendable {
    /// The signed transaction, hex or base64.
    public var tx: String
    public var mode: SubmitMode?

    public init(tx: String, mode: SubmitMode?) {
        self.tx = tx
        self.mode = mode
    }

    enum CodingKeys: String, CodingKey { case tx, mode }

    public init(from decoder: Decoder) throws {
        try refuseUnknownKeys(decoder, known: ["tx", "mode"])
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tx = try c.decode(String.self, forKey: .tx)
        mode = try c.decodeIfPresent(SubmitMode.self, forKey: .mode)
    }
}

public struct SubmitBatchRequest: Codable, Sendable {
    public var txs: [String]
    public var mode: SubmitMode?

    public init(txs: [String], mode: SubmitMode?) {
        self.txs = txs
        self.mode = mode
    }

    enum CodingKeys: String, CodingKey { case txs, mode }

    public init(from decoder: Decoder) throws {
        try refuseUnknownKeys(decoder, known: ["txs", "mode"])
        let c = try decoder.container(keyedBy: CodingKeys.self)
        txs = try c.decode([String].self, forKey: .txs)
        mode = try c.decodeIfPresent(SubmitMode.self, forKey: .mode)
    }
}

public struct SubmitBatchResponse: Codable, Sendable {
    public var results: [SubmitResultDTO]
    public init(results: [SubmitResultDTO]) { self.results = results }
}

public struct ErrorBody: Codable, Sendable {
    public struct Detail: Codable, Sendable {
        public var code: String
        public var message: String
    }

    public var error: Detail
    public init(code: String, message: String) { error = Detail(code: code, message: message) }
}
