import LedgerCore

/// What a block gives its transactions: no clock but the block time, nothing from outside.
public struct BlockContext: Sendable {
    public var chainID: String
    public var height: UInt64
    public var timeMillis: UInt64
    public var proposer: Address
    public var params: AppParams

    public init(chainID: String, height: UInt64, timeMillis: UInt64, proposer: Address, params: AppParams) {
        self.chainID = chainID
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
    public let state: StateOverlay
    public let gasLimit: UInt64
    public private(set) var gasUsed: UInt64
    public private(set) var events: [Event] = []

    init(block: BlockContext, sender: Address, state: StateOverlay, gasLimit: UInt64, gasUsed: UInt64) {
        self.block = block
        self.sender = sender
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

    public mutating func emit(_ event: Event) {
        events.append(event)
    }
}
