import LedgerCore

extension GovernanceContract {
    /// End-block work: tallies of proposals whose voting ended at or before this height, then
    /// executions whose timelock expired, each in key (height, id) order. Each item runs in its own
    /// overlay with `GovernanceLimits.gasPerDueItem` gas and is started only when that much of the
    /// budget is left; the rest stays queued for the next block.
    public static func endBlock(ctx: inout ExecutionContext) throws {
        for (queue, isTally) in [(GovernanceKeys.tallyQueuePrefix, true), (GovernanceKeys.executionQueuePrefix, false)] {
            let affordable = Int((ctx.gasLimit - ctx.gasUsed) / (GovernanceLimits.gasPerDueItem + scanReserve))
            guard affordable > 0 else { return }
            let due = try dueItems(queue, limit: affordable, ctx: &ctx)
            for (key, id) in due {
                guard ctx.gasLimit - ctx.gasUsed >= GovernanceLimits.gasPerDueItem + scanReserve else { return }
                try ctx.delete(key)
                if isTally {
                    try runItem(ctx: &ctx, id: id, body: { try tally(id, ctx: &$0) }, onFailure: { error, ctx in
                        try tallyFailed(id, reason: error.code, state: ctx.state)
                    })
                } else {
                    try runItem(ctx: &ctx, id: id, body: { try execute(id, ctx: &$0) }, onFailure: { error, ctx in
                        try executionFailed(id, reason: error.code, ctx: &ctx)
                    })
                }
            }
        }
    }

    /// Gas kept aside per item for the queue scan and delete around it.
    static let scanReserve: UInt64 = 10_000

    static func dueItems(_ queue: [UInt8], limit: Int, ctx: inout ExecutionContext) throws -> [(key: [UInt8], id: UInt64)] {
        let height = ctx.block.height
        var out: [(key: [UInt8], id: UInt64)] = []
        try ctx.scan(prefix: queue) { k, _ in
            guard k.count == queue.count + 16 else { return true }
            let at = GovernanceKeys.readBE64(k[queue.count...])
            guard at <= height else { return false }
            out.append((k, GovernanceKeys.readBE64(k[(queue.count + 8)...])))
            return out.count < limit
        }
        return out
    }

    /// Runs one item in a child overlay, merged only if it succeeds. A failure is handled by
    /// `onFailure` in a child overlay of its own; if that fails too (deterministically: a record that
    /// no longer decodes), the item is dropped with an `end_block_item_failed` event. Only a
    /// `StateReadFault` (storage failed) propagates: one item can never stop the block.
    static func runItem(ctx: inout ExecutionContext, id: UInt64, body: (inout ExecutionContext) throws -> Void,
                        onFailure: (RuleError, inout ExecutionContext) throws -> Void) throws {
        let child = StateOverlay(base: ctx.state)
        var sub = ExecutionContext(block: ctx.block, sender: ctx.sender, transactionID: ctx.transactionID, state: child,
                                   gasLimit: GovernanceLimits.gasPerDueItem, gasUsed: 0)
        let failure: RuleError
        do {
            try body(&sub)
            try ctx.charge(sub.gasUsed)
            ctx.state.absorb(child)
            ctx.adopt(events: sub.events)
            return
        } catch let fault as StateReadFault {
            throw fault
        } catch let error as RuleError {
            failure = error
        } catch {
            failure = .internalError(error)
        }
        try ctx.charge(sub.gasUsed)
        let recovery = StateOverlay(base: ctx.state)
        var rec = ExecutionContext(block: ctx.block, sender: ctx.sender, transactionID: ctx.transactionID, state: recovery,
                                   gasLimit: GovernanceLimits.gasPerDueItem, gasUsed: 0)
        do {
            try onFailure(failure, &rec)
            ctx.state.absorb(recovery)
            ctx.adopt(events: rec.events)
        } catch let fault as StateReadFault {
            throw fault
        } catch {
            // Committed: stable codes only (Docs/PROTOCOL.md, "Execution errors"); the Swift
            // rendering of the second error goes to the node's log.
            let then = error as? RuleError ?? .internalError(error)
            ctx.adopt(events: [Event(kind: "end_block_item_failed", attributes: [
                ("proposal", String(id)), ("code", "INTERNAL"), ("failure", failure.code), ("then", then.code),
            ])])
        }
    }

