import Foundation
import LedgerCore
import LedgerAPI
import LedgerCrypto
import WalletKit

/// Where `swift build` put the binaries (override with DESCI_BIN_DIR).
let binDir: URL = {
    if let d = ProcessInfo.processInfo.environment["DESCI_BIN_DIR"] { return URL(fileURLWithPath: d) }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug")
}()

struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a binary to completion with extra environment variables.
func runTool(_ name: String, _ args: [String], env: [String: String] = [:], stdin: String? = nil) throws -> CommandResult {
    let p = Process()
    p.executableURL = binDir.appendingPathComponent(name)
    p.arguments = args
    p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    let input = Pipe()
    p.standardInput = input
    try p.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return CommandResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// A single-validator chain in a temp folder, run as a real `desci-node` process on a free loopback port.
final class TestNetwork: @unchecked Sendable {
    let root: URL
    let home: URL
    let chainID: String
    let validatorSeed: [UInt8]
    /// Funded accounts by name, with their seeds.
    let funded: [String: [UInt8]]
    private(set) var process: Process?
    private(set) var port: Int = 0
    private var logIndex = 0

    /// `daoMembers`: names of funded accounts to list as DAO members, with `extraDAO` (`, "field": …`)
    /// added to the genesis `dao` section. `extraAppParams` (`, "field": …`) is added to `app_params`;
    /// `configTOML`, when set, replaces the `config.toml` that `init` wrote.
    init(accounts: [String] = ["alice"], balance: UInt64 = 1_000_000_000, blockIntervalMillis: Int = 100, chainID: String = "itest-1",
         daoMembers: [String] = [], extraDAO: String = "", extraAppParams: String = "", configTOML: String? = nil) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("desci-itest-\(UUID().uuidString)")
        home = root.appendingPathComponent("node")
        self.chainID = chainID
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        validatorSeed = secureRandomBytes(32)
        var funded: [String: [UInt8]] = [:]
        for a in accounts { funded[a] = secureRandomBytes(32) }
        self.funded = funded
        let validator = try SigningKey(seed: validatorSeed)
        let accountsJSON = try funded.keys.sorted().map { name -> String in
            let k = try SigningKey(seed: funded[name]!)
            return #"{"name": "\#(name)", "address": "\#(Address(publicKey: k.publicKey).bech32)", "balance": \#(balance)}"#
        }
        let daoAddresses = try daoMembers.map { name -> String in
            "\"" + Address(publicKey: try SigningKey(seed: funded[name]!).publicKey).bech32 + "\""
        }
        let daoSection = daoMembers.isEmpty ? "" : #", "dao": {"members": [\#(daoAddresses.joined(separator: ","))]\#(extraDAO)}"#
        let genesis = """
            {"chain_id": "\(chainID)", "genesis_time": "2026-01-01T00:00:00Z",
             "consensus_params": {"max_block_bytes": 4194304, "max_block_gas": 1000000000, "block_interval_ms": \(blockIntervalMillis)},
             "validators": [{"name": "v0", "pub_key": "\(validator.publicKey.hex)", "power": 1}],
             "accounts": [\(accountsJSON.joined(separator: ","))],
             "app_params": {"min_fee": 1\(extraAppParams)}\(daoSection)}
            """
        let genesisFile = root.appendingPathComponent("genesis.json")
        try Data(genesis.utf8).write(to: genesisFile)
        let keyFile = root.appendingPathComponent("validator_key.json")
        let keyJSON = #"{"address": "\#(Address(publicKey: validator.publicKey).bech32)", "pub_key": "\#(validator.publicKey.hex)", "priv_key_seed": "\#(Hex.encode(validatorSeed))"}"#
        // Key files must be private: the node refuses one that group or others can read.
        try SecretFile.create(path: keyFile.path, bytes: Array(keyJSON.utf8))
        let r = try runTool("desci-node", ["init", "--home", home.path, "--genesis", genesisFile.path, "--validator-key", keyFile.path])
        guard r.status == 0 else { throw HarnessError("init failed: \(r.stderr)") }
        if let configTOML {
            try Data(configTOML.utf8).write(to: home.appendingPathComponent("config/config.toml"))
        }
    }

    deinit {
        if let p = process, p.isRunning { kill(p.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: root)
    }

    var url: String { "http://127.0.0.1:\(port)" }
    var client: NodeClient { NodeClient(base: url) }

    /// The running node's genesis hash (from `GET /status`): what transactions are signed for.
    func genesisHash() async throws -> Hash {
        let status: StatusDTO = try await client.get("/status")
        return status.genesisHash
    }

    /// Starts the node and waits until its RPC answers.
    func start() async throws {
        logIndex += 1
        let log = root.appendingPathComponent("node-\(logIndex).log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else { throw HarnessError("cannot create \(log.path)") }
        let p = Process()
        p.executableURL = binDir.appendingPathComponent("desci-node")
        p.arguments = ["start", "--home", home.path, "--rpc-addr", "127.0.0.1:0", "--log-level", "info"]
        let handle = try FileHandle(forWritingTo: log)
        p.standardError = handle
        p.standardOutput = handle
        try p.run()
        process = p
        let deadline = Date().addingTimeInterval(180)
        while Date() < deadline {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: "address=http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits) {
                    self.port = port
                    return
                }
            }
            if !p.isRunning { throw HarnessError("desci-node exited (\(p.terminationStatus)) during start:\n\(text)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessError("desci-node did not start listening within 180 s")
    }

    /// SIGTERM and wait; returns the exit status.
    @discardableResult
    func stop() async throws -> Int32 {
        guard let p = process else { return 0 }
        // Only a live child is signalled: with pid_max at 32768 a reaped child's pid may already
        // belong to another process (another test's node).
        if p.isRunning { p.terminate() }
        let deadline = Date().addingTimeInterval(30)
        while p.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        guard !p.isRunning else { throw HarnessError("desci-node ignored SIGTERM for 30 s") }
        process = nil
        return p.terminationStatus
    }

    /// SIGKILL, no chance to clean up.
    func crash() async throws {
        guard let p = process else { return }
        kill(p.processIdentifier, SIGKILL)
        while p.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        process = nil
    }

    func lastLog() -> String {
        (try? String(contentsOf: root.appendingPathComponent("node-\(logIndex).log"), encoding: .utf8)) ?? ""
    }

    func key(_ name: String) throws -> SigningKey { try SigningKey(seed: funded[name]!) }
}
