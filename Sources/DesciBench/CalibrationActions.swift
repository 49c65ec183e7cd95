import JsonLogic
import LedgerCore
import LedgerCrypto
import LedgerRules

/// The calibration of every action kind and end-block item, each with the worst input the protocol
/// limits allow (Docs/BENCHMARKS.md, "Gas calibration"). Only the contract's work is timed; the
/// intrinsic gas a real transaction also pays is left out, which makes each ratio an upper bound.
extension Calibration {
    struct Sample {
        var gas: UInt64 = 0
        var seconds: Double = 0

        static func += (l: inout Sample, r: Sample) {
            l.gas += r.gas
            l.seconds += r.seconds
        }
    }

    static let people = (0..<RecordLimits.contributors).map { CalibrationWorld.address("person-\($0)") }

    static func actionRows() -> [Row] {
        var rows: [Row] = []
        func add(_ name: String, _ body: () throws -> (gas: UInt64, seconds: Double)) {
            do { rows.append(try best(name, body)) } catch {
                Progress.say("calibration of \(name) failed: \(error)")
                rows.append(Row(name: "\(name) — FAILED: \(error)", gas: 0, seconds: 0))
            }
        }
        add("contribution.register: all fields at their limits, 64 contributors × 14 roles", registerPlain)
        add("contribution.register: + 256 references and 64 parents (derived_from)", registerLineage)
        add("contribution.confirm: each of 64 contributors", confirmAll)
        add("attest: 8 scores, 3 digests, 4 KiB comment", attestAndRevoke(revoke: false))
        add("attest.revoke", attestAndRevoke(revoke: true))
        add("contribution.retract: 1 KiB reason, largest record", retractBig)
        for (name, pick) in governanceRowNames {
            add(name) { try governance(pick) }
        }
        return rows
    }

    // MARK: contributions

    private static func registerPlain() throws -> (gas: UInt64, seconds: Double) {
        let world = registerWorld
        var s = Sample()
        for _ in 0..<5 {
            registerCounter += 1
            s += try world.run(.registerContribution(WorstInputs.registration("plain-\(registerCounter)", contributors: people)), from: people[0])
        }
        return (s.gas, s.seconds)
    }

    nonisolated(unsafe) private static var registerCounter = 0
    nonisolated(unsafe) private static var lineageInputs: [Hash] = []

    /// One world for the registrations: 256 registered records to cite, the first 64 also parents.
    nonisolated(unsafe) private static var registerWorld: CalibrationWorld = {
        let world = CalibrationWorld()
        for i in 0..<RecordLimits.references {
            let r = WorstInputs.registration("input-\(i)", contributors: [people[0]])
            _ = try! world.run(.registerContribution(r), from: people[0])
            lineageInputs.append(try! Hash(hex: world.lastAttribute("contribution.registered", "id")!))
        }
        return world
    }()

    private static func registerLineage() throws -> (gas: UInt64, seconds: Double) {
        let world = registerWorld
        var s = Sample()
        for _ in 0..<3 {
            registerCounter += 1
            let r = WorstInputs.registration("lineage-\(registerCounter)", contributors: people, references: lineageInputs,
                                             derivedFrom: Array(lineageInputs.prefix(RecordLimits.derivedFrom)))
            s += try world.run(.registerContribution(r), from: people[0])
        }
        return (s.gas, s.seconds)
    }

    private static func registerBig(_ world: CalibrationWorld, _ label: String) throws -> Hash {
        try world.run(.registerContribution(WorstInputs.registration(label, contributors: people)), from: people[0])
        return try Hash(hex: world.lastAttribute("contribution.registered", "id") ?? "")
    }

    private static func confirmAll() throws -> (gas: UInt64, seconds: Double) {
        let world = registerWorld
        registerCounter += 1
        let id = try registerBig(world, "confirm-\(registerCounter)")
        var s = Sample()
        for p in people { s += try world.run(.confirmContribution(ConfirmContribution(contribution: id, accept: true)), from: p) }
        return (s.gas, s.seconds)
    }

    private static func attestAndRevoke(revoke: Bool) -> () throws -> (gas: UInt64, seconds: Double) {
        {
            let world = registerWorld
            registerCounter += 1
            let subject = try registerBig(world, "subject-\(registerCounter)")
            let a = worstAttestation(subject: subject)
            var made = Sample(), revoked = Sample()
            for i in 0..<32 {
                let attester = CalibrationWorld.address("attester-\(registerCounter)-\(i)")
                made += try world.run(.attest(a), from: attester)
                let id = try Hash(hex: world.lastAttribute("attestation.created", "id") ?? "")
                revoked += try world.run(.revokeAttestation(RevokeAttestation(attestation: id)), from: attester)
            }
            let s = revoke ? revoked : made
            return (s.gas, s.seconds)
        }
    }

    /// A reproduction with every optional field at its limit.
    static func worstAttestation(subject: Hash) -> Attest {
        Attest(subject: subject, kind: .reproduction, verdict: Attest.Verdict.success,
               scores: [UInt8](repeating: 10, count: RecordLimits.scores), reportDigest: WorstInputs.digest("report"),
               outputDigest: WorstInputs.digest("output"), environmentDigest: WorstInputs.digest("env"),
               comment: WorstInputs.text("comment ", bytes: RecordLimits.comment))
    }

