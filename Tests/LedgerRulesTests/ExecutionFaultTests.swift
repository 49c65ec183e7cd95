import JsonLogic
import LedgerCore
import LedgerCrypto
import LedgerRules
import Testing

/// A reader whose storage has failed: every read and scan throws.
struct FailingStorage: StateReader {
    struct IOError: Error {}
    func read(_ key: [UInt8]) throws -> [UInt8]? { throw IOError() }
    func scan(prefix: [UInt8], from: [UInt8], _ body: ([UInt8], [UInt8]) throws -> Bool) throws { throw IOError() }
}

@Suite("Execution: deterministic errors fail one transaction or item, storage faults stop the node")
struct ExecutionFaultTests {
    @Test("a stored proposal that no longer decodes fails the vote with INTERNAL; the fee is paid and the block goes on")
    func corruptRecordIsInternal() throws {
        let g = GovHarness()
        let id = try g.propose()
        g.state.write(GovernanceKeys.proposal(id), [0xFF, 0x00, 0x01])
        let before = try g.balance(g.addr(1))
        let r = try applyAdmitted(try g.tx(1, [.vote(CastVote(proposal: id, option: .yes))]), g.state, block: g.block)
        #expect(r.status == .failed)
        #expect(r.code == "INTERNAL")
        #expect(try g.balance(g.addr(1)) == before - 1)
        // The next transaction of the same sender still runs.
        try g.ok(1, .transfer(TransferAction(to: g.addr(2), amount: 5)))
    }

    @Test("a storage read failure is a node fault: it propagates as StateReadFault")
    func storageFaultPropagates() throws {
        let state = StateOverlay(base: FailingStorage())
        let tx = try signedTransfer(from: testKey(1), to: plainAddress(2), amount: 1)
        #expect(throws: StateReadFault.self) {
            _ = try TransactionExecutor.apply(tx, block: testBlock(), state: state, verifySignature: true)
        }
        let scanning = StateOverlay(base: StateOverlay(base: FailingStorage()))
        #expect(throws: StateReadFault.self) {
            try scanning.scan(prefix: [1], from: [1]) { _, _ in true }
        }
    }

    @Test("an error thrown by a scan's body is not mistaken for a storage fault")
    func scanBodyErrorIsNotFault() throws {
        struct Mine: Error {}
        let base = StateOverlay(base: EmptyState())
        base.write([1, 1], [0])
        let child = StateOverlay(base: base)
        #expect(throws: Mine.self) {
            try child.scan(prefix: [1], from: [1]) { _, _ in throw Mine() }
        }
    }

    @Test("end-block: a tally whose proposal no longer decodes fails alone; the next tally still runs")
    func endBlockItemByItem() throws {
        let g = GovHarness()
        let a = try g.propose()
        let b = try g.propose(1)
        for i in 0..<4 { try g.vote(i, b, .yes) }
        g.state.write(GovernanceKeys.proposal(a), [0xFF])
        let events = try g.advance(to: try g.proposal(b).endHeight + 1)
        #expect(try g.proposal(b).status != .voting)
        #expect(events.contains { $0.kind == "end_block_item_failed" })
    }
}

@Suite("Metering: work done is charged")
struct MeteringTests {
    @Test("a policy that fails with an error other than out-of-gas is charged the gas it used")
    func failedPolicyIsCharged() throws {
        let list = "[" + (1...200).map(String.init).joined(separator: ",") + "]"
        let rule = try Policies.validate(rule: Array(#"{"and": [{"map": [\#(list), {"+": [{"var": ""}, 1]}]}, {"-": ["abc", 1]}]}"#.utf8))
        let state = StateOverlay(base: EmptyState())
        Policies.store(PolicyName.contributionAdmit.rawValue, rule: rule, in: state)
        let used = JsonLogic.run(rule: rule, data: .null, budget: Budget(maxGas: 1_000_000, maxDepth: 64, maxCollectionSize: 10_000, maxStringLength: 64 * 1024)).gasUsed
        #expect(used > 1_000)
        var ctx = ExecutionContext(block: testBlock(), sender: plainAddress(1), transactionID: .zero, state: state, gasLimit: 10_000_000, gasUsed: 0)
        let afterRead: UInt64
        do {
            var probe = ctx
            let stored = try probe.read(Policies.key(PolicyName.contributionAdmit.rawValue))
            // The read, then decoding the stored rule (GasSchedule.perByteDecoded per byte).
            afterRead = probe.gasUsed + UInt64(stored?.count ?? 0) * GasSchedule.perByteDecoded
        }
        #expect(throws: RuleError.self) { _ = try Policies.evaluate(.contributionAdmit, data: .null, ctx: &ctx) }
        #expect(ctx.gasUsed == afterRead + GasSchedule.policyGasFactor * JsonLogic.run(rule: rule, data: .null, budget: Budget(maxGas: Policies.maxGasPerEvaluation / GasSchedule.policyGasFactor, maxDepth: 64, maxCollectionSize: 10_000, maxStringLength: 64 * 1024)).gasUsed)
        #expect(ctx.gasUsed >= afterRead + used)
    }

    @Test("events are charged per byte")
    func eventsPerByte() throws {
        let state = StateOverlay(base: EmptyState())
        var small = ExecutionContext(block: testBlock(), sender: plainAddress(1), transactionID: .zero, state: state, gasLimit: 1_000_000, gasUsed: 0)
        var big = small
        try small.emit(Event(kind: "k", attributes: [("a", "b")]))
        try big.emit(Event(kind: "k", attributes: [("a", String(repeating: "b", count: 1_001))]))
        #expect(big.gasUsed - small.gasUsed == 1_000 * GasSchedule.perEventByte)
        #expect(small.gasUsed == GasSchedule.eventBase + 3 * GasSchedule.perEventByte)
    }
}
