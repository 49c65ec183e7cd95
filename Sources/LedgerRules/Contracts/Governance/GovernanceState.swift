import LedgerCore

/// How voting power is assigned (governance parameter `voting_strategy`).
public enum VotingStrategy: UInt8, Sendable, Codable, CaseIterable {
    case oneMemberOneVote = 0
    case tokenWeighted = 1
    case reputationWeighted = 2

    public var name: String {
        switch self {
        case .oneMemberOneVote: "one_member_one_vote"
        case .tokenWeighted: "token_weighted"
        case .reputationWeighted: "reputation_weighted"
        }
    }

    public init?(name: String) {
        guard let s = Self.allCases.first(where: { $0.name.utf8.elementsEqual(name.utf8) }) else { return nil }
        self = s
    }
}

/// Governance parameters stored at `04 00` (changed by `setParameter`).
public struct GovernanceParams: Hashable, Sendable, CanonicalCodable {
    public var votingPeriodBlocks: UInt64
    public var timelockBlocks: UInt64
    public var minDeposit: UInt64
    public var strategy: VotingStrategy

    public static let defaults = GovernanceParams(votingPeriodBlocks: 100, timelockBlocks: 10, minDeposit: 1_000, strategy: .oneMemberOneVote)

    public init(votingPeriodBlocks: UInt64, timelockBlocks: UInt64, minDeposit: UInt64, strategy: VotingStrategy) {
        self.votingPeriodBlocks = votingPeriodBlocks
        self.timelockBlocks = timelockBlocks
        self.minDeposit = minDeposit
        self.strategy = strategy
    }

    public func encode(to w: inout CanonicalWriter) {
        w.u64(votingPeriodBlocks)
        w.u64(timelockBlocks)
        w.u64(minDeposit)
        w.u8(strategy.rawValue)
    }

    public init(from r: inout CanonicalReader) throws {
        votingPeriodBlocks = try r.u64()
        timelockBlocks = try r.u64()
        minDeposit = try r.u64()
        strategy = try r.enumeration(VotingStrategy.self, "voting strategy")
    }
}

/// A proposal as stored: what was proposed, who may vote with what power, and what became of it.
public struct ProposalRecord: Hashable, Sendable, CanonicalCodable {
    public enum Status: UInt8, Sendable, CaseIterable {
        case voting = 0, passed = 1, rejected = 2, vetoed = 3, executed = 4, executionFailed = 5

        public var name: String {
            switch self {
            case .voting: "voting"
            case .passed: "passed"
            case .rejected: "rejected"
            case .vetoed: "vetoed"
            case .executed: "executed"
            case .executionFailed: "execution_failed"
            }
        }

        public init?(name: String) {
            guard let s = Self.allCases.first(where: { $0.name.utf8.elementsEqual(name.utf8) }) else { return nil }
            self = s
        }
    }

    public struct Deposit: Hashable, Sendable {
        public var depositor: Address
        public var amount: UInt64
        public init(depositor: Address, amount: UInt64) {
            self.depositor = depositor
            self.amount = amount
        }
    }

    public struct Tally: Hashable, Sendable {
        public var yes: UInt64
        public var no: UInt64
        public var abstain: UInt64
        public var veto: UInt64
        public var totalPower: UInt64
        public var voted: UInt64 { yes + no + abstain + veto }
        public init(yes: UInt64, no: UInt64, abstain: UInt64, veto: UInt64, totalPower: UInt64) {
            self.yes = yes
            self.no = no
            self.abstain = abstain
            self.veto = veto
            self.totalPower = totalPower
        }
    }

    public var id: UInt64
    public var proposer: Address
    public var title: String
    public var summary: String
    public var actions: [ProposalAction]
    public var deposits: [Deposit]
    public var startHeight: UInt64
    public var endHeight: UInt64
    public var strategy: VotingStrategy
    /// The members at the start height, in address order, and their voting power (the snapshot).
    public var electorate: [Address]
    public var powers: [UInt64]
    public var status: Status
    public var tally: Tally?
    public var executeHeight: UInt64?
    /// Why the execution failed (code: sentence), or why the tally could not apply the policy.
    public var failure: String?

    public var totalDeposit: UInt64 { deposits.reduce(0) { $0 &+ $1.amount } }