    private static func retractBig() throws -> (gas: UInt64, seconds: Double) {
        let world = registerWorld
        var s = Sample()
        for _ in 0..<8 {
            registerCounter += 1
            let id = try registerBig(world, "retract-\(registerCounter)")
            s += try world.run(.retractContribution(RetractContribution(contribution: id, reason: WorstInputs.text("reason ", bytes: RecordLimits.reason))),
                               from: people[0])
        }
        return (s.gas, s.seconds)
    }

    // MARK: governance

    static let governanceRowNames: [(String, String)] = [
        ("gov.propose: reputation strategy, 1,000 members, 16 actions", "propose"),
        ("gov.deposit: up to 64 depositors", "deposit"),
        ("gov.delegate", "delegate"),
        ("gov.vote", "vote"),
        ("end block: tally of 4 proposals, 1,000 members, 999 delegations", "tally"),
        ("end block: execution of 4 proposals (parameter, grant × 16 milestones, 64 validator updates, policy)", "execute"),
    ]

    /// The actions of a proposal that executes: each kind of state change at its list limit.
    static func worstProposal(recipient: Address) -> Propose {
        let milestones = (0..<RecordLimits.milestones).map { Milestone(amount: 1, description: WorstInputs.text("milestone \($0) ", bytes: 256)) }
        let updates = (0..<RecordLimits.validatorUpdates).map { i in
            ValidatorUpdate(publicKey: try! SigningKey(seed: SHA256.hash(Array("calibrate-validator-\(i)".utf8)).bytes).publicKey, power: 1)
        }
        var actions: [ProposalAction] = [
            .setParameter(name: "timelock_blocks", value: 1),
            .grant(recipient: recipient, milestones: milestones),
            .updateValidators(updates),
            .setPolicy(name: PolicyName.contributionAdmit.rawValue, rule: DefaultPolicies.rule(.contributionAdmit).canonicalBytes),
        ]
        while actions.count < RecordLimits.proposalActions { actions.append(.setParameter(name: "min_deposit", value: 1)) }
        var p = Propose(title: WorstInputs.text("Proposal ", bytes: RecordLimits.title), summary: "", actions: actions, deposit: 1)
        p.summary = WorstInputs.text("summary ", bytes: min(RecordLimits.comment, GovernanceLimits.maxProposalBytes - p.canonicalBytes.count - 64))
        return p
    }

    nonisolated(unsafe) private static var governanceCache: [String: Sample] = [:]

    /// One governance round: 4 proposals by 4 members of a 1,000-member DAO under the reputation
    /// strategy; 63 extra deposits on the first; 999 members delegate to the last member (in
    /// electorate order), who alone votes on proposals 1–3; everyone votes on proposal 4; the tally
    /// at the end height, the execution after the timelock. Each call runs a fresh round and returns
    /// the sample of `pick`, so `best` takes the fastest of several rounds.
    private static func governance(_ pick: String) throws -> (gas: UInt64, seconds: Double) {
        if pick == governanceRowNames[0].1 || governanceCache[pick] == nil { governanceCache = try governanceRound() }
        let s = governanceCache.removeValue(forKey: pick) ?? Sample()
        return (s.gas, s.seconds)
    }

    private static func governanceRound() throws -> [String: Sample] {
        let world = CalibrationWorld(members: GovernanceLimits.maxMembers, strategy: .reputationWeighted, votingPeriod: 2, timelock: 1)
        let electorate = world.members.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
        let target = electorate[electorate.count - 1]
        var out: [String: Sample] = [:]
        let proposal = worstProposal(recipient: people[1])
        var ids: [UInt64] = []
        for i in 0..<4 {
            out["propose", default: Sample()] += try world.run(.propose(proposal), from: electorate[i])
            ids.append(UInt64(world.lastAttribute("proposal_submitted", "proposal") ?? "") ?? 0)
        }
        for i in 4..<(4 + GovernanceLimits.maxDepositors - 1) {
            out["deposit", default: Sample()] += try world.run(.deposit(AddDeposit(proposal: ids[0], amount: 1)), from: electorate[i])
        }
        for m in electorate.dropLast() { out["delegate", default: Sample()] += try world.run(.delegate(Delegate(to: target)), from: m) }
        for id in ids.dropLast() { out["vote", default: Sample()] += try world.run(.vote(CastVote(proposal: id, option: .yes)), from: target) }
        for m in electorate { out["vote", default: Sample()] += try world.run(.vote(CastVote(proposal: ids[3], option: .yes)), from: m) }
        world.height += 2 // the end height of every proposal (voting period 2)
        out["tally"] = try world.endBlock()
        guard world.lastEvents.filter({ $0.kind == "proposal_tallied" }).count == ids.count else {
            throw BenchFailure("the tally block tallied \(world.lastEvents.filter { $0.kind == "proposal_tallied" }.count) of \(ids.count) proposals")
        }
        out["execute"] = try world.endBlock()
        guard world.lastEvents.filter({ $0.kind == "proposal_executed" }).count == ids.count else {
            throw BenchFailure("the execution block executed \(world.lastEvents.filter { $0.kind == "proposal_executed" }.count) of \(ids.count) proposals: \(world.lastEvents.map(\.kind))")
        }
        return out
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
