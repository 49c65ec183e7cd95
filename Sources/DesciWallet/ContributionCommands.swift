import ArgumentParser
import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
import WalletKit

// `desci tx contribution …`, `desci tx dataset register …` and the contribution queries
// (Docs/CLI.md, "Contributions and datasets").

/// Options of every record transaction.
struct RecordSendOptions: ParsableArguments {
    @Option(help: "Sending key name.") var from: String
    @Option(name: [.customLong("fee"), .customLong("fees")], help: "Fee in base units (default: the node's minimum for the gas limit).") var fee: UInt64?
    @Option(help: "Gas limit, or auto to simulate first (policy evaluation is metered too).") var gas: GasSetting = .fixed(2_000_000)
    @Option(help: "With --gas auto: multiply the simulated gas by this.") var gasAdjustment: Double = 1.3
    @Option(help: "Last height at which the transaction may be included.") var expiry: UInt64?
    @Option(help: "async: return at once; sync: after mempool admission; commit: after inclusion in a block.") var mode: BroadcastMode = .commit
    @OptionGroup var waiting: WaitOptions
    @Flag(help: "Write the unsigned transaction as JSON to stdout instead of signing and sending it.") var generateOnly = false
}

/// What a record transaction reports: the transaction and, for registrations, the record id it creates.
struct RecordTxResult: Encodable {
    var hash: Hash?
    var id: Hash?
    var accepted: Bool
    var code: String
    var message: String
    var height: UInt64?
    var receipt: ReceiptDTO?
}

enum RecordTx {
    /// The id `contribution.register` gives a record: SHA-256("desci/id/v1" || tx id || u16 action index || "contribution").
    static func recordID(transaction: Hash, actionIndex: UInt16 = 0) -> Hash {
        RecordID.derive(transaction: transaction, actionIndex: actionIndex, kind: "contribution")
    }

    /// Signs and submits one action (as `TxFlow` does), and reports the derived record id for registrations.
    static func send(_ action: Action, global: GlobalOptions, send o: RecordSendOptions, pass: PassphraseOptions, createsRecord: Bool) async throws {
        let flow = TxFlow(global: global)
        guard let tx = try await flow.sign(sender: try global.keyStore.file(o.from), actions: [action], fee: o.fee, gas: o.gas.adjusted(by: o.gasAdjustment),
                                           expiry: o.expiry, generateOnly: o.generateOnly, passphrase: pass.source) else { return }
        let result = try await flow.submit(hex: Hex.encode(tx.wire), mode: o.mode, wait: o.waiting)
        let id = createsRecord ? recordID(transaction: tx.id) : nil
        let out = RecordTxResult(hash: result.hash, id: id, accepted: true, code: result.code, message: result.message, height: result.height,
                                 receipt: result.receipt)
        let warnings = (result.receipt?.events ?? []).filter { $0.kind == "licence_conflict" }.map {
            "warning: licence conflict: \($0.attributes.first { $0.key == "reason" }?.value ?? "")"
        }
        try global.emit(out, text: TxFlow.describe(result, mode: o.mode, id: id, warnings: warnings, paint: global.paint))
        try TxFlow.exitIfFailed(result)
    }

    static func hash(_ text: String, _ what: String) throws -> Hash {
        guard let h = try? Hash(hex: text) else {
            throw WalletError("\(what) '\(text)' is not a 64-character hex id",
                              hint: "record ids are the `id:` a registration printed; `desci query contributions ADDRESS` lists an author's records")
        }
        return h
    }

    /// A SHA-256 digest given as 64 hex digits, or as a multihash (1220 + 64 hex digits).
    static func multihash(hex text: String) throws -> [UInt8] {
        guard let raw = Hex.decode(text) else { throw WalletError("'\(text)' is not hexadecimal") }
        if raw.count == 32 { return [0x12, 0x20] + raw }
        if raw.count == 34, raw[0] == 0x12, raw[1] == 0x20 { return raw }
        throw WalletError("'\(text)' is neither a SHA-256 digest (64 hex digits) nor a SHA-256 multihash (1220 + 64 hex digits)")
    }

