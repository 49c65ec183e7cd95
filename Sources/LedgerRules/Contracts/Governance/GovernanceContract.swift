import LedgerCore

/// DAO governance and the treasury (Docs/GOVERNANCE.md). Proposals and deposits live here; voting and
/// tallies in GovernanceVoting.swift, delegation in GovernanceDelegation.swift, treasury moves in
/// GovernanceTreasury.swift, parameters in GovernanceParameters.swift, execution and the end-block
/// hook in GovernanceExecution.swift.
public enum GovernanceContract {
    static let proposeCompute: UInt64 = 2_000

    static func reject(_ code: String, _ message: String) -> RuleError { .rejected(code: code, message: message) }

    // MARK: metered helpers

    static func u64(_ key: [UInt8], ctx: inout ExecutionContext) throws -> UInt64? {
        try ctx.read(key).map { GovernanceKeys.readBE64($0[...]) }
    }

    static func params(ctx: inout ExecutionContext) throws -> GovernanceParams {
        try ctx.read(GovernanceKeys.params).map { try GovernanceParams(canonical: $0) } ?? .defaults
    }

    static func isMember(_ a: Address, ctx: inout ExecutionContext) throws -> Bool {
        try ctx.read(GovernanceKeys.member(a)) != nil
    }

    static func requireMember(_ a: Address, ctx: inout ExecutionContext) throws {
        guard try isMember(a, ctx: &ctx) else { throw reject("NOT_MEMBER", "\(a) is not a member of the DAO") }
    }

    static func loadProposal(_ id: UInt64, ctx: inout ExecutionContext) throws -> ProposalRecord {
        guard let raw = try ctx.read(GovernanceKeys.proposal(id)) else { throw reject("UNKNOWN_PROPOSAL", "no proposal \(id)") }
        try ctx.charge(UInt64(raw.count) * GasSchedule.perByteDecoded)
        return try ProposalRecord(canonical: raw)
    }

    static func save(_ p: ProposalRecord, ctx: inout ExecutionContext) throws {
        try ctx.write(GovernanceKeys.proposal(p.id), p.canonicalBytes)
    }

    /// The current members in address order (bounded by `GovernanceLimits.maxMembers`).
    static func members(ctx: inout ExecutionContext) throws -> [Address] {
        var out: [Address] = []
        try ctx.scan(prefix: GovernanceKeys.membersPrefix) { k, _ in
            if let a = try? Address(bytes: Array(k.dropFirst(2))) { out.append(a) }
            return out.count < GovernanceLimits.maxMembers
        }
        return out
    }

    // MARK: gov.propose

    public static func propose(_ a: Propose, ctx: inout ExecutionContext) throws {
        try ctx.charge(proposeCompute)
        try requireMember(ctx.sender, ctx: &ctx)
        let params = try params(ctx: &ctx)
        guard a.deposit >= params.minDeposit else {
            throw reject("INSUFFICIENT_DEPOSIT", "the deposit must be at least \(params.minDeposit), got \(a.deposit)")
        }
        // Bounded so that a tally and an execution always fit the end-block gas per item.
        let size = a.canonicalBytes.count
        guard size <= GovernanceLimits.maxProposalBytes else {
            throw reject("PROPOSAL_TOO_LARGE", "the proposal is \(size) bytes; at most \(GovernanceLimits.maxProposalBytes) are allowed")
        }
        for action in a.actions { try validate(action) }
        if a.deposit > 0 {
            try Treasury.move(from: ctx.sender, to: ModuleAccounts.deposits, amount: a.deposit, ctx: &ctx)
        }
        let electorate = try members(ctx: &ctx)
        let powers = try VotingPower.snapshot(electorate, strategy: params.strategy, ctx: &ctx)
        let id = try u64(GovernanceKeys.nextProposalID, ctx: &ctx) ?? 1
        let (end, overflow) = ctx.block.height.addingReportingOverflow(params.votingPeriodBlocks)
        guard !overflow else { throw reject("INVALID_PARAMETER", "the voting period overflows the height") }
        let record = ProposalRecord(id: id, proposer: ctx.sender, title: a.title, summary: a.summary, actions: a.actions,
                                    deposits: a.deposit > 0 ? [.init(depositor: ctx.sender, amount: a.deposit)] : [],
                                    startHeight: ctx.block.height, endHeight: end, strategy: params.strategy,
                                    electorate: electorate, powers: powers)
        try save(record, ctx: &ctx)
        try ctx.write(GovernanceKeys.tallyQueue(end, id), [])
        try ctx.write(GovernanceKeys.nextProposalID, GovernanceKeys.be64(id + 1))
        try ctx.emit(Event(kind: "proposal_submitted", attributes: [
            ("proposal", String(id)), ("proposer", ctx.sender.bech32), ("end_height", String(end)),
            ("deposit", String(a.deposit)), ("strategy", params.strategy.name),
        ]))
    }

