import ArgumentParser
import Foundation
import LedgerCore
import LedgerCrypto
import WalletKit

@main
struct Desci: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "desci",
        abstract: "DeSci Ledger wallet: keys, transactions and queries.",
        version: "desci \(SoftwareVersion.semantic)",
        subcommands: [Keys.self, Tx.self, Query.self, Rules.self, Audit.self, Verify.self, Export.self])

    /// ArgumentParser's `main`, except that the wallet's own errors are printed with a hint line
    /// saying what to do next (`ErrorAdvice`), the "Error:" red on a terminal.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
        } catch {
            guard let advice = ErrorAdvice.advise(error) else { exit(withError: error) }
            let paint = Paint(enabled: Terminal.colours(fd: STDERR_FILENO, json: Self.jsonRequested(CommandLine.arguments)))
            var text = "\(paint.red("Error:")) \(advice.message)\n"
            if let hint = advice.hint { text += "\(paint.yellow("hint:")) \(hint)\n" }
            FileHandle.standardError.write(Data(text.utf8))
            exit(withError: ExitCode.failure)
        }
    }

    /// Whether the command line asks for JSON (colours are then off even for errors on a terminal).
    static func jsonRequested(_ arguments: [String]) -> Bool {
        arguments.contains("--output=json") || zip(arguments, arguments.dropFirst()).contains { $0 == "--output" && $1 == "json" }
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(help: "Node RPC URL (env DESCI_NODE).") var node: String?
    @Option(help: "Wallet home; keys live in <home>/keys (env DESCI_HOME).") var home: String?
    @Option(help: "Output format: text or json.") var output: OutputFormat = .text

    var env: [String: String] { ProcessInfo.processInfo.environment }
    var nodeURL: String { node ?? env["DESCI_NODE"] ?? "http://127.0.0.1:26657" }
    var homeURL: URL { URL(fileURLWithPath: ((home ?? env["DESCI_HOME"] ?? "~/.desci") as NSString).expandingTildeInPath) }
    var keyStore: KeyStore { KeyStore(directory: homeURL.appendingPathComponent("keys")) }
    var client: NodeClient { NodeClient(base: nodeURL) }
    /// Colours for text on stdout: a terminal only, never with --output json or NO_COLOR.
    var paint: Paint { Paint(enabled: Terminal.colours(fd: STDOUT_FILENO, json: output == .json)) }

    /// Prints one JSON document (json mode) or the text lines.
    func emit<T: Encodable>(_ value: T, text: @autoclosure () -> String) throws {
        switch output {
        case .json:
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(value), as: UTF8.self))
        case .text:
            print(text())
        }
    }

    /// An address given directly (`desci1…`) or as the name of a local key.
    func resolveAddress(_ text: String) throws -> Address {
        if text.hasPrefix(Address.prefix + "1") {
            do { return try Address(bech32: text) } catch { throw WalletError("invalid address '\(text)': \(error)") }
        }
        if let f = try? keyStore.file(text) { return f.address }
        throw WalletError("'\(text)' is neither a valid address nor the name of a key in \(keyStore.directory.path)",
                          hint: "addresses start with \(Address.prefix)1; `desci keys list` shows the key names (pass --home for another wallet)")
    }
}

/// Options for commands that decrypt a key.
struct PassphraseOptions: ParsableArguments {
    @Option(help: "Read the passphrase from this file (else env DESCI_PASSPHRASE, else a prompt).") var passphraseFile: String?
    var source: PassphraseSource { PassphraseSource(file: passphraseFile) }
}

/// `desci rules`: evaluate policies locally with the chain's JsonLogic evaluator.
struct Rules: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Evaluate JsonLogic policies locally.", subcommands: [RulesEval.self])
}