    /// Streams a file through SHA-256 (`FileHasher`, swift-crypto), with a progress bar on stderr when stderr is a terminal.
    static func hashFile(_ path: String) throws -> (multihash: [UInt8], size: UInt64) {
        let progress = FileHasher.terminalProgress()
        let r = try FileHasher.hash(path: (path as NSString).expandingTildeInPath, progress: progress)
        FileHasher.endProgress(progress)
        return (r.multihash, r.size)
    }

    static func kind(_ text: String) throws -> ContributionKind {
        guard let k = ContributionKind.allCases.first(where: { $0.name == text }) else {
            throw WalletError("unknown kind '\(text)'; one of \(ContributionKind.allCases.map(\.name).joined(separator: ", "))")
        }
        return k
    }

    /// `conceptualization:lead+software:supporting` (degree defaults to lead). Codes as in CRediTRole (1…14) and
    /// ContributionDegree (1…3).
    static func roles(_ text: String) throws -> [RoleClaim] {
        try text.split(separator: "+").map { part in
            let bits = part.split(separator: ":", maxSplits: 1).map(String.init)
            guard let r = CRediTRole(rawValue: bits[0].lowercased()) else {
                throw WalletError("unknown CRediT role '\(bits[0])'; one of \(CRediTRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let degreeName = bits.count > 1 ? bits[1].lowercased() : "lead"
            guard let d = ContributionDegree(rawValue: degreeName) else { throw WalletError("unknown degree '\(degreeName)'; lead, equal or supporting") }
            return RoleClaim(role: r.code, degree: d.code)
        }
    }

    /// `drafting+language-editing`: STM 2025 AI-use categories (`AIUse`), sorted by code.
    static func aiUses(_ text: String) throws -> [AIUse] {
        let uses = try text.split(separator: "+").map { part in
            guard let u = AIUse(rawValue: part.lowercased()) else {
                throw WalletError("unknown AI use '\(part)'; one of \(AIUse.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return u
        }
        guard Set(uses).count == uses.count else { throw WalletError("an AI use is listed twice in '\(text)'") }
        return uses.sorted { $0.code < $1.code }
    }

    /// `name=Ada Lovelace,address=desci1…|key=NAME,orcid=0000-…,agent=ID,roles=conceptualization:lead+software:supporting,ai-use=drafting+translation`.
    static func contributor(_ text: String, global: GlobalOptions) throws -> ContributorEntry {
        var entry = ContributorEntry(name: "", roles: [])
        for field in text.split(separator: ",") {
            let kv = field.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2 else { throw WalletError("contributor field '\(field)' is not key=value") }
            switch kv[0] {
            case "name": entry.name = kv[1]
            case "address", "key": entry.address = try global.resolveAddress(kv[1])
            case "orcid": entry.orcid = kv[1]
            case "agent": entry.agent = try hash(kv[1], "agent")
            case "roles": entry.roles = try roles(kv[1])
            case "ai-use": entry.aiUse = try aiUses(kv[1])
            default: throw WalletError("unknown contributor field '\(kv[0])' (name, address, key, orcid, agent, roles, ai-use)")
            }
        }
        if entry.name.isEmpty { entry.name = entry.address?.bech32 ?? entry.orcid ?? entry.agent?.hex ?? "" }
        return entry
    }

    static func millis(_ text: String?, _ what: String) throws -> UInt64? {
        guard let text else { return nil }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        var date = f.date(from: text)
        if date == nil {
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            date = f.date(from: text)
        }
        guard let date, date.timeIntervalSince1970 >= 0 else { throw WalletError("\(what) '\(text)' is not an RFC 3339 time") }
        return UInt64((date.timeIntervalSince1970 * 1000).rounded())
    }
}

/// The fields of a registration shared by `register`, `version` and `dataset register`.
struct RegistrationOptions: ParsableArguments {
    @Option(help: "Title.") var title: String
    @Option(help: "SPDX licence expression (custom licences as LicenseRef-…).") var license: String
    @Option(help: "A URI where the content can be fetched (repeatable).") var uri: [String] = []
    @Option(help: "DOI.") var doi: String?
    @Option(help: ArgumentHelp("A contributor (repeatable): 'name=…,address=…|key=NAME,orcid=…,agent=ID,roles=role:degree+…,ai-use=use+…' (ai-use: STM 2025 categories, machine contributors only).",
                               valueName: "spec")) var contributor: [String] = []
    @Option(help: "Id of a cited record (repeatable).") var reference: [String] = []
    @Option(help: "Id of a registered input this was derived from (repeatable).") var derivedFrom: [String] = []

    func contributors(global: GlobalOptions, sender: KeyFile, defaultRoles: String) throws -> [ContributorEntry] {
        if contributor.isEmpty {
            return [ContributorEntry(name: sender.name, address: sender.address, roles: try RecordTx.roles(defaultRoles))]
        }
        return try contributor.map { try RecordTx.contributor($0, global: global) }
    }
}

/// The content: a file hashed locally, or a digest and size.
struct ContentOptions: ParsableArguments {
    @Option(help: "File to hash locally (streaming SHA-256).") var file: String?
    @Option(help: "SHA-256 digest (64 hex digits) or multihash, instead of --file.") var digest: String?
    @Option(help: "Content size in bytes (with --digest).") var size: UInt64?

    func content() throws -> ([UInt8], UInt64) {
        switch (file, digest) {
        case let (f?, nil): return try RecordTx.hashFile(f)
        case let (nil, d?):
            guard let size else { throw WalletError("--digest needs --size") }
            return (try RecordTx.multihash(hex: d), size)
        default: throw ValidationError("give either --file or --digest with --size")
        }
    }
}

struct ContributionTx: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contribution", abstract: "Register, version, confirm and retract contributions.",
        subcommands: [Register.self, Version.self, Confirm.self, Decline.self, Retract.self])

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a contribution (paper, dataset, software, model…).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var pass: PassphraseOptions
        @OptionGroup var send: RecordSendOptions
        @Option(help: "paper, preprint, dataset, software, model, protocol, review, replication or other.") var kind: String
        @OptionGroup var content: ContentOptions
        @OptionGroup var record: RegistrationOptions
        @Option(help: "Id of the record this is a new version of.") var previousVersion: String?

        func run() async throws {
            try await register(global: global, pass: pass, send: send, kind: kind, content: content, record: record, previous: previousVersion)
        }
    }

    struct Version: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a new version of one of your records.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var pass: PassphraseOptions
        @OptionGroup var send: RecordSendOptions
        @Argument(help: "Id of the record this is a new version of.") var previous: String
        @Option(help: "Kind of the new version.") var kind: String
        @OptionGroup var content: ContentOptions
        @OptionGroup var record: RegistrationOptions

        func run() async throws {
            try await register(global: global, pass: pass, send: send, kind: kind, content: content, record: record, previous: previous)
        }
    }

