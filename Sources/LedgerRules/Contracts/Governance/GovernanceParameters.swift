import LedgerCore

/// Parameters a proposal may change with `setParameter` (name → u64 value).
enum GovernanceParameter: String, CaseIterable {
    case votingPeriodBlocks = "voting_period_blocks"
    case timelockBlocks = "timelock_blocks"
    case minDeposit = "min_deposit"
    case votingStrategy = "voting_strategy"
    case minFee = "min_fee"
    /// Base units per 1,000 gas of a transaction's gas limit (AppParams.minGasPrice).
    case minGasPrice = "min_gas_price"
    /// 1: refuse registrations whose licence conflicts with an input's; 0: only flag them.
    case refuseLicenceConflicts = "refuse_licence_conflicts"

    static func validate(name: String, value: UInt64) throws {
        guard let p = GovernanceParameter(rawValue: name) else {
            throw RuleError.rejected(code: "UNKNOWN_PARAMETER",
                                     message: "unknown parameter '\(name)'; known: \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let ok: Bool = switch p {
        case .votingPeriodBlocks: value >= 1 && value <= GovernanceLimits.maxVotingPeriod
        case .timelockBlocks: value <= GovernanceLimits.maxTimelock
        case .minDeposit: true
        case .votingStrategy: VotingStrategy(rawValue: UInt8(truncatingIfNeeded: value)) != nil && value <= 2
        case .minFee: value <= GovernanceLimits.maxMinFee
        case .minGasPrice: value <= GovernanceLimits.maxMinGasPrice
        case .refuseLicenceConflicts: value <= 1
        }
        guard ok else {
            throw RuleError.rejected(code: "INVALID_PARAMETER", message: "value \(value) is out of range for '\(name)' (Docs/GOVERNANCE.md)")
        }
    }

    /// Applies a validated change at execution.
    static func apply(name: String, value: UInt64, ctx: inout ExecutionContext) throws {
        try validate(name: name, value: value)
        let p = GovernanceParameter(rawValue: name)!
        if p == .refuseLicenceConflicts {
            try ctx.write(ContributionContract.refuseLicenceConflictsKey, [UInt8(value)])
            return
        }
        if p == .minFee || p == .minGasPrice {
            guard let raw = try ctx.read(StateKey.params) else {
                throw RuleError.rejected(code: "PARAMS_MISSING", message: "the application parameters are missing")
            }
            var app = try AppParams(canonical: raw)
            if p == .minFee { app.minFee = value } else { app.minGasPrice = value }
            try ctx.write(StateKey.params, app.canonicalBytes)
            return
        }
        var g = try GovernanceContract.params(ctx: &ctx)
        switch p {
        case .votingPeriodBlocks: g.votingPeriodBlocks = value
        case .timelockBlocks: g.timelockBlocks = value
        case .minDeposit: g.minDeposit = value
        case .votingStrategy: g.strategy = VotingStrategy(rawValue: UInt8(value))!
        case .minFee, .minGasPrice, .refuseLicenceConflicts: break
        }
        try ctx.write(GovernanceKeys.params, g.canonicalBytes)
    }
}
