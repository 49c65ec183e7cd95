import ArgumentParser
import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto

import WalletKit

enum BroadcastMode: String, ExpressibleByArgument, CaseIterable {
    case async, sync, commit
}

/// A signed transaction as written by `desci tx sign` and read by `desci tx broadcast`.
struct SignedTxFile: Codable {
    var hash: Hash
    var tx: String
    var body: TransactionBodyJSON
}

struct Tx: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build, sign and submit transactions.",
        subcommands: [Transfer.self, Sign.self, Broadcast.self] + Tx.recordCommands)

    struct Transfer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send native tokens.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var pass: PassphraseOptions
        @Option(help: "Sending key name.") var from: String
        @Option(help: "Recipient address (desci1…) or key name.") var to: String
        @Option(help: "Amount in base units.") var amount: UInt64
        @Option(name: [.customLong("fee"), .customLong("fees")], help: "Fee in base units (default: the node's minimum for the gas limit).") var fee: UInt64?
        @Option(help: "Gas limit, or auto to simulate first.") var gas: GasSetting = .fixed(20_000)
        @Option(help: "With --gas auto: multiply the simulated gas by this.") var gasAdjustment: Double = 1.3
        @Option(help: "Last height at which the transaction may be included.") var expiry: UInt64?
        @Option(help: "async: return at once; sync: after mempool admission; commit: after inclusion in a block.") var mode: BroadcastMode = .sync
        @OptionGroup var waiting: WaitOptions
        @Flag(help: "Write the unsigned transaction as JSON to stdout instead of signing and sending it.") var generateOnly = false

        func run() async throws {
            let sender = try global.keyStore.file(from)
            let recipient = try global.resolveAddress(to)
            let action = Action.transfer(TransferAction(to: recipient, amount: amount))
            try await TxFlow(global: global).run(sender: sender, actions: [action], fee: fee, gas: gas.adjusted(by: gasAdjustment), expiry: expiry, mode: mode,
                                                 wait: waiting, generateOnly: generateOnly, passphrase: pass.source)
        }
    }

    struct Sign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sign an unsigned transaction file (from --generate-only).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var pass: PassphraseOptions
        @Argument(help: "Unsigned transaction JSON file.") var file: String
        @Option(help: "Signing key name.") var from: String
        @Flag(help: "Do not contact the node; --nonce and --genesis-hash are then required.") var offline = false
        @Option(help: "Genesis hash (hex) of the network to sign for; required with --offline (`desci-node genesis validate FILE` or GET /status prints it).")
        var genesisHash: String?
        @Option(help: "Nonce to sign with (default: the file's, else the account's pending nonce).") var nonce: UInt64?
        @Option(help: "Write the signed transaction here instead of stdout.") var out: String?

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: (file as NSString).expandingTildeInPath) else { throw WalletError("cannot read \(file)") }
            var body: TransactionBodyJSON
            do { body = try JSONDecoder().decode(TransactionBodyJSON.self, from: data) } catch {
                throw WalletError("\(file) is not an unsigned transaction: \(error)")
            }
            let keyFile = try global.keyStore.file(from)
            guard keyFile.publicKey == body.sender else {
                throw WalletError("the transaction's sender is not the key '\(from)'",
                                  hint: "sign with the key that --generate-only was run for (`desci keys list` shows each key's address)")
            }
            if offline {
                guard let n = nonce ?? body.nonce else { throw WalletError("--offline needs --nonce (or a nonce in the file)") }
                body.nonce = n
            } else if let n = nonce {
                body.nonce = n
            } else if body.nonce == nil {
                let account: AccountDTO = try await global.client.get("/account?address=\(keyFile.address)")
                body.nonce = account.pendingNonce
            }
            let genesis = try await resolveGenesisHash()
            let key = try global.keyStore.load(from, passphrase: try pass.source.read(prompt: "Passphrase for '\(from)': "))
            let tx = try Transaction.sign(try body.body(), with: key, genesisHash: genesis)
            let signed = SignedTxFile(hash: tx.id, tx: Hex.encode(tx.wire), body: TransactionBodyJSON(tx.body))
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            let json = try enc.encode(signed)
            if let out {
                try json.write(to: URL(fileURLWithPath: (out as NSString).expandingTildeInPath))
                try global.emit(["hash": tx.id.hex, "file": out], text: "signed \(tx.id) -> \(out)")
            } else {
                print(String(decoding: json, as: UTF8.self))
            }
        }

        /// The network the signature is bound to: `--genesis-hash`, else the node's `GET /status`.
        func resolveGenesisHash() async throws -> Hash {
            if let genesisHash {
                guard let bytes = Hex.decode(genesisHash), let hash = try? Hash(bytes: bytes) else {
                    throw WalletError("--genesis-hash must be 64 hex digits (32 bytes)", code: "BAD_GENESIS_HASH")
                }
                return hash
            }
            guard !offline else {
                throw WalletError("--offline needs --genesis-hash HEX: signatures are bound to the network's genesis "
                                  + "(`desci-node genesis validate GENESIS.json` prints it)", code: "MISSING_GENESIS_HASH")
            }
            let status: StatusDTO = try await global.client.get("/status")
            return status.genesisHash
        }
    }

    struct Broadcast: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Submit a signed transaction file (from `desci tx sign`).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Signed transaction JSON file.") var file: String
        @Option(help: "async, sync or commit.") var mode: BroadcastMode = .sync
        @OptionGroup var waiting: WaitOptions

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: (file as NSString).expandingTildeInPath) else { throw WalletError("cannot read \(file)") }
            let signed: SignedTxFile
            do { signed = try JSONDecoder().decode(SignedTxFile.self, from: data) } catch {
                throw WalletError("\(file) is not a signed transaction: \(error)")
            }
            try await TxFlow(global: global).broadcast(hex: signed.tx, mode: mode, wait: waiting)
        }
    }
}