    /// Checks an action when it is proposed: everything that does not depend on state at execution.
    static func validate(_ action: ProposalAction) throws {
        switch action {
        case .text, .addMember, .removeMember:
            break
        case let .setParameter(name, value):
            try GovernanceParameter.validate(name: name, value: value)
        case let .setPolicy(name, rule):
            guard PolicyName(rawValue: name) != nil else {
                throw reject("UNKNOWN_POLICY", "unknown policy '\(name)'; known: \(PolicyName.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            _ = try Policies.validate(rule: rule)
        case let .grant(_, milestones):
            guard !milestones.isEmpty else { throw reject("INVALID_GRANT", "a grant needs at least one milestone") }
            var total: UInt64 = 0
            for m in milestones {
                guard m.amount > 0 else { throw reject("INVALID_GRANT", "every milestone must pay more than 0") }
                let (s, o) = total.addingReportingOverflow(m.amount)
                guard !o else { throw reject("INVALID_GRANT", "the milestones' total overflows") }
                total = s
            }
        case let .approveMilestone(_, index):
            guard index > 0 else { throw reject("INVALID_MILESTONE", "milestone 0 is paid when the grant is executed; approve milestones 1 and later") }
        case let .updateValidators(updates):
            guard !updates.isEmpty else { throw reject("INVALID_VALIDATOR_UPDATE", "no validator updates given") }
            guard Set(updates.map(\.publicKey)).count == updates.count else {
                throw reject("INVALID_VALIDATOR_UPDATE", "a validator key appears twice")
            }
        case let .retract(_, reason):
            guard !reason.isEmpty else { throw reject("INVALID_REASON", "a retraction needs a reason") }
        }
    }

    // MARK: gov.deposit

    public static func deposit(_ a: AddDeposit, ctx: inout ExecutionContext) throws {
        try ctx.charge(proposeCompute / 4)
        guard a.amount > 0 else { throw RuleError.invalidAmount("a deposit must be more than 0") }
        var p = try loadProposal(a.proposal, ctx: &ctx)
        guard p.status == .voting, ctx.block.height <= p.endHeight else {
            throw reject("VOTING_CLOSED", "proposal \(p.id) is no longer open (status \(p.status.name), end height \(p.endHeight))")
        }
        if let i = p.deposits.firstIndex(where: { $0.depositor == ctx.sender }) {
            let (s, o) = p.deposits[i].amount.addingReportingOverflow(a.amount)
            guard !o else { throw RuleError.balanceOverflow }
            p.deposits[i].amount = s
        } else {
            guard p.deposits.count < GovernanceLimits.maxDepositors else {
                throw reject("TOO_MANY_DEPOSITORS", "proposal \(p.id) already has \(GovernanceLimits.maxDepositors) depositors")
            }
            p.deposits.append(.init(depositor: ctx.sender, amount: a.amount))
        }
        try Treasury.move(from: ctx.sender, to: ModuleAccounts.deposits, amount: a.amount, ctx: &ctx)
        try save(p, ctx: &ctx)
        try ctx.emit(Event(kind: "proposal_deposit", attributes: [
            ("proposal", String(p.id)), ("depositor", ctx.sender.bech32), ("amount", String(a.amount)), ("total", String(p.totalDeposit)),
        ]))
    }
}
