import JsonLogic
import LedgerCore

extension GovernanceContract {
    /// `gov.vote`: a member of the proposal's electorate votes, or changes their vote, until the end height.
    public static func vote(_ a: CastVote, ctx: inout ExecutionContext) throws {
        try ctx.charge(proposeCompute / 4)
        let p = try loadProposal(a.proposal, ctx: &ctx)
        guard p.status == .voting, ctx.block.height <= p.endHeight else {
            throw reject("VOTING_CLOSED", "voting on proposal \(p.id) is closed (status \(p.status.name), end height \(p.endHeight))")
        }
        guard p.power(of: ctx.sender) != nil else {
            throw reject("NOT_MEMBER", "\(ctx.sender) was not a member when proposal \(p.id) was submitted")
        }
        try ctx.write(GovernanceKeys.vote(p.id, ctx.sender), [a.option.rawValue])
        try ctx.emit(Event(kind: "vote", attributes: [
            ("proposal", String(p.id)), ("voter", ctx.sender.bech32), ("option", a.option.name),
        ]))
    }

    /// Counts the votes of a proposal: each member's own vote, else their delegate's direct vote
    /// (read at tally time), else nothing.
    static func count(_ p: ProposalRecord, ctx: inout ExecutionContext) throws -> ProposalRecord.Tally {
        var t = ProposalRecord.Tally(yes: 0, no: 0, abstain: 0, veto: 0, totalPower: 0)
        // Who is in the electorate, looked up once per delegating member: a linear search each time
        // made a tally quadratic in the members (calibration, Docs/BENCHMARKS.md). Lookups only; the
        // order of the loop is the electorate's.
        try ctx.charge(UInt64(p.electorate.count) * GasSchedule.tallyPerMember)
        var inElectorate = Set<Address>()
        for m in p.electorate { inElectorate.insert(m) }
        for (i, member) in p.electorate.enumerated() {
            let power = p.powers[i]
            t.totalPower += power
            var option = try ctx.read(GovernanceKeys.vote(p.id, member)).flatMap { $0.count == 1 ? CastVote.Option(rawValue: $0[0]) : nil }
            if option == nil, let d = try delegateOf(member, ctx: &ctx), d != member, inElectorate.contains(d) {
                option = try ctx.read(GovernanceKeys.vote(p.id, d)).flatMap { $0.count == 1 ? CastVote.Option(rawValue: $0[0]) : nil }
            }
            switch option {
            case .yes: t.yes += power
            case .no: t.no += power
            case .abstain: t.abstain += power
            case .veto: t.veto += power
            case nil: break
            }
        }
        return t
    }

    /// The data handed to `proposal.passes` (Docs/POLICIES.md).
    static func policyData(_ t: ProposalRecord.Tally, _ p: ProposalRecord) -> JSONValue {
        [
            "total_power": .number(Double(t.totalPower)), "voted": .number(Double(t.voted)),
            "yes": .number(Double(t.yes)), "no": .number(Double(t.no)),
            "abstain": .number(Double(t.abstain)), "veto": .number(Double(t.veto)),
            "members": .number(Double(p.electorate.count)), "proposal_id": .number(Double(p.id)),
        ]
    }

    /// The protocol name of a JSON value's type, for failure texts.
    static func jsonTypeName(_ v: JSONValue) -> String {
        switch v {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "another string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Tallies a proposal at its end height: applies `proposal.passes`, settles deposits, queues the
    /// execution of a passed proposal after the timelock.
    static func tally(_ id: UInt64, ctx: inout ExecutionContext) throws {
        var p = try loadProposal(id, ctx: &ctx)
        guard p.status == .voting else { return }
        let t = try count(p, ctx: &ctx)
        p.tally = t
        var outcome = "rejected"
        do {
            let result = try Policies.evaluate(.proposalPasses, data: policyData(t, p), ctx: &ctx)
            switch result.stringValue {
            case "passed"?: outcome = "passed"
            case "vetoed"?: outcome = "vetoed"
            case "rejected"?: outcome = "rejected"
            // A fixed text naming the JSON type, never the policy-chosen value itself.
            default: p.failure = "POLICY_ERROR: proposal.passes returned \(jsonTypeName(result)), not passed/rejected/vetoed"
            }
        } catch let e as RuleError where e.code != "OUT_OF_GAS" {
            // The stable code only (Docs/PROTOCOL.md, "Execution errors").
            p.failure = e.code.truncatedUTF8(maxBytes: GovernanceLimits.maxFailureBytes)
        }
        switch outcome {
        case "passed":
            let timelock = try params(ctx: &ctx).timelockBlocks
            let at = ctx.block.height + timelock
            p.status = .passed
            p.executeHeight = at
            try ctx.write(GovernanceKeys.executionQueue(at, id), [])
            try Treasury.settleDeposits(p, burn: false, ctx: &ctx)
        case "vetoed":
            p.status = .vetoed
            try Treasury.settleDeposits(p, burn: true, ctx: &ctx)
        default:
            p.status = .rejected
            try Treasury.settleDeposits(p, burn: false, ctx: &ctx)
        }
        try save(p, ctx: &ctx)
        try ctx.emit(Event(kind: "proposal_tallied", attributes: [
            ("proposal", String(id)), ("result", p.status.name), ("yes", String(t.yes)), ("no", String(t.no)),
            ("abstain", String(t.abstain)), ("veto", String(t.veto)), ("total_power", String(t.totalPower)),
            ("execute_height", p.executeHeight.map(String.init) ?? ""),
        ]))
    }
}

extension CastVote.Option {
    public var name: String {
        switch self {
        case .yes: "yes"
        case .no: "no"
        case .abstain: "abstain"
        case .veto: "veto"
        }
    }

    public init?(name: String) {
        guard let o = Self.allCases.first(where: { $0.name.utf8.elementsEqual(name.utf8) }) else { return nil }
        self = o
    }
}

/// Voting power by strategy, snapshotted when a proposal is submitted.
enum VotingPower {
    static func snapshot(_ members: [Address], strategy: VotingStrategy, ctx: inout ExecutionContext) throws -> [UInt64] {
        var raw: [UInt64] = []
        raw.reserveCapacity(members.count)
        for m in members {
            switch strategy {
            case .oneMemberOneVote: raw.append(1)
            case .tokenWeighted: raw.append(try BankContract.account(m, ctx: &ctx).balance)
            case .reputationWeighted: raw.append(try ReputationSource.score(m, ctx: &ctx))
            }
        }
        return scaled(raw)
    }

    /// Divides every power by d = ceil(sum / maxTotalPower) when the sum exceeds maxTotalPower, so the
    /// total (and total × 1000) stays exact in JsonLogic's doubles. Integer arithmetic throughout.
    static func scaled(_ raw: [UInt64]) -> [UInt64] {
        var sum: UInt64 = 0
        var overflow = false
        for r in raw {
            let (s, o) = sum.addingReportingOverflow(r)
            sum = o ? .max : s
            overflow = overflow || o
        }
        let cap = GovernanceLimits.maxTotalPower
        guard overflow || sum > cap else { return raw }
        let d = sum / cap + (sum % cap == 0 ? 0 : 1)
        // Token balances sum to at most the total supply, so the sum cannot overflow; if it ever did,
        // the running clamp below still keeps the total within the cap.
        var total: UInt64 = 0
        return raw.map { r in
            let v = Swift.min(r / d, cap - total)
            total += v
            return v
        }
    }
}