    static func register(global: GlobalOptions, pass: PassphraseOptions, send: RecordSendOptions, kind: String, content: ContentOptions,
                         record: RegistrationOptions, previous: String?) async throws {
        let sender = try global.keyStore.file(send.from)
        let (digest, size) = try content.content()
        let action = RegisterContribution(
            kind: try RecordTx.kind(kind), title: record.title, digest: digest, size: size, uris: record.uri, doi: record.doi,
            license: record.license, contributors: try record.contributors(global: global, sender: sender, defaultRoles: "conceptualization"),
            references: try record.reference.map { try RecordTx.hash($0, "reference") },
            previousVersion: try previous.map { try RecordTx.hash($0, "previous version") },
            derivedFrom: try record.derivedFrom.map { try RecordTx.hash($0, "input") })
        try await RecordTx.send(.registerContribution(action), global: global, send: send, pass: pass, createsRecord: true)
    }

    struct Confirm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Confirm your listed roles on a record.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var pass: PassphraseOptions
        @OptionGroup var send: RecordSendOptions
        @Argument(help: "Record id.") var id: String

        func run() async throws {
            let action = ConfirmContribution(contribution: try RecordTx.hash(id, "record"), accept: true)
            try await RecordTx.send(.confirmContribution(action), global: global, send: send, pass: pass, createsRecord: false)
        }
    }

    struct Decline: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Decline the roles a record lists for you.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var pass: PassphraseOptions
        @OptionGroup var send: RecordSendOptions
        @Argument(help: "Record id.") var id: String

        func run() async throws {
            let action = ConfirmContribution(contribution: try RecordTx.hash(id, "record"), accept: false)
            try await RecordTx.send(.confirmContribution(action), global: global, send: send, pass: pass, createsRecord: false)
        }
    }

    struct Retract: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Retract one of your records, with a reason.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var pass: PassphraseOptions
        @OptionGroup var send: RecordSendOptions
        @Argument(help: "Record id.") var id: String
        @Option(help: "Why it is retracted.") var reason: String

        func run() async throws {
            let action = RetractContribution(contribution: try RecordTx.hash(id, "record"), reason: reason)
            try await RecordTx.send(.retractContribution(action), global: global, send: send, pass: pass, createsRecord: false)
        }
    }
}

