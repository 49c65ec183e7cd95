import LedgerCore

/// The native token: balances and transfers. Amounts are unsigned integers; every addition is
/// overflow-checked.
public enum BankContract {
    public static func account(_ address: Address, in state: any StateReader) throws -> Account {
        guard let raw = try state.read(StateKey.account(address)) else { return Account() }
        return try Account(canonical: raw)
    }

    static func account(_ address: Address, ctx: inout ExecutionContext) throws -> Account {
        guard let raw = try ctx.read(StateKey.account(address)) else { return Account() }
        return try Account(canonical: raw)
    }

    public static func transfer(_ action: TransferAction, ctx: inout ExecutionContext) throws {
        try ctx.charge(GasSchedule.transferCompute)
        guard action.amount > 0 else { throw RuleError.invalidAmount("a transfer must move more than 0") }
        var from = try account(ctx.sender, ctx: &ctx)
        guard from.balance >= action.amount else {
            throw RuleError.insufficientFunds(needed: action.amount, available: from.balance)
        }
        from.balance -= action.amount
        try ctx.write(StateKey.account(ctx.sender), from.canonicalBytes)
        var to = try account(action.to, ctx: &ctx)
        let (sum, overflow) = to.balance.addingReportingOverflow(action.amount)
        guard !overflow else { throw RuleError.balanceOverflow }
        to.balance = sum
        try ctx.write(StateKey.account(action.to), to.canonicalBytes)
        try ctx.emit(Event(kind: "transfer", attributes: [
            ("from", ctx.sender.bech32), ("to", action.to.bech32), ("amount", String(action.amount)),
        ]))
    }
}
