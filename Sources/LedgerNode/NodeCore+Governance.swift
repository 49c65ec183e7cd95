import JsonLogic
import LedgerAPI
import LedgerCore
import LedgerRules

/// Governance, policy, parameter and treasury queries over committed state (Docs/RPC.md).
extension NodeCore {
    public func proposal(id: UInt64) async throws -> ProposalDTO {
        let state = chain.stateReader
        guard let p = try GovernanceStore.proposal(id, in: state) else { throw APIError.notFound("no proposal \(id)") }
        return try Self.proposalDTO(p, state: state)
    }

    public func proposals(status: String?, after: UInt64, limit: Int) async throws -> ProposalListDTO {
        var wanted: ProposalRecord.Status?
        if let status {
            guard let s = ProposalRecord.Status(name: status) else {
                throw APIError.badRequest("BAD_PARAM", "'status' must be one of \(ProposalRecord.Status.allCases.map(\.name).joined(separator: ", "))")
            }
            wanted = s
        }
        let state = chain.stateReader
        let list = try GovernanceStore.proposals(status: wanted, after: after, limit: limit, in: state)
        return ProposalListDTO(proposals: try list.map { try Self.proposalDTO($0, state: state) },
                               next: list.count == limit ? list.last?.id : nil)
    }

    public func members(after: Address?, limit: Int) async throws -> MembersDTO {
        guard limit >= 1, limit <= Self.maxMembersPage else { throw APIError.badRequest("BAD_PARAM", "'limit' must be between 1 and \(Self.maxMembersPage)") }
        let state = chain.stateReader
        // One more than asked tells whether there is a next page.
        let list = try GovernanceStore.members(after: after, limit: limit + 1, in: state)
        let page = list.prefix(limit)
        return MembersDTO(members: try page.map { MemberDTO(address: $0, delegate: try GovernanceStore.delegate(of: $0, in: state)) },
                          next: list.count > limit ? page.last : nil)
    }

    /// The largest `GET /members` page.
    public static let maxMembersPage = 100

    public func params() async throws -> ParamsDTO {
        let app = try chain.params()
        let g = try GovernanceStore.params(in: chain.stateReader)
        return ParamsDTO(minFee: app.minFee, maxBlockGas: app.maxBlockGas, maxBlockBytes: app.maxBlockBytes,
                         votingPeriodBlocks: g.votingPeriodBlocks, timelockBlocks: g.timelockBlocks, minDeposit: g.minDeposit,
                         votingStrategy: g.strategy.name, minGasPrice: app.minGasPrice)
    }

    public func policy(name: String) async throws -> PolicyDTO {
        guard let rule = try Policies.rule(name, in: chain.stateReader) else { throw APIError.notFound("no policy '\(name)'") }
        return PolicyDTO(name: name, rule: rule.canonicalText)
    }

    public func policies() async throws -> [PolicyDTO] {
        try PolicyName.allCases.map(\.rawValue).sorted().compactMap { name in
            try Policies.rule(name, in: chain.stateReader).map { PolicyDTO(name: name, rule: $0.canonicalText) }
        }
    }

    public func treasury() async throws -> TreasuryDTO {
        TreasuryDTO(address: ModuleAccounts.treasury, balance: try chain.account(ModuleAccounts.treasury).balance,
                    depositsAddress: ModuleAccounts.deposits, depositsHeld: try chain.account(ModuleAccounts.deposits).balance)
    }

    static func proposalDTO(_ p: ProposalRecord, state: any StateReader) throws -> ProposalDTO {
        let votes = try GovernanceStore.votes(p.id, in: state).map {
            ProposalDTO.VoteDTO(voter: $0.voter, option: $0.option.name, power: p.power(of: $0.voter) ?? 0)
        }
        return ProposalDTO(id: p.id, proposer: p.proposer, title: p.title, summary: p.summary, actions: p.actions, status: p.status.name,
                           deposit: p.totalDeposit, deposits: p.deposits.map { .init(depositor: $0.depositor, amount: $0.amount) },
                           startHeight: p.startHeight, endHeight: p.endHeight, executeHeight: p.executeHeight, strategy: p.strategy.name,
                           electorate: p.electorate.count, totalPower: p.powers.reduce(0, +), votes: votes,
                           tally: p.tally.map { .init(yes: $0.yes, no: $0.no, abstain: $0.abstain, veto: $0.veto, totalPower: $0.totalPower) },
                           failure: p.failure)
    }
}
