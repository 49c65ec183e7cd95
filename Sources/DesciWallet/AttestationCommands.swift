import ArgumentParser
import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto

import WalletKit

// `desci tx attest …` and `desci query attestations` (Docs/CLI.md, "Attestations").

extension Tx {
    struct Attest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Review, reproduce, endorse or rate a registered record; revoke an attestation.",
            subcommands: [Review.self, Reproduce.self, Endorse.self, Quality.self, Revoke.self])
    }
}

/// Options every attestation transaction shares.
struct AttestTxOptions: ParsableArguments {
    @Option(help: "Signing key name.") var from: String
    @Option(name: [.customLong("fee"), .customLong("fees")], help: "Fee in base units (default: the node's minimum for the gas limit).") var fee: UInt64?
    @Option(help: "Gas limit, or auto to simulate first (policy evaluation is metered).") var gas: GasSetting = .fixed(300_000)
    @Option(help: "With --gas auto: multiply the simulated gas by this.") var gasAdjustment: Double = 1.3
    @Option(help: "Last height at which the transaction may be included.") var expiry: UInt64?
    @Option(help: "async: return at once; sync: after mempool admission; commit: after inclusion in a block.") var mode: BroadcastMode = .commit
    @OptionGroup var waiting: WaitOptions
    @Flag(help: "Write the unsigned transaction as JSON to stdout instead of signing and sending it.") var generateOnly = false

    func send(_ action: Action, global: GlobalOptions, pass: PassphraseOptions) async throws {
        let sender = try global.keyStore.file(from)
        try await TxFlow(global: global).run(sender: sender, actions: [action], fee: fee, gas: gas.adjusted(by: gasAdjustment), expiry: expiry, mode: mode,
                                             wait: waiting, generateOnly: generateOnly, passphrase: pass.source)
    }
}

/// Digests given as files (hashed locally, streaming) or as multihash hex.
enum Digests {
    /// SHA-256 of a file as a multihash `0x12 0x20 || digest`: streamed, with a progress bar on a
    /// terminal (`RecordTx.hashFile`, shared with the contribution commands).
    static func multihash(file: String) throws -> [UInt8] {
        try RecordTx.hashFile(file).multihash
    }

    /// A multihash from hex (`1220…`, 68 hex digits) or a bare 64-digit SHA-256 digest.
    static func multihash(hex text: String, option: String) throws -> [UInt8] {
        guard Hex.decode(text) != nil else { throw WalletError("--\(option) must be hexadecimal") }
        do { return try RecordTx.multihash(hex: text) } catch {
            throw WalletError("--\(option) must be a SHA-256 multihash (1220 + 64 hex digits) or a 64-digit SHA-256 digest")
        }
    }

    static func either(file: String?, hex: String?, fileOption: String, hexOption: String) throws -> [UInt8]? {
        switch (file, hex) {
        case (nil, nil): nil
        case let (f?, nil): try multihash(file: f)
        case let (nil, h?): try multihash(hex: h, option: hexOption)
        default: throw WalletError("give --\(fileOption) or --\(hexOption), not both")
        }
    }

    static func subject(_ text: String) throws -> Hash {
        guard let h = try? Hash(hex: text) else { throw WalletError("'\(text)' is not a record id (64 hex characters)") }
        return h
    }
}

extension Tx.Attest {
    enum ReviewVerdict: String, ExpressibleByArgument, CaseIterable {
        case accept, minor, major, reject
        var code: UInt8 {
            switch self {
            case .accept: LedgerCore.Attest.Verdict.accept
            case .minor: LedgerCore.Attest.Verdict.minor
            case .major: LedgerCore.Attest.Verdict.major
            case .reject: LedgerCore.Attest.Verdict.reject
            }
        }
    }

    enum Outcome: String, ExpressibleByArgument, CaseIterable {
        case success, failure
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Review a record: verdict, scores, report.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var pass: PassphraseOptions
        @OptionGroup var tx: AttestTxOptions
        @Argument(help: "Id of the reviewed record (hex).") var subject: String
        @Option(help: "accept, minor, major or reject.") var verdict: ReviewVerdict
        @Option(name: .customLong("score"), help: "A score 0…10 (repeat, at most 8).") var scores: [UInt8] = []
        @Option(help: "Report file, hashed locally.") var reportFile: String?
        @Option(help: "Report digest: SHA-256 multihash hex.") var reportDigest: String?
        @Option(help: "A comment.") var comment: String = ""

        func run() async throws {
            let report = try Digests.either(file: reportFile, hex: reportDigest, fileOption: "report-file", hexOption: "report-digest")
            let a = LedgerCore.Attest(subject: try Digests.subject(subject), kind: .review, verdict: verdict.code, scores: scores,
                                      reportDigest: report, comment: comment)
            try await tx.send(.attest(a), global: global, pass: pass)
        }
    }

