import LedgerCore

/// A proposal as the RPC shows it (Docs/RPC.md, "Governance").
public struct ProposalDTO: Codable, Sendable, Equatable {
    public struct DepositDTO: Codable, Sendable, Equatable {
        public var depositor: Address
        public var amount: UInt64
        public init(depositor: Address, amount: UInt64) {
            self.depositor = depositor
            self.amount = amount
        }
    }

    public struct VoteDTO: Codable, Sendable, Equatable {
        public var voter: Address
        public var option: String
        public var power: UInt64
        public init(voter: Address, option: String, power: UInt64) {
            self.voter = voter
            self.option = option
            self.power = power
        }
    }

    public struct TallyDTO: Codable, Sendable, Equatable {
        public var yes: UInt64
        public var no: UInt64
        public var abstain: UInt64
        public var veto: UInt64
        public var totalPower: UInt64
        public init(yes: UInt64, no: UInt64, abstain: UInt64, veto: UInt64, totalPower: UInt64) {
            self.yes = yes
            self.no = no
            self.abstain = abstain
            self.veto = veto
            self.totalPower = totalPower
        }
        enum CodingKeys: String, CodingKey { case yes, no, abstain, veto, totalPower = "total_power" }
    }

    public var id: UInt64
    public var proposer: Address
    public var title: String
    public var summary: String
    public var actions: [ProposalAction]
    public var status: String
    public var deposit: UInt64
    public var deposits: [DepositDTO]
    public var startHeight: UInt64
    public var endHeight: UInt64
    public var executeHeight: UInt64?
    public var strategy: String
    public var electorate: Int
    public var totalPower: UInt64
    /// Direct votes so far (delegated power is applied at the tally).
    public var votes: [VoteDTO]
    public var tally: TallyDTO?
    public var failure: String?

    public init(id: UInt64, proposer: Address, title: String, summary: String, actions: [ProposalAction], status: String, deposit: UInt64,
                deposits: [DepositDTO], startHeight: UInt64, endHeight: UInt64, executeHeight: UInt64?, strategy: String, electorate: Int,
                totalPower: UInt64, votes: [VoteDTO], tally: TallyDTO?, failure: String?) {
        self.id = id
        self.proposer = proposer
        self.title = title
        self.summary = summary
        self.actions = actions
        self.status = status
        self.deposit = deposit
        self.deposits = deposits
        self.startHeight = startHeight
        self.endHeight = endHeight
        self.executeHeight = executeHeight
        self.strategy = strategy
        self.electorate = electorate
        self.totalPower = totalPower
        self.votes = votes
        self.tally = tally
        self.failure = failure
    }

    enum CodingKeys: String, CodingKey {
        case id, proposer, title, summary, actions, status, deposit, deposits, startHeight = "start_height", endHeight = "end_height",
             executeHeight = "execute_height", strategy, electorate, totalPower = "total_power", votes, tally, failure
    }
}

public struct ProposalListDTO: Codable, Sendable, Equatable {
    public var proposals: [ProposalDTO]
    /// Pass as `after` to get the next page; nil at the end.
    public var next: UInt64?
    public init(proposals: [ProposalDTO], next: UInt64?) {
        self.proposals = proposals
        self.next = next
    }
}

public struct MemberDTO: Codable, Sendable, Equatable {
    public var address: Address
    public var delegate: Address?
    public init(address: Address, delegate: Address?) {
        self.address = address
        self.delegate = delegate
    }
}

public struct MembersDTO: Codable, Sendable, Equatable {
    public var members: [MemberDTO]
    /// Members on this page.
    public var count: Int
    /// Pass as `after` to get the next page; nil at the end.
    public var next: Address?
    public init(members: [MemberDTO], next: Address? = nil) {
        self.members = members
        self.count = members.count
        self.next = next
    }
}

public struct ParamsDTO: Codable, Sendable, Equatable {
    public var minFee: UInt64
    public var maxBlockGas: UInt64
    public var maxBlockBytes: UInt64
    public var votingPeriodBlocks: UInt64
    public var timelockBlocks: UInt64
    public var minDeposit: UInt64
    public var votingStrategy: String
    /// Base units per 1,000 gas of a transaction's gas limit (Docs/PROTOCOL.md, "Fees").
    public var minGasPrice: UInt64

    public init(minFee: UInt64, maxBlockGas: UInt64, maxBlockBytes: UInt64, votingPeriodBlocks: UInt64, timelockBlocks: UInt64,
                minDeposit: UInt64, votingStrategy: String, minGasPrice: UInt64 = 0) {
        self.minGasPrice = minGasPrice
        self.minFee = minFee
        self.maxBlockGas = maxBlockGas
        self.maxBlockBytes = maxBlockBytes
        self.votingPeriodBlocks = votingPeriodBlocks
        self.timelockBlocks = timelockBlocks
        self.minDeposit = minDeposit
        self.votingStrategy = votingStrategy
    }

    enum CodingKeys: String, CodingKey {
        case minFee = "min_fee", maxBlockGas = "max_block_gas", maxBlockBytes = "max_block_bytes",
             votingPeriodBlocks = "voting_period_blocks", timelockBlocks = "timelock_blocks", minDeposit = "min_deposit",
             votingStrategy = "voting_strategy", minGasPrice = "min_gas_price"
    }
}

/// A named policy with its active rule as canonical JSON text (the RPC embeds it as JSON).
public struct PolicyDTO: Codable, Sendable, Equatable {
    public var name: String
    public var rule: String
    public init(name: String, rule: String) {
        self.name = name
        self.rule = rule
    }
}

public struct TreasuryDTO: Codable, Sendable, Equatable {
    public var address: Address
    public var balance: UInt64
    public var depositsAddress: Address
    public var depositsHeld: UInt64
    public init(address: Address, balance: UInt64, depositsAddress: Address, depositsHeld: UInt64) {
        self.address = address
        self.balance = balance
        self.depositsAddress = depositsAddress
        self.depositsHeld = depositsHeld
    }
    enum CodingKeys: String, CodingKey { case address, balance, depositsAddress = "deposits_address", depositsHeld = "deposits_held" }
}