    /// A tally that could not complete (it ran out of its gas): the proposal is rejected and the
    /// deposits returned, without metering (system work). `reason` is the failure's stable code
    /// (`RuleError.code`), never a rendered error (Docs/PROTOCOL.md, "Execution errors").
    static func tallyFailed(_ id: UInt64, reason: String, state: StateOverlay) throws {
        guard var p = try GovernanceStore.proposal(id, in: state), p.status == .voting else { return }
        p.status = .rejected
        p.failure = reason.truncatedUTF8(maxBytes: GovernanceLimits.maxFailureBytes)
        state.write(GovernanceKeys.proposal(id), p.canonicalBytes)
        for d in p.deposits {
            var from = try BankContract.account(ModuleAccounts.deposits, in: state)
            var to = try BankContract.account(d.depositor, in: state)
            guard from.balance >= d.amount else { continue }
            from.balance -= d.amount
            to.balance = to.balance.addingReportingOverflow(d.amount).overflow ? .max : to.balance + d.amount
            state.write(StateKey.account(ModuleAccounts.deposits), from.canonicalBytes)
            state.write(StateKey.account(d.depositor), to.canonicalBytes)
        }
    }

    /// A passed proposal whose execution failed: `reason` is the failure's stable code, stored as the
    /// proposal's failure and emitted as `code`.
    static func executionFailed(_ id: UInt64, reason: String, ctx: inout ExecutionContext) throws {
        guard var p = try GovernanceStore.proposal(id, in: ctx.state) else { return }
        p.status = .executionFailed
        p.failure = reason.truncatedUTF8(maxBytes: GovernanceLimits.maxFailureBytes)
        ctx.state.write(GovernanceKeys.proposal(id), p.canonicalBytes)
        try ctx.emit(Event(kind: "proposal_execution_failed", attributes: [("proposal", String(id)), ("code", reason)]))
    }

    /// Executes every action of a passed proposal, in order; any failure undoes them all.
    static func execute(_ id: UInt64, ctx: inout ExecutionContext) throws {
        var p = try loadProposal(id, ctx: &ctx)
        guard p.status == .passed else { return }
        for (i, action) in p.actions.enumerated() {
            ctx.actionIndex = UInt16(i)
            try apply(action, proposal: p.id, ctx: &ctx)
        }
        p.status = .executed
        try save(p, ctx: &ctx)
        try ctx.emit(Event(kind: "proposal_executed", attributes: [("proposal", String(id))]))
    }