struct DatasetTx: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dataset", abstract: "Register datasets with their provenance.",
                                                    subcommands: [Register.self])

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Hash a dataset file locally and register it with its lineage.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var pass: PassphraseOptions
        @OptionGroup var send: RecordSendOptions
        @Argument(help: "The dataset file (hashed locally, streaming).") var file: String
        @OptionGroup var record: RegistrationOptions
        @Option(help: "Id of the record this is a new version of.") var previousVersion: String?
        @Option(help: "The activity that produced it: collection, cleaning, analysis, training, simulation, transformation or other.")
        var activity: String?
        @Option(help: "SHA-256 (hex or multihash) of the code or container that ran.") var codeDigest: String?
        @Option(help: "File of the code or container that ran (hashed locally).") var codeFile: String?
        @Option(help: "File of the parameters it ran with (hashed locally).") var paramsFile: String?
        @Option(help: "Claimed start (RFC 3339).") var started: String?
        @Option(help: "Claimed end (RFC 3339).") var ended: String?
        @Option(help: "Who ran it (address or key name; default: the sender).") var activityAgent: String?

        func run() async throws {
            let sender = try global.keyStore.file(send.from)
            let (digest, size) = try RecordTx.hashFile(file)
            var act: ProvenanceActivity?
            if let activity {
                guard let kind = ProvenanceActivity.Kind.allCases.first(where: { "\($0)" == activity }) else {
                    throw WalletError("unknown activity '\(activity)'; one of \(ProvenanceActivity.Kind.allCases.map { "\($0)" }.joined(separator: ", "))")
                }
                if codeDigest != nil && codeFile != nil { throw ValidationError("give --code-digest or --code-file, not both") }
                let code = try codeDigest.map(RecordTx.multihash(hex:)) ?? codeFile.map { try RecordTx.hashFile($0).multihash }
                act = ProvenanceActivity(kind: kind, codeDigest: code, parametersDigest: try paramsFile.map { try RecordTx.hashFile($0).multihash },
                                         startedAt: try RecordTx.millis(started, "--started"), endedAt: try RecordTx.millis(ended, "--ended"),
                                         agent: try activityAgent.map(global.resolveAddress) ?? sender.address)
            } else if codeDigest != nil || codeFile != nil || paramsFile != nil || started != nil || ended != nil {
                throw ValidationError("--code-digest, --code-file, --params-file, --started and --ended describe an --activity")
            }
            let action = RegisterContribution(
                kind: .dataset, title: record.title, digest: digest, size: size, uris: record.uri, doi: record.doi, license: record.license,
                contributors: try record.contributors(global: global, sender: sender, defaultRoles: "data-curation"),
                references: try record.reference.map { try RecordTx.hash($0, "reference") },
                previousVersion: try previousVersion.map { try RecordTx.hash($0, "previous version") },
                derivedFrom: try record.derivedFrom.map { try RecordTx.hash($0, "input") }, activity: act)
            try await RecordTx.send(.registerContribution(action), global: global, send: send, pass: pass, createsRecord: true)
        }
    }
}