/// The shared path: fetch chain id and nonce, sign, submit, report.
struct TxFlow {
    let global: GlobalOptions

    func run(sender: KeyFile, actions: [Action], fee: UInt64?, gas: GasSetting, expiry: UInt64?, mode: BroadcastMode,
             wait: WaitOptions, generateOnly: Bool, passphrase: PassphraseSource) async throws {
        guard let tx = try await sign(sender: sender, actions: actions, fee: fee, gas: gas, expiry: expiry, generateOnly: generateOnly,
                                      passphrase: passphrase) else { return }
        try await broadcast(hex: Hex.encode(tx.wire), mode: mode, wait: wait)
    }

    /// Builds the body with the node's chain id and the sender's pending nonce and signs it; with
    /// `generateOnly` prints the unsigned body instead and returns nil. With `--gas auto` it first
    /// signs a probe with a generous gas limit and asks POST /simulate for the gas used; without a
    /// fee it pays the chain's minimum for the gas limit. The fee is printed (stderr) before sending.
    func sign(sender: KeyFile, actions: [Action], fee: UInt64?, gas: GasSetting, expiry: UInt64?, generateOnly: Bool,
              passphrase: PassphraseSource) async throws -> Transaction? {
        let client = global.client
        let status: StatusDTO = try await client.get("/status")
        let account: AccountDTO = try await client.get("/account?address=\(sender.address)")
        let params: ParamsDTO = try await client.get("/params")
        func makeBody(gas: UInt64) throws -> TransactionBodyJSON {
            guard let f = fee ?? FeeRule.minimum(gasLimit: gas, params: params) else {
                throw WalletError("no fee can pay for gas limit \(gas) at min_gas_price \(params.minGasPrice)", code: "INSUFFICIENT_FEE")
            }
            return TransactionBodyJSON(chainID: status.chainID, sender: sender.publicKey, nonce: account.pendingNonce, gasLimit: gas,
                                       fee: f, expiry: expiry, actions: actions)
        }
        var key: SigningKey?
        let gasLimit: UInt64
        switch gas {
        case let .fixed(n): gasLimit = n
        case let .auto(adjustment):
            let k = try global.keyStore.load(sender.name, passphrase: try passphrase.read(prompt: "Passphrase for '\(sender.name)': "))
            key = k
            let probe = try Transaction.sign(try makeBody(gas: min(params.maxBlockGas, 10_000_000)).body(), with: k, genesisHash: status.genesisHash)
            let sim: SimulateResultDTO = try await client.post("/simulate", body: SubmitRequest(tx: Hex.encode(probe.wire), mode: nil))
            guard sim.includable else { throw WalletError("simulation refused the transaction: \(sim.message)", code: sim.code) }
            if let r = sim.receipt, r.status != "success" {
                throw WalletError("the transaction would fail: \(r.message)", code: r.code.isEmpty ? "SIMULATION_FAILED" : r.code)
            }
            gasLimit = FeeRule.adjustedGas(sim.gasUsed, by: adjustment, maxBlockGas: params.maxBlockGas)
        }
        var body = try makeBody(gas: gasLimit)
        FileHandle.standardError.write(Data("fee: \(body.fee) (gas limit \(body.gasLimit))\n".utf8))
        if generateOnly {
            body.nonce = nil
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(body), as: UTF8.self))
            return nil
        }
        let signer = try key ?? global.keyStore.load(sender.name, passphrase: try passphrase.read(prompt: "Passphrase for '\(sender.name)': "))
        return try Transaction.sign(try body.body(), with: signer, genesisHash: status.genesisHash)
    }

    func broadcast(hex: String, mode: BroadcastMode, wait: WaitOptions) async throws {
        let result = try await submit(hex: hex, mode: mode, wait: wait)
        try global.emit(result, text: Self.describe(result, mode: mode, paint: global.paint))
        try Self.exitIfFailed(result)
    }

    /// Submits, and with `--wait` polls until the transaction is in a block; the answer then has the
    /// same shape as a mode=commit submission (height and receipt filled in). `--wait` submits
    /// mode=commit as sync: the wallet does the waiting (`CommitWaiter`), not the node.
    func submit(hex: String, mode: BroadcastMode, wait: WaitOptions) async throws -> SubmitResultDTO {
        guard wait.wait else { return try await submit(hex: hex, mode: mode) }
        let sent = try await submit(hex: hex, mode: mode == .commit ? .sync : mode)
        guard let hash = sent.hash else { throw WalletError("the node accepted the transaction but did not say its hash", code: "INTERNAL") }
        let t = try await CommitWaiter().wait(for: hash, timeoutSeconds: wait.timeout, admitted: mode != .async, client: global.client)
        return SubmitResultDTO(hash: hash, accepted: true, code: sent.code, message: sent.message, height: t.height, receipt: t.receipt)
    }

    /// Posts a signed transaction; a refusal becomes a `WalletError` with the node's code.
    func submit(hex: String, mode: BroadcastMode) async throws -> SubmitResultDTO {
        let result: SubmitResultDTO = try await global.client.post("/tx", body: SubmitRequest(tx: hex, mode: SubmitMode(rawValue: mode.rawValue)))
        guard result.accepted else { throw WalletError(result.message, code: result.code) }
        return result
    }

    /// The text report of a submission: hash, the created record id if any, and with mode=commit or
    /// --wait the receipt: height, status, any warnings, the gas and one line per event.
    static func describe(_ result: SubmitResultDTO, mode: BroadcastMode, id: Hash? = nil, warnings: [String] = [],
                         paint: Paint = Paint(enabled: false)) -> String {
        var lines = ["hash: \(result.hash?.hex ?? "?")"]
        if let id { lines.append("id: \(id)") }
        if let h = result.height, let r = result.receipt {
            lines.append("height: \(h)")
            lines.append(ReceiptText.status(r, paint: paint))
            lines += warnings.map(paint.yellow)
            lines.append("gas used: \(r.gasUsed), fee: \(r.feePaid)")
            lines += ReceiptText.events(r.events)
        } else {
            lines.append(mode == .async ? "submitted" : "accepted into the mempool")
        }
        return lines.joined(separator: "\n")
    }

    /// Exit status 2 when a committed transaction failed, after a hint on stderr for its code.
    static func exitIfFailed(_ result: SubmitResultDTO) throws {
        guard let r = result.receipt, r.status != "success" else { return }
        if let hint = ErrorAdvice.hint(code: r.code) {
            let paint = Paint(enabled: Terminal.colours(fd: STDERR_FILENO, json: false))
            FileHandle.standardError.write(Data("\(paint.yellow("hint:")) \(hint)\n".utf8))
        }
        throw ExitCode(2)
    }
}


extension Tx {
    /// Record transactions, one group per contract (ContributionCommands.swift, AttestationCommands.swift, GovernanceCommands.swift).
    static var recordCommands: [any ParsableCommand.Type] { contributionCommands + attestationCommands + governanceCommands }
    static var contributionCommands: [any ParsableCommand.Type] { [ContributionTx.self, DatasetTx.self] }
    static var attestationCommands: [any ParsableCommand.Type] { [Tx.Attest.self] }
    static var governanceCommands: [any ParsableCommand.Type] { [Gov.self] }
}
