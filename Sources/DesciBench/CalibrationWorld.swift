import LedgerCore
import LedgerCrypto
import LedgerRules

/// Block state for the action calibrations: default policies, a funded DAO of `members` members
/// (each with reputation counters, so every strategy gives them power) and a treasury. `run` applies
/// one action as a transaction does (a child overlay of the block's state, absorbed on success) and
/// times only the contract's work.
final class CalibrationWorld {
    let state = StateOverlay(base: EmptyState())
    let members: [Address]
    var height: UInt64 = 10
    private var counter: UInt64 = 0

    static func address(_ label: String) -> Address { ModuleAccounts.address("calibrate/\(label)") }

    init(members n: Int = 8, strategy: VotingStrategy = .reputationWeighted, votingPeriod: UInt64 = 2, timelock: UInt64 = 1) {
        members = (0..<n).map { Self.address("member-\($0)") }
        for (i, m) in members.enumerated() {
            state.write(StateKey.account(m), Account(balance: 1_000_000_000, nonce: 0).canonicalBytes)
            state.write(GovernanceKeys.reputation(m), ReputationCounters(confirmedContributions: UInt64(i + 1), standingAttestations: 1).canonicalBytes)
        }
        state.write(StateKey.account(ModuleAccounts.treasury), Account(balance: 1_000_000_000_000, nonce: 0).canonicalBytes)
        state.write(StateKey.params, Calibration.params.canonicalBytes)
        var w = CanonicalWriter()
        w.u64(UInt64(n) * 1_000_000_000 + 1_000_000_000_000)
        state.write(StateKey.supply, w.bytes)
        for name in PolicyName.allCases { Policies.store(name.rawValue, rule: DefaultPolicies.rule(name), in: state) }
        GovernanceStore.writeGenesis(members: members, params: GovernanceParams(votingPeriodBlocks: votingPeriod, timelockBlocks: timelock,
                                                                               minDeposit: 1, strategy: strategy), into: state)
    }

    var block: BlockContext {
        let b = Calibration.block
        return BlockContext(chainID: b.chainID, genesisHash: b.genesisHash, height: height, timeMillis: b.timeMillis + height * 1_000,
                            proposer: b.proposer, params: b.params)
    }

    /// Applies one action from `sender`; returns the gas it charged and the seconds it took. A
    /// refusal throws: every calibrated input must be accepted, or it measures the wrong path.
    @discardableResult
    func run(_ action: Action, from sender: Address) throws -> Calibration.Sample {
        counter += 1
        let child = StateOverlay(base: state)
        var ctx = ExecutionContext(block: block, sender: sender, transactionID: SHA256.hash(Array("calibrate-tx-\(counter)".utf8)),
                                   state: child, gasLimit: 100_000_000, gasUsed: 0)
        let (_, seconds) = try Clock.time { try Contracts.apply(action, ctx: &ctx) }
        state.absorb(child)
        lastEvents = ctx.events
        return Calibration.Sample(gas: ctx.gasUsed, seconds: seconds)
    }

    private(set) var lastEvents: [Event] = []

    /// The value of attribute `key` of the last action's event `kind`.
    func lastAttribute(_ kind: String, _ key: String) -> String? {
        lastEvents.first { $0.kind == kind }?.attributes.first { $0.key == key }?.value
    }

    /// Runs the end-block hook at the current height (timed, metered as block production meters
    /// it), then moves to the next height.
    @discardableResult
    func endBlock() throws -> Calibration.Sample {
        let work = StateOverlay(base: state)
        var ctx = ExecutionContext(block: block, sender: block.proposer, transactionID: .zero, state: work,
                                   gasLimit: GasSchedule.endBlockBudget, gasUsed: 0)
        let (_, seconds) = try Clock.time { try GovernanceContract.endBlock(ctx: &ctx) }
        state.absorb(work)
        lastEvents = ctx.events
        height += 1
        return Calibration.Sample(gas: ctx.gasUsed, seconds: seconds)
    }
}

/// The largest inputs the record limits allow.
enum WorstInputs {
    static func text(_ seed: String, bytes: Int) -> String {
        String(String(repeating: seed, count: bytes / max(seed.utf8.count, 1) + 1).utf8.prefix(bytes))!
    }

    static func digest(_ label: String) -> [UInt8] { [0x12, 0x20] + SHA256.hash(Array(label.utf8)).bytes }

    /// Every CRediT role, the first one as lead.
    static let allRoles: [RoleClaim] = CRediTRole.allCases.enumerated().map { i, r in RoleClaim(role: r.code, degree: i == 0 ? 1 : 3) }

    static func contributors(_ addresses: [Address]) -> [ContributorEntry] {
        addresses.prefix(RecordLimits.contributors).enumerated().map { i, a in
            ContributorEntry(name: text("Contributor \(i) ", bytes: RecordLimits.name), address: a, roles: allRoles)
        }
    }

    /// A registration at every field's limit: title, URIs, DOI, 64 contributors with every role, an
    /// activity with all digests, and the given references and inputs.
    static func registration(_ label: String, contributors people: [Address], references: [Hash] = [], derivedFrom: [Hash] = [],
                             license: String = "CC-BY-4.0") -> RegisterContribution {
        let uris = (0..<RecordLimits.uris).map { "https://example.org/\(label)/\($0)/" + text("a", bytes: RecordLimits.uri - 40) }
        let doi = "10.1234/" + text("x", bytes: RecordLimits.doi - 8)
        let activity = ProvenanceActivity(kind: .analysis, codeDigest: digest("code-\(label)"), parametersDigest: digest("params-\(label)"),
                                          startedAt: 1, endedAt: 2, agent: people.first)
        return RegisterContribution(kind: .dataset, title: text("Title \(label) ", bytes: RecordLimits.title), digest: digest(label),
                                    size: 1 << 40, uris: uris, doi: doi, license: license, contributors: contributors(people),
                                    references: references, previousVersion: nil, derivedFrom: derivedFrom, activity: activity)
    }
}