    public func power(of a: Address) -> UInt64? {
        guard let i = electorate.firstIndex(of: a) else { return nil }
        return powers[i]
    }

    public func encode(to w: inout CanonicalWriter) {
        w.u64(id)
        w.address(proposer)
        w.string(title)
        w.string(summary)
        w.list(actions) { $1.encode(to: &$0) }
        w.list(deposits) { w, d in
            w.address(d.depositor)
            w.u64(d.amount)
        }
        w.u64(startHeight)
        w.u64(endHeight)
        w.u8(strategy.rawValue)
        w.list(electorate) { $0.address($1) }
        w.list(powers) { $0.u64($1) }
        w.u8(status.rawValue)
        w.optional(tally) { w, t in
            w.u64(t.yes)
            w.u64(t.no)
            w.u64(t.abstain)
            w.u64(t.veto)
            w.u64(t.totalPower)
        }
        w.optionalU64(executeHeight)
        w.optionalString(failure)
    }

    public init(from r: inout CanonicalReader) throws {
        id = try r.u64()
        proposer = try r.address()
        title = try r.text("title", max: RecordLimits.title)
        summary = try r.text("summary", max: RecordLimits.comment)
        actions = try r.list(field: "actions", limit: RecordLimits.proposalActions) { try ProposalAction(from: &$0) }
        deposits = try r.list(field: "deposits", limit: GovernanceLimits.maxDepositors) { Deposit(depositor: try $0.address(), amount: try $0.u64()) }
        startHeight = try r.u64()
        endHeight = try r.u64()
        strategy = try r.enumeration(VotingStrategy.self, "voting strategy")
        electorate = try r.list(field: "electorate", limit: GovernanceLimits.maxMembers) { try $0.address() }
        powers = try r.list(field: "powers", limit: GovernanceLimits.maxMembers) { try $0.u64() }
        status = try r.enumeration(Status.self, "proposal status")
        tally = try r.optional { r in
            Tally(yes: try r.u64(), no: try r.u64(), abstain: try r.u64(), veto: try r.u64(), totalPower: try r.u64())
        }
        executeHeight = try r.optionalU64()
        failure = try r.optionalText("failure", max: RecordLimits.comment)
    }

    init(id: UInt64, proposer: Address, title: String, summary: String, actions: [ProposalAction], deposits: [Deposit],
         startHeight: UInt64, endHeight: UInt64, strategy: VotingStrategy, electorate: [Address], powers: [UInt64]) {
        self.id = id
        self.proposer = proposer
        self.title = title
        self.summary = summary
        self.actions = actions
        self.deposits = deposits
        self.startHeight = startHeight
        self.endHeight = endHeight
        self.strategy = strategy
        self.electorate = electorate
        self.powers = powers
        self.status = .voting
    }
}

/// A treasury grant created by a passed proposal: milestone 0 is paid at execution, the others when
/// a later passed proposal approves them.
public struct GrantRecord: Hashable, Sendable, CanonicalCodable {
    public var id: UInt64
    public var proposal: UInt64
    public var recipient: Address
    public var milestones: [Milestone]
    /// One flag per milestone.
    public var released: [Bool]

    public func encode(to w: inout CanonicalWriter) {
        w.u64(id)
        w.u64(proposal)
        w.address(recipient)
        w.list(milestones) { w, m in
            w.u64(m.amount)
            w.string(m.description)
        }
        w.list(released) { $0.bool($1) }
    }

    public init(from r: inout CanonicalReader) throws {
        id = try r.u64()
        proposal = try r.u64()
        recipient = try r.address()
        milestones = try r.list(field: "milestones", limit: RecordLimits.milestones) {
            Milestone(amount: try $0.u64(), description: try $0.text("milestone", max: RecordLimits.reason))
        }
        released = try r.list(field: "released", limit: RecordLimits.milestones) { try $0.bool() }
    }

    init(id: UInt64, proposal: UInt64, recipient: Address, milestones: [Milestone]) {
        self.id = id
        self.proposal = proposal
        self.recipient = recipient
        self.milestones = milestones
        self.released = milestones.map { _ in false }
    }
}