    struct Reproduce: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Report a reproduction: outcome, output and environment digests.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var pass: PassphraseOptions
        @OptionGroup var tx: AttestTxOptions
        @Argument(help: "Id of the reproduced record (hex).") var subject: String
        @Option(help: "success or failure.") var outcome: Outcome
        @Option(help: "The output obtained, hashed locally.") var outputFile: String?
        @Option(help: "Output digest: SHA-256 multihash hex.") var outputDigest: String?
        @Option(help: "The environment used (lock file, container manifest…), hashed locally.") var environmentFile: String?
        @Option(help: "Environment digest: SHA-256 multihash hex.") var environmentDigest: String?
        @Option(help: "A comment.") var comment: String = ""

        func run() async throws {
            guard let output = try Digests.either(file: outputFile, hex: outputDigest, fileOption: "output-file", hexOption: "output-digest") else {
                throw WalletError("a reproduction needs --output-file or --output-digest")
            }
            let env = try Digests.either(file: environmentFile, hex: environmentDigest, fileOption: "environment-file", hexOption: "environment-digest")
            let a = LedgerCore.Attest(subject: try Digests.subject(subject), kind: .reproduction,
                                      verdict: outcome == .success ? LedgerCore.Attest.Verdict.success : LedgerCore.Attest.Verdict.failure,
                                      outputDigest: output, environmentDigest: env, comment: comment)
            try await tx.send(.attest(a), global: global, pass: pass)
        }
    }

    struct Endorse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Endorse a record.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var pass: PassphraseOptions
        @OptionGroup var tx: AttestTxOptions
        @Argument(help: "Id of the endorsed record (hex).") var subject: String
        @Option(help: "A comment.") var comment: String = ""

        func run() async throws {
            let a = LedgerCore.Attest(subject: try Digests.subject(subject), kind: .endorsement, verdict: 0, comment: comment)
            try await tx.send(.attest(a), global: global, pass: pass)
        }
    }

    struct Quality: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rate a record's data quality: 1 good … 4 unusable.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var pass: PassphraseOptions
        @OptionGroup var tx: AttestTxOptions
        @Argument(help: "Id of the rated record (hex).") var subject: String
        @Option(help: "1 good, 2 fair, 3 poor, 4 unusable.") var rating: UInt8
        @Option(name: .customLong("score"), help: "A score 0…10 (repeat, at most 8).") var scores: [UInt8] = []
        @Option(help: "A comment.") var comment: String = ""

        func validate() throws {
            guard (1...4).contains(rating) else { throw ValidationError("--rating must be 1, 2, 3 or 4") }
        }

        func run() async throws {
            let a = LedgerCore.Attest(subject: try Digests.subject(subject), kind: .dataQuality, verdict: rating, scores: scores, comment: comment)
            try await tx.send(.attest(a), global: global, pass: pass)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke one of your attestations.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var pass: PassphraseOptions
        @OptionGroup var tx: AttestTxOptions
        @Argument(help: "Attestation id (hex).") var id: String

        func run() async throws {
            guard let h = try? Hash(hex: id) else { throw WalletError("'\(id)' is not an attestation id (64 hex characters)") }
            try await tx.send(.revokeAttestation(RevokeAttestation(attestation: h)), global: global, pass: pass)
        }
    }
}

extension Query {
    struct Attestations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A record's attestations with its status, or an attester's attestations.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Id of the attested record (hex).") var subject: String?
        @Option(help: "List the attestations made by this address or key name instead.") var attester: String?
        @Option(help: "Page size, 1…100.") var limit: Int = 50
        @Option(help: "Cursor: the 'next' id of the previous page.") var after: String?

        func run() async throws {
            var path: String
            switch (subject, attester) {
            case let (s?, nil): path = "/attestations?subject=\(try Digests.subject(s).hex)"
            case let (nil, a?): path = "/attestations?attester=\(try global.resolveAddress(a))"
            default: throw ValidationError("give a record id or --attester, not both")
            }
            path += "&limit=\(limit)"
            if let after { path += "&after=\(try Digests.subject(after).hex)" }
            let page: AttestationListDTO = try await global.client.get(path)
            try global.emit(page, text: Self.text(page))
        }

        static func text(_ p: AttestationListDTO) -> String {
            var lines: [String] = []
            if let s = p.subject {
                lines.append("record: \(s)")
                lines.append("status: \(p.status ?? "?")")
            }
            if let m = p.summary {
                lines.append("independent: \(m.reviews) review(s) (\(m.acceptingReviews) accepting, \(m.rejectingReviews) rejecting), "
                    + "\(m.successfulReproductions) successful and \(m.failedReproductions) failed reproduction(s), "
                    + "\(m.endorsements) endorsement(s), \(m.qualityRatings) quality rating(s)")
                lines.append("active: \(m.active), revoked: \(m.revoked)")
            }
            if let a = p.attester { lines.append("attester: \(a)") }
            for a in p.attestations {
                var line = "  \(a.id) \(a.kind) \(a.verdictName) by \(a.attester) at height \(a.height)"
                if p.subject == nil { line += " on \(a.subject)" }
                if !a.independent { line += " (contributor)" }
                if a.revoked { line += " REVOKED at \(a.revokedHeight ?? 0)" }
                lines.append(line)
            }
            if p.attestations.isEmpty { lines.append("  (none)") }
            if let n = p.next { lines.append("more: --after \(n)") }
            return lines.joined(separator: "\n")
        }
    }
}
