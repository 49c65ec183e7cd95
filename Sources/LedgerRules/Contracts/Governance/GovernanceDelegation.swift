import LedgerCore

extension GovernanceContract {
    /// `gov.delegate`: a member lends their voting power to another member (or takes it back with
    /// `to: nil`). Delegated power counts for the delegate's own direct vote only: no chains.
    public static func delegate(_ a: Delegate, ctx: inout ExecutionContext) throws {
        try ctx.charge(proposeCompute / 4)
        try requireMember(ctx.sender, ctx: &ctx)
        guard let to = a.to else {
            try ctx.delete(GovernanceKeys.delegation(ctx.sender))
            try ctx.emit(Event(kind: "delegation_cleared", attributes: [("delegator", ctx.sender.bech32)]))
            return
        }
        guard to != ctx.sender else { throw reject("INVALID_DELEGATE", "a member cannot delegate to themselves") }
        guard try isMember(to, ctx: &ctx) else { throw reject("INVALID_DELEGATE", "\(to) is not a member of the DAO") }
        try ctx.write(GovernanceKeys.delegation(ctx.sender), to.bytes)
        try ctx.emit(Event(kind: "delegation_set", attributes: [("delegator", ctx.sender.bech32), ("delegate", to.bech32)]))
    }

    static func delegateOf(_ a: Address, ctx: inout ExecutionContext) throws -> Address? {
        try ctx.read(GovernanceKeys.delegation(a)).map { try Address(bytes: $0) }
    }
}