    static func apply(_ action: ProposalAction, proposal: UInt64, ctx: inout ExecutionContext) throws {
        try ctx.charge(proposeCompute)
        switch action {
        case .text:
            break
        case let .setParameter(name, value):
            try GovernanceParameter.apply(name: name, value: value, ctx: &ctx)
            try ctx.emit(Event(kind: "parameter_changed", attributes: [("name", name), ("value", String(value))]))
        case let .setPolicy(name, bytes):
            let rule = try Policies.validate(rule: bytes)
            let stored = rule.canonicalBytes
            try ctx.charge(GasSchedule.writeBase + UInt64(stored.count) * GasSchedule.perByteWritten)
            // Store under the canonical name, never the user's bytes.
            guard let canonical = PolicyName.allCases.first(where: { $0.rawValue.utf8.elementsEqual(name.utf8) }) else {
                throw RuleError.rejected(code: "UNKNOWN_POLICY", message: "unknown policy '\(name)'")
            }
            Policies.store(canonical.rawValue, rule: rule, in: ctx.state)
            try ctx.emit(Event(kind: "policy_changed", attributes: [("name", name), ("proposal", String(proposal))]))
        case let .addMember(a):
            guard try !isMember(a, ctx: &ctx) else { throw reject("ALREADY_MEMBER", "\(a) is already a member") }
            let n = try u64(GovernanceKeys.memberCount, ctx: &ctx) ?? 0
            guard n < UInt64(GovernanceLimits.maxMembers) else {
                throw reject("TOO_MANY_MEMBERS", "the DAO already has \(GovernanceLimits.maxMembers) members")
            }
            try ctx.write(GovernanceKeys.member(a), [])
            try ctx.write(GovernanceKeys.memberCount, GovernanceKeys.be64(n + 1))
            try ctx.emit(Event(kind: "member_added", attributes: [("member", a.bech32)]))
        case let .removeMember(a):
            guard try isMember(a, ctx: &ctx) else { throw reject("NOT_MEMBER", "\(a) is not a member") }
            let n = try u64(GovernanceKeys.memberCount, ctx: &ctx) ?? 1
            guard n > 1 else { throw reject("LAST_MEMBER", "the last member cannot be removed") }
            try ctx.delete(GovernanceKeys.member(a))
            try ctx.delete(GovernanceKeys.delegation(a))
            try ctx.write(GovernanceKeys.memberCount, GovernanceKeys.be64(n - 1))
            try ctx.emit(Event(kind: "member_removed", attributes: [("member", a.bech32)]))
        case let .grant(recipient, milestones):
            let gid = try u64(GovernanceKeys.nextGrantID, ctx: &ctx) ?? 1
            var grant = GrantRecord(id: gid, proposal: proposal, recipient: recipient, milestones: milestones)
            try Treasury.pay(recipient, amount: milestones[0].amount, ctx: &ctx)
            grant.released[0] = true
            try ctx.write(GovernanceKeys.grant(gid), grant.canonicalBytes)
            try ctx.write(GovernanceKeys.nextGrantID, GovernanceKeys.be64(gid + 1))
            try ctx.emit(Event(kind: "grant_created", attributes: [
                ("grant", String(gid)), ("recipient", recipient.bech32), ("milestones", String(milestones.count)),
                ("paid", String(milestones[0].amount)),
            ]))
        case let .approveMilestone(gid, index):
            guard let raw = try ctx.read(GovernanceKeys.grant(gid)) else { throw reject("UNKNOWN_GRANT", "no grant \(gid)") }
            var grant = try GrantRecord(canonical: raw)
            let i = Int(index)
            guard i < grant.milestones.count else {
                throw reject("INVALID_MILESTONE", "grant \(gid) has \(grant.milestones.count) milestones; index \(index) does not exist")
            }
            guard !grant.released[i] else { throw reject("MILESTONE_ALREADY_RELEASED", "milestone \(index) of grant \(gid) was already paid") }
            try Treasury.pay(grant.recipient, amount: grant.milestones[i].amount, ctx: &ctx)
            grant.released[i] = true
            try ctx.write(GovernanceKeys.grant(gid), grant.canonicalBytes)
            try ctx.emit(Event(kind: "milestone_released", attributes: [
                ("grant", String(gid)), ("index", String(index)), ("amount", String(grant.milestones[i].amount)),
            ]))
        case let .updateValidators(updates):
            var w = CanonicalWriter()
            w.list(updates) { w, u in
                w.fixed(u.publicKey)
                w.u64(u.power)
            }
            try ctx.write(GovernanceKeys.validatorUpdates(ctx.block.height, proposal), w.bytes)
            try ctx.emit(Event(kind: "validator_updates_recorded", attributes: [("proposal", String(proposal)), ("count", String(updates.count))]))
            // Applied: the new set takes effect at H + 2 (ValidatorSetState; limits checked here).
            try ValidatorSetState.schedule(updates, proposal: proposal, ctx: &ctx)
        case let .retract(contribution, reason):
            // The contributions contract retracts the record (a missing or already retracted record
            // fails the execution, which then changes nothing); the decision is kept for audit.
            try ContributionContract.retractByGovernance(id: contribution, reason: reason, ctx: &ctx)
            var w = CanonicalWriter()
            w.u64(proposal)
            w.string(reason)
            try ctx.write(GovernanceKeys.retraction(contribution), w.bytes)
            try ctx.emit(Event(kind: "retraction_decided", attributes: [
                ("contribution", "\(contribution)"), ("reason", reason), ("proposal", String(proposal)),
            ]))
        }
    }
}
