import LedgerCore
import LedgerCrypto

/// What a block gives its transactions: no clock but the block time, nothing from outside.
public struct BlockContext: Sendable {
    public var chainID: String
    /// The network's genesis hash: transaction signatures are checked against it.
    public var genesisHash: Hash
    public var height: UInt64
    public var timeMillis: UInt64
    public var proposer: Address
    public var params: AppParams

    public init(chainID: String, genesisHash: Hash, height: UInt64, timeMillis: UInt64, proposer: Address, params: AppParams) {
        self.chainID = chainID
        self.genesisHash = genesisHash
        self.height = height
        self.timeMillis = timeMillis
        self.proposer = proposer
        self.params = params
    }
}

/// A metered view of state for one transaction's actions: every read and write is charged before it happens.
public struct ExecutionContext {
    public let block: BlockContext
    public let sender: Address
    /// The transaction being executed and the index of the current action: the inputs of every
    /// record id derived during execution (Docs/RECORDS.md, "Ids").
    public let transactionID: Hash
    public internal(set) var actionIndex: UInt16 = 0
    public let state: StateOverlay
    public let gasLimit: UInt64
    public private(set) var gasUsed: UInt64
    public private(set) var events: [Event] = []

    public init(block: BlockContext, sender: Address, transactionID: Hash, state: StateOverlay, gasLimit: UInt64, gasUsed: UInt64) {
        self.block = block
        self.sender = sender
        self.transactionID = transactionID
        self.state = state
        self.gasLimit = gasLimit
        self.gasUsed = gasUsed
    }

    public mutating func charge(_ gas: UInt64) throws(RuleError) {
        let (sum, overflow) = gasUsed.addingReportingOverflow(gas)
        guard !overflow, sum <= gasLimit else {
            gasUsed = gasLimit
            throw .outOfGas(limit: gasLimit, needed: overflow ? .max : sum)
        }
        gasUsed = sum
    }

    public mutating func read(_ key: [UInt8]) throws -> [UInt8]? {
        try charge(GasSchedule.readBase + UInt64(key.count) * GasSchedule.perByteRead)
        let value = try state.read(key)
        try charge(UInt64(value?.count ?? 0) * GasSchedule.perByteRead)
        return value
    }

    public mutating func write(_ key: [UInt8], _ value: [UInt8]) throws(RuleError) {
        try charge(GasSchedule.writeBase + UInt64(key.count + value.count) * GasSchedule.perByteWritten)
        state.write(key, value)
    }

    public mutating func delete(_ key: [UInt8]) throws(RuleError) {
        try charge(GasSchedule.writeBase + UInt64(key.count) * GasSchedule.perByteWritten)
        state.delete(key)
    }

    /// Visits stored entries under a prefix in key order, charging per entry, until `body` returns false.
    public mutating func scan(prefix: [UInt8], from start: [UInt8]? = nil, _ body: ([UInt8], [UInt8]) throws -> Bool) throws {
        try charge(GasSchedule.readBase)
        var failure: RuleError?
        var gas = self
        // Deleted entries are walked like live ones (the overlay skips them), so they are charged
        // like a live entry with an empty value.
        try state.scanEntries(prefix: prefix, from: start ?? prefix) { k, v in
            do throws(RuleError) { try gas.charge(GasSchedule.readBase / 4 + UInt64(k.count + (v?.count ?? 0)) * GasSchedule.perByteRead) } catch {
                failure = error
                return false
            }
            guard let v else { return true }
            return try body(k, v)
        }
        gasUsed = gas.gasUsed
        if let failure { throw failure }
    }

    /// A fresh id for a record created by the current action: SHA-256("desci/id/v1" || tx id || u16 action index || kind).
    public func derivedID(kind: String) -> Hash {
        RecordID.derive(transaction: transactionID, actionIndex: actionIndex, kind: kind)
    }

    /// Records an event, charging for its bytes as receipts will carry them (clamped): events cost
    /// storage and hashing in every receipt, so they are metered like writes.
    public mutating func emit(_ event: Event) throws(RuleError) {
        try charge(GasSchedule.eventGas(event))
        events.append(event)
    }

    /// Takes over events a nested context already paid for (end-block items).
    mutating func adopt(events more: [Event]) {
        events += more
    }
}
