import ArgumentParser
import Foundation
import LedgerCore
import LedgerCrypto
import LedgerNode
import LedgerStorageRocksDB
import Logging

@main
struct DesciNodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "desci-node",
        abstract: "DeSci Ledger validator node.",
        discussion: "Start with `desci-node dev` for a single-validator development network.",
        version: "desci-node \(SoftwareVersion.semantic)",
        subcommands: [Init.self, Start.self, Dev.self, TestnetCommand.self, Verify.self, ShowValidator.self, GenesisCommand.self, Version.self])
}

struct LogOptions: ParsableArguments {
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (default: config.toml's, else info).")
    var logLevel: String?

    @Option(help: "Log format: text or json (default: config.toml's, else text).")
    var logFormat: String?

    func bootstrap(configLevel: String = "info", configFormat: String = "text", modules: [LogModule: Logger.Level] = [:]) throws -> Logger {
        let levelText = logLevel ?? configLevel
        guard let level = Logger.Level(rawValue: levelText) else { throw ValidationError("unknown log level '\(levelText)'") }
        let format = logFormat ?? configFormat
        guard format == "text" || format == "json" else { throw ValidationError("log format must be text or json") }
        // --log-level replaces the base level; [log.modules] still applies to the modules it names.
        let levels = LogLevels(base: level, modules: modules)
        LoggingSystem.bootstrap { label in
            let h: any LogHandler = format == "json" ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            return ModuleLevelLogHandler(h, levels: levels)
        }
        return Logger(label: "desci-node").module(.node)
    }
}

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create a home folder: config, genesis, node and validator keys.")

    @Option(help: "Home folder.") var home: String = "~/.desci-node"
    @Option(help: "Genesis file to copy into the home folder.") var genesis: String
    @Option(help: "Use this existing validator key file (validator_key.json format) instead of generating one.") var validatorKey: String?

    func run() async throws {
        let h = NodeHome(path: home)
        let (doc, data) = try GenesisDocument.load(path: genesis)
        let seed = try validatorKey.map { try NodeHome.loadKey(URL(fileURLWithPath: $0)).exportSeed() }
        try h.initialise(genesisData: data, validatorSeed: seed)
        print("initialised \(h.root.path) for chain \(doc.chainID) (genesis \(doc.hash.hex.prefix(16))…)")
        print("validator key: \(h.validatorKeyFile.path)")
    }
}

struct Start: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the node from a home folder until SIGINT/SIGTERM.")

    @Option(help: "Home folder.") var home: String = "~/.desci-node"
    @Option(help: "RPC listen address host:port (overrides config.toml).") var rpcAddr: String?
    @Flag(help: "Recompute the state root from every state entry before starting (slow on a large state).") var checkState = false
    @Option(help: ArgumentHelp("With no signer state in the data folder (wiped, or the key moved), sign only above this height instead of waiting to see the chain commit one. Only when you are sure this key signed nothing above it.", valueName: "height"))
    var unsafeSignAfterHeight: UInt64?
    @OptionGroup var log: LogOptions

    func run() async throws {
        let h = NodeHome(path: home)
        let config = try NodeRunner.loadConfig(h)
        let logger = try log.bootstrap(configLevel: config.logLevel, configFormat: config.logFormat, modules: config.logModules)
        try await NodeRunner.run(.init(home: h, rpcAddress: rpcAddr, logger: logger, checkState: checkState, unsafeSignAfterHeight: unsafeSignAfterHeight))
    }
}

struct GenesisCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "genesis", abstract: "Genesis file tools.", subcommands: [Validate.self])

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a genesis file and print its hash (which signatures bind) and state root.")
        @Argument(help: "The genesis JSON file.") var file: String

        func run() async throws {
            let (doc, _) = try GenesisDocument.load(path: file)
            print("valid genesis for chain \(doc.chainID): \(doc.validators.count) validator(s), \(doc.accounts.count) account(s)")
            print("genesis hash \(doc.hash.hex)")
            print("genesis state root \(try doc.initialStateRoot().hex)")
        }
    }
}

struct Version: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version.")
    func run() async throws { print("desci-node \(SoftwareVersion.semantic)") }
}

struct ShowValidator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print this node's validator public key and address (for a genesis file).")
    @Option(help: "Home folder.") var home: String = "~/.desci-node"

    func run() async throws {
        let key = try NodeHome.loadKey(NodeHome(path: home).validatorKeyFile)
        print("pub_key: \(key.publicKey.hex)")
        print("address: \(Address(publicKey: key.publicKey).bech32)")
    }
}

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay the stored chain from genesis and check every block, commit and root (the node must be stopped).")
    @Option(help: "Home folder.") var home: String = "~/.desci-node"

    func run() async throws {
        let h = NodeHome(path: home)
        let (genesis, _) = try GenesisDocument.load(path: h.genesisFile.path)
        let store = try RocksDBStore(path: h.databaseDir.path)
        defer { store.close() }
        let chain = try ChainStore(kv: store)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("desci-verify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let started = Date()
        let report = try ChainReplay.verify(source: chain, genesis: genesis, scratchPath: scratch.path) { done, total in
            if done % 1000 == 0 || done == total { FileHandle.standardError.write(Data("verified \(done)/\(total) blocks\n".utf8)) }
        }
        let tip = try chain.tip
        guard report.finalStateRoot == tip.stateRoot else {
            throw ValidationError("replayed state root \(report.finalStateRoot) differs from the stored \(tip.stateRoot)")
        }
        print("ok: \(report.blocks) blocks, \(report.transactions) transactions replayed from genesis in \(String(format: "%.1f", Date().timeIntervalSince(started))) s; state root \(report.finalStateRoot.hex)")
    }
}
