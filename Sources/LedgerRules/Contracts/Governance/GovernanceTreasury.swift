import LedgerCore

/// Moves of the native token by governance: deposits in and out of the deposits account, treasury
/// payments, and burning vetoed deposits.
enum Treasury {
    static func move(from: Address, to: Address, amount: UInt64, ctx: inout ExecutionContext) throws {
        guard amount > 0 else { return }
        var source = try BankContract.account(from, ctx: &ctx)
        guard source.balance >= amount else { throw RuleError.insufficientFunds(needed: amount, available: source.balance) }
        source.balance -= amount
        try ctx.write(StateKey.account(from), source.canonicalBytes)
        var dest = try BankContract.account(to, ctx: &ctx)
        let (sum, overflow) = dest.balance.addingReportingOverflow(amount)
        guard !overflow else { throw RuleError.balanceOverflow }
        dest.balance = sum
        try ctx.write(StateKey.account(to), dest.canonicalBytes)
    }

    /// Pays from the treasury; `INSUFFICIENT_TREASURY` when it holds less than `amount`.
    static func pay(_ recipient: Address, amount: UInt64, ctx: inout ExecutionContext) throws {
        let treasury = try BankContract.account(ModuleAccounts.treasury, ctx: &ctx)
        guard treasury.balance >= amount else {
            throw RuleError.rejected(code: "INSUFFICIENT_TREASURY", message: "the treasury holds \(treasury.balance), \(amount) needed")
        }
        try move(from: ModuleAccounts.treasury, to: recipient, amount: amount, ctx: &ctx)
    }

    /// Destroys `amount` held by `holder`, reducing the total supply.
    static func burn(from holder: Address, amount: UInt64, ctx: inout ExecutionContext) throws {
        guard amount > 0 else { return }
        var acct = try BankContract.account(holder, ctx: &ctx)
        guard acct.balance >= amount else { throw RuleError.insufficientFunds(needed: amount, available: acct.balance) }
        acct.balance -= amount
        try ctx.write(StateKey.account(holder), acct.canonicalBytes)
        let supply = try ctx.read(StateKey.supply).map { GovernanceKeys.readBE64($0[...]) } ?? 0
        try ctx.write(StateKey.supply, GovernanceKeys.be64(supply >= amount ? supply - amount : 0))
    }

    /// Returns every deposit of a proposal to its depositor, or burns them all when it was vetoed.
    static func settleDeposits(_ p: ProposalRecord, burn: Bool, ctx: inout ExecutionContext) throws {
        if burn {
            try Treasury.burn(from: ModuleAccounts.deposits, amount: p.totalDeposit, ctx: &ctx)
            if p.totalDeposit > 0 {
                try ctx.emit(Event(kind: "deposit_burned", attributes: [("proposal", String(p.id)), ("amount", String(p.totalDeposit))]))
            }
        } else {
            for d in p.deposits {
                try move(from: ModuleAccounts.deposits, to: d.depositor, amount: d.amount, ctx: &ctx)
            }
            if p.totalDeposit > 0 {
                try ctx.emit(Event(kind: "deposit_returned", attributes: [("proposal", String(p.id)), ("amount", String(p.totalDeposit))]))
            }
        }
    }
}