/// Unmetered reads of governance state, for queries and genesis.
public enum GovernanceStore {
    public static func params(in state: any StateReader) throws -> GovernanceParams {
        try state.read(GovernanceKeys.params).map { try GovernanceParams(canonical: $0) } ?? .defaults
    }

    public static func proposal(_ id: UInt64, in state: any StateReader) throws -> ProposalRecord? {
        try state.read(GovernanceKeys.proposal(id)).map { try ProposalRecord(canonical: $0) }
    }

    public static func grant(_ id: UInt64, in state: any StateReader) throws -> GrantRecord? {
        try state.read(GovernanceKeys.grant(id)).map { try GrantRecord(canonical: $0) }
    }

    public static func members(in state: any StateReader) throws -> [Address] {
        var out: [Address] = []
        try state.scan(prefix: GovernanceKeys.membersPrefix, from: GovernanceKeys.membersPrefix) { k, _ in
            if let a = try? Address(bytes: Array(k.dropFirst(2))) { out.append(a) }
            return true
        }
        return out
    }

    /// Members with addresses after `after` (byte order), at most `limit`: one index scan.
    public static func members(after: Address?, limit: Int, in state: any StateReader) throws -> [Address] {
        var out: [Address] = []
        guard limit > 0 else { return out }
        let prefix = GovernanceKeys.membersPrefix
        try state.scan(prefix: prefix, from: after.map { prefix + $0.bytes + [0] } ?? prefix) { k, _ in
            if let a = try? Address(bytes: Array(k.dropFirst(prefix.count))) { out.append(a) }
            return out.count < limit
        }
        return out
    }

    public static func delegate(of a: Address, in state: any StateReader) throws -> Address? {
        try state.read(GovernanceKeys.delegation(a)).map { try Address(bytes: $0) }
    }

    public static func vote(_ id: UInt64, _ voter: Address, in state: any StateReader) throws -> CastVote.Option? {
        try state.read(GovernanceKeys.vote(id, voter)).flatMap { $0.count == 1 ? CastVote.Option(rawValue: $0[0]) : nil }
    }

    /// All votes cast directly on a proposal, in voter address order.
    public static func votes(_ id: UInt64, in state: any StateReader) throws -> [(voter: Address, option: CastVote.Option)] {
        var out: [(voter: Address, option: CastVote.Option)] = []
        let p = GovernanceKeys.votesPrefix(id)
        try state.scan(prefix: p, from: p) { k, v in
            if let a = try? Address(bytes: Array(k.dropFirst(p.count))), v.count == 1, let o = CastVote.Option(rawValue: v[0]) {
                out.append((a, o))
            }
            return true
        }
        return out
    }

    /// Proposals with id > `after`, in id order, optionally with a given status, at most `limit`.
    public static func proposals(status: ProposalRecord.Status?, after: UInt64, limit: Int, in state: any StateReader) throws -> [ProposalRecord] {
        var out: [ProposalRecord] = []
        guard after < .max else { return out }
        try state.scan(prefix: GovernanceKeys.proposalsPrefix, from: GovernanceKeys.proposal(after + 1)) { _, v in
            let p = try ProposalRecord(canonical: v)
            if status == nil || p.status == status { out.append(p) }
            return out.count < limit
        }
        return out
    }

    /// Whether a tally or an execution is queued at or before `height`.
    public static func hasDueWork(atHeight height: UInt64, in state: any StateReader) throws -> Bool {
        var due = false
        for queue in [GovernanceKeys.tallyQueuePrefix, GovernanceKeys.executionQueuePrefix] where !due {
            try state.scan(prefix: queue, from: queue) { k, _ in
                due = k.count == queue.count + 16 && GovernanceKeys.readBE64(k[queue.count...]) <= height
                return false
            }
        }
        return due
    }

    /// Writes the genesis governance state: members, parameters, counters.
    public static func writeGenesis(members: [Address], params: GovernanceParams, into state: StateOverlay) {
        for m in members { state.write(GovernanceKeys.member(m), []) }
        state.write(GovernanceKeys.memberCount, GovernanceKeys.be64(UInt64(members.count)))
        state.write(GovernanceKeys.params, params.canonicalBytes)
        state.write(GovernanceKeys.nextProposalID, GovernanceKeys.be64(1))
        state.write(GovernanceKeys.nextGrantID, GovernanceKeys.be64(1))
    }
}
