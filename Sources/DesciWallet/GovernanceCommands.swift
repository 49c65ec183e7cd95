import ArgumentParser
import Foundation
import JsonLogic
import LedgerAPI
import LedgerCore
import LedgerCrypto
import WalletKit

/// `desci tx gov …`: proposals, votes, delegation and deposits (Docs/CLI.md, Docs/GOVERNANCE.md).
struct Gov: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "DAO governance: propose, vote, delegate, deposit.",
        subcommands: [ProposeCmd.self, VoteCmd.self, DelegateCmd.self, DepositCmd.self])

    /// Options shared by every governance transaction.
    struct TxOptions: ParsableArguments {
        @Option(help: "Sending key name.") var from: String
        @Option(name: [.customLong("fee"), .customLong("fees")], help: "Fee in base units (default: the node's minimum for the gas limit).") var fee: UInt64?
        @Option(help: "Gas limit, or auto to simulate first.") var gas: GasSetting = .fixed(2_000_000)
        @Option(help: "With --gas auto: multiply the simulated gas by this.") var gasAdjustment: Double = 1.3
        @Option(help: "Last height at which the transaction may be included.") var expiry: UInt64?
        @Option(help: "async, sync or commit.") var mode: BroadcastMode = .sync
        @OptionGroup var waiting: WaitOptions
        @Flag(help: "Write the unsigned transaction as JSON to stdout instead of signing and sending it.") var generateOnly = false
    }

    static func send(_ action: Action, global: GlobalOptions, tx: TxOptions, pass: PassphraseOptions) async throws {
        let sender = try global.keyStore.file(tx.from)
        try await TxFlow(global: global).run(sender: sender, actions: [action], fee: tx.fee, gas: tx.gas.adjusted(by: tx.gasAdjustment), expiry: tx.expiry, mode: tx.mode,
                                             wait: tx.waiting, generateOnly: tx.generateOnly, passphrase: pass.source)
    }

    struct ProposeCmd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "propose",
            abstract: "Submit a proposal with one or more actions.",
            discussion: """
                Actions run in this order: --text, --set-param, --set-policy, --add-member, --remove-member, \
                --grant, --approve-milestone, --retract. One --grant per command; its --milestone options \
                (AMOUNT:DESCRIPTION) are its tranches in order, the first paid at execution.
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var pass: PassphraseOptions
        @OptionGroup var tx: TxOptions
        @Option(help: "Title.") var title: String
        @Option(help: "Summary.") var summary: String = ""
        @Option(help: "Deposit in base units (at least the min_deposit parameter).") var deposit: UInt64
        @Flag(help: "A text-only action (a signalling proposal).") var text = false
        @Option(name: .customLong("set-param"), help: "NAME=VALUE: change a parameter.") var setParam: [String] = []
        @Option(name: .customLong("set-policy"), help: "Policy name to replace (with --rule-file).") var setPolicy: [String] = []
        @Option(name: .customLong("rule-file"), help: "JsonLogic rule file for the --set-policy at the same position.") var ruleFile: [String] = []
        @Option(name: .customLong("add-member"), help: "Address or key name to admit.") var addMember: [String] = []
        @Option(name: .customLong("remove-member"), help: "Address or key name to remove.") var removeMember: [String] = []
        @Option(help: "Grant recipient (address or key name).") var grant: [String] = []
        @Option(help: "AMOUNT:DESCRIPTION of a grant tranche.") var milestone: [String] = []
        @Option(name: .customLong("approve-milestone"), help: "GRANT:INDEX: release a later milestone of a grant.") var approveMilestone: [String] = []
        @Option(help: "Contribution id (hex) to retract (with --reason).") var retract: [String] = []
        @Option(help: "Reason for the --retract at the same position.") var reason: [String] = []

        func actions() throws -> [ProposalAction] {
            var out: [ProposalAction] = []
            if text { out.append(.text) }
            for p in setParam {
                let parts = p.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let v = UInt64(parts[1]) else { throw WalletError("--set-param expects NAME=VALUE with an integer value, got '\(p)'") }
                out.append(.setParameter(name: parts[0], value: v))
            }
            guard setPolicy.count == ruleFile.count else { throw WalletError("each --set-policy needs one --rule-file") }
            for (name, file) in zip(setPolicy, ruleFile) {
                out.append(.setPolicy(name: name, rule: try readRule(file).canonicalBytes))
            }
            for a in addMember { out.append(.addMember(try global.resolveAddress(a))) }
            for a in removeMember { out.append(.removeMember(try global.resolveAddress(a))) }
            guard grant.count <= 1 else { throw WalletError("one --grant per command (its --milestone options are its tranches)") }
            if let g = grant.first {
                guard !milestone.isEmpty else { throw WalletError("--grant needs at least one --milestone AMOUNT:DESCRIPTION") }
                let ms = try milestone.map { m -> Milestone in
                    let parts = m.split(separator: ":", maxSplits: 1).map(String.init)
                    guard let amount = UInt64(parts[0]) else { throw WalletError("--milestone expects AMOUNT:DESCRIPTION, got '\(m)'") }
                    return Milestone(amount: amount, description: parts.count > 1 ? parts[1] : "")
                }
                out.append(.grant(recipient: try global.resolveAddress(g), milestones: ms))
            } else if !milestone.isEmpty {
                throw WalletError("--milestone belongs to a --grant")
            }
            for m in approveMilestone {
                let parts = m.split(separator: ":").map(String.init)
                guard parts.count == 2, let g = UInt64(parts[0]), let i = UInt16(parts[1]) else {
                    throw WalletError("--approve-milestone expects GRANT:INDEX, got '\(m)'")
                }
                out.append(.approveMilestone(grant: g, index: i))
            }
            guard retract.count == reason.count else { throw WalletError("each --retract needs one --reason") }
            for (id, why) in zip(retract, reason) {
                guard let h = try? Hash(hex: id) else { throw WalletError("--retract expects a 64-character hex id, got '\(id)'") }
                out.append(.retract(contribution: h, reason: why))
            }
            guard !out.isEmpty else { throw WalletError("give at least one action (--text, --set-param, --set-policy, --add-member, …)") }
            return out
        }

        func run() async throws {
            let action = Action.propose(Propose(title: title, summary: summary, actions: try actions(), deposit: deposit))
            try await Gov.send(action, global: global, tx: tx, pass: pass)
        }
    }

    struct VoteCmd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "vote", abstract: "Vote yes, no, abstain or veto (changeable until the end height).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var pass: PassphraseOptions
        @OptionGroup var tx: TxOptions
        @Argument(help: "Proposal id.") var proposal: UInt64
        @Argument(help: "yes, no, abstain or veto.") var option: String

        func run() async throws {
            let options: [String: CastVote.Option] = ["yes": .yes, "no": .no, "abstain": .abstain, "veto": .veto]
            guard let o = options[option] else { throw WalletError("the vote must be yes, no, abstain or veto, got '\(option)'") }
            try await Gov.send(.vote(CastVote(proposal: proposal, option: o)), global: global, tx: tx, pass: pass)
        }
    }

    struct DelegateCmd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delegate", abstract: "Delegate your voting power to another member, or --clear.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var pass: PassphraseOptions
        @OptionGroup var tx: TxOptions
        @Argument(help: "Delegate address or key name.") var to: String?
        @Flag(help: "Take your delegation back.") var clear = false

        func run() async throws {
            guard clear != (to != nil) else { throw WalletError("give a delegate address or --clear (not both)") }
            let target = try to.map { try global.resolveAddress($0) }
            try await Gov.send(.delegate(Delegate(to: target)), global: global, tx: tx, pass: pass)
        }
    }

    struct DepositCmd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "deposit", abstract: "Add to a proposal's deposit.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var pass: PassphraseOptions
        @OptionGroup var tx: TxOptions
        @Argument(help: "Proposal id.") var proposal: UInt64
        @Argument(help: "Amount in base units.") var amount: UInt64

        func run() async throws {
            try await Gov.send(.deposit(AddDeposit(proposal: proposal, amount: amount)), global: global, tx: tx, pass: pass)
        }
    }
}

/// Reads a JSON value from a file.
func readRule(_ path: String) throws -> JSONValue {
    guard let data = FileManager.default.contents(atPath: (path as NSString).expandingTildeInPath) else { throw WalletError("cannot read \(path)") }
    do { return try JSONValue(parsing: Array(data)) } catch { throw WalletError("\(path) is not valid JSON: \(error)") }
}

/// Any JSON document, decoded through Codable and shown canonically.
struct AnyJSON: Codable {
    var value: JSONValue

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { value = .null }
        else if let b = try? c.decode(Bool.self) { value = .bool(b) }
        else if let d = try? c.decode(Double.self) { value = .number(d) }
        else if let s = try? c.decode(String.self) { value = .string(s) }
        else if let a = try? c.decode([AnyJSON].self) { value = .array(a.map(\.value)) }
        else {
            let o = try c.decode([String: AnyJSON].self)
            // Parse back from canonical text so keys are ordered deterministically.
            let text = "{" + o.keys.sorted().map { k in
                "\(JSONValue.string(k).canonicalText):\(o[k]!.value.canonicalText)"
            }.joined(separator: ",") + "}"
            value = try JSONValue(parsing: text)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch value {
        case .null: try c.encodeNil()
        case let .bool(b): try c.encode(b)
        case let .number(d): try c.encode(d)
        case let .string(s): try c.encode(s)
        case let .array(a): try c.encode(a.map(AnyJSON.init(value:)))
        case .object:
            // Objects go through their canonical text.
            let any = try JSONSerialization.jsonObject(with: Data(value.canonicalBytes), options: [.fragmentsAllowed])
            let data = try JSONSerialization.data(withJSONObject: any, options: [.fragmentsAllowed, .sortedKeys])
            try c.encode(try JSONDecoder().decode([String: AnyJSON].self, from: data))
        }
    }

    init(value: JSONValue) { self.value = value }
}

struct PolicyView: Codable {
    var name: String
    var rule: AnyJSON
}

extension Query {
    struct ProposalCmd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "proposal", abstract: "A proposal, its votes and its tally.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Proposal id.") var id: UInt64

        func run() async throws {
            let p: ProposalDTO = try await global.client.get("/proposal?id=\(id)")
            try global.emit(p, text: describe(p))
        }
    }

    struct ProposalsCmd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "proposals", abstract: "Proposals, oldest first, paginated.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "voting, passed, rejected, vetoed, executed or execution_failed.") var status: String?
        @Option(help: "At most this many (1-100).") var limit: UInt64 = 50
        @Option(help: "Only proposals with a greater id (the previous page's 'next').") var after: UInt64 = 0

        func run() async throws {
            var path = "/proposals?limit=\(limit)&after=\(after)"
            if let status { path += "&status=\(status)" }
            let list: ProposalListDTO = try await global.client.get(path)
            let lines = list.proposals.map { "#\($0.id) [\($0.status)] \($0.title) (ends \($0.endHeight))" }
            try global.emit(list, text: (lines.isEmpty ? ["no proposals"] : lines).joined(separator: "\n") + (list.next.map { "\nnext: --after \($0)" } ?? ""))
        }
    }

    struct MembersCmd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "members", abstract: "DAO members and their delegations.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            // The node answers 100 members a page: follow `next` to list them all.
            var all: [MemberDTO] = []
            var after: Address?
            repeat {
                let page: MembersDTO = try await global.client.get("/members?limit=100" + (after.map { "&after=\($0.bech32)" } ?? ""))
                all += page.members
                after = page.next
            } while after != nil
            let m = MembersDTO(members: all)
            try global.emit(m, text: m.members.map { "\($0.address)\($0.delegate.map { " -> \($0)" } ?? "")" }.joined(separator: "\n"))
        }
    }

    struct PolicyCmd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "policy", abstract: "The active JsonLogic rule of a policy.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Policy name, e.g. proposal.passes.") var name: String

        func run() async throws {
            let p: PolicyView = try await global.client.get("/policy?name=\(name)")
            try global.emit(p, text: "\(p.name): \(p.rule.value.canonicalText)")
        }
    }

    struct ParamsCmd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "params", abstract: "Application and governance parameters.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let p: ParamsDTO = try await global.client.get("/params")
            try global.emit(p, text: """
                min_fee: \(p.minFee)
                max_block_gas: \(p.maxBlockGas)
                max_block_bytes: \(p.maxBlockBytes)
                voting_period_blocks: \(p.votingPeriodBlocks)
                timelock_blocks: \(p.timelockBlocks)
                min_deposit: \(p.minDeposit)
                voting_strategy: \(p.votingStrategy)
                """)
        }
    }
}

func describe(_ p: ProposalDTO) -> String {
    var lines = [
        "proposal \(p.id): \(p.title)",
        "status: \(p.status)\(p.failure.map { " (\($0))" } ?? "")",
        "proposer: \(p.proposer)",
        "voting: heights \(p.startHeight)-\(p.endHeight), \(p.strategy), \(p.electorate) member(s), total power \(p.totalPower)",
        "deposit: \(p.deposit)",
        "actions: \(p.actions.count)",
    ]
    if let e = p.executeHeight { lines.append("executes at: \(e)") }
    if let t = p.tally { lines.append("tally: yes \(t.yes), no \(t.no), abstain \(t.abstain), veto \(t.veto) of \(t.totalPower)") }
    lines += p.votes.map { "  \($0.voter): \($0.option) (\($0.power))" }
    return lines.joined(separator: "\n")
}

/// `desci rules eval`: evaluates a JsonLogic rule locally, as the chain would (same evaluator and limits).
struct RulesEval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval", abstract: "Evaluate a JsonLogic rule on data and print the result as JSON.")
    @Option(help: "The rule as JSON (or @FILE).") var rule: String
    @Option(help: "The data as JSON (or @FILE).") var data: String = "{}"

    static func load(_ text: String, what: String) throws -> JSONValue {
        var bytes = Array(text.utf8)
        if text.hasPrefix("@") {
            let path = (String(text.dropFirst()) as NSString).expandingTildeInPath
            guard let d = FileManager.default.contents(atPath: path) else { throw WalletError("cannot read \(path)") }
            bytes = Array(d)
        }
        do { return try JSONValue(parsing: bytes) } catch { throw WalletError("the \(what) is not valid JSON: \(error)") }
    }

    func run() async throws {
        let r = try Self.load(rule, what: "rule")
        let d = try Self.load(data, what: "data")
        do {
            let (value, _) = try JsonLogic.evaluate(rule: r, data: d, budget: Budget(maxGas: 1_000_000, maxDepth: 64, maxCollectionSize: 10_000,
                                                                                    maxStringLength: 64 * 1024))
            print(value.canonicalText)
        } catch {
            throw WalletError("evaluation failed: \(error)", code: error.code)
        }
    }
}
