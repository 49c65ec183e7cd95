import Foundation
import LedgerCore
import LedgerCrypto

/// The node's home folder, laid out like CometBFT's:
/// `config/config.toml`, `config/genesis.json`, `config/node_key.json`, `config/validator_key.json`,
/// `data/` (RocksDB in `data/chain`).
public struct NodeHome: Sendable {
    public let root: URL

    public init(path: String) {
        root = URL(fileURLWithPath: (path as NSString).expandingTildeInPath, isDirectory: true)
    }

    public var configDir: URL { root.appendingPathComponent("config") }
    public var dataDir: URL { root.appendingPathComponent("data") }
    public var configFile: URL { configDir.appendingPathComponent("config.toml") }
    public var genesisFile: URL { configDir.appendingPathComponent("genesis.json") }
    public var nodeKeyFile: URL { configDir.appendingPathComponent("node_key.json") }
    public var validatorKeyFile: URL { configDir.appendingPathComponent("validator_key.json") }
    public var databaseDir: URL { dataDir.appendingPathComponent("chain") }
    /// The validator's double-sign guard (`PersistentSigner`, Docs/CONSENSUS.md).
    public var signerStateFile: URL { dataDir.appendingPathComponent("validator_state.bin") }
    /// The consensus write-ahead log (`FileWAL`).
    public var consensusWALFile: URL { dataDir.appendingPathComponent("cs.wal") }

    public var isInitialised: Bool { FileManager.default.fileExists(atPath: genesisFile.path) }

    public enum HomeError: Error, CustomStringConvertible {
        case alreadyInitialised(String)
        case missing(String)
        case badKeyFile(String)

        public var description: String {
            switch self {
            case let .alreadyInitialised(p): "\(p) is already initialised (remove it or use another --home)"
            case let .missing(p): "\(p) is missing; run `desci-node init` first"
            case let .badKeyFile(why): "bad key file: \(why)"
            }
        }
    }

    /// Creates the folders, copies the genesis, writes a default config and fresh node and validator
    /// keys (unless given). Key files are mode 0600.
    public func initialise(genesisData: Data, validatorSeed: [UInt8]? = nil) throws {
        if isInitialised { throw HomeError.alreadyInitialised(root.path) }
        let fm = FileManager.default
        try fm.createDirectory(at: configDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try fm.createDirectory(at: dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if !fm.fileExists(atPath: configFile.path) {
            try Data(NodeConfig.defaultTOML.utf8).write(to: configFile, options: .atomic)
        }
        if !fm.fileExists(atPath: nodeKeyFile.path) { try writeKey(SigningKey(), to: nodeKeyFile) }
        if !fm.fileExists(atPath: validatorKeyFile.path) {
            try writeKey(try validatorSeed.map { try SigningKey(seed: $0) } ?? SigningKey(), to: validatorKeyFile)
        }
        try genesisData.write(to: genesisFile, options: .atomic)
    }

    struct KeyJSON: Codable {
        var address: Address
        var pubKey: PublicKey
        var privKeySeed: String
        enum CodingKeys: String, CodingKey { case address, pubKey = "pub_key", privKeySeed = "priv_key_seed" }
    }

    func writeKey(_ key: SigningKey, to url: URL) throws {
        let json = KeyJSON(address: Address(publicKey: key.publicKey), pubKey: key.publicKey, privKeySeed: Hex.encode(key.exportSeed()))
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try enc.encode(json)
        // Created 0600 before the secret is written (SecretFile), never over an existing file.
        do { try SecretFile.create(path: url.path, bytes: Array(data)) } catch { throw HomeError.badKeyFile("\(error)") }
    }

    /// Loads a plaintext key file (validator or node key), as CometBFT does. The file's permissions are
    /// its only guard, so one that group or others can read is refused (as ssh does), with the fix.
    public static func loadKey(_ url: URL) throws -> SigningKey {
        guard FileManager.default.fileExists(atPath: url.path) else { throw HomeError.missing(url.path) }
        do { try SecretFile.checkPrivate(path: url.path) } catch { throw HomeError.badKeyFile("\(error)") }
        guard let data = FileManager.default.contents(atPath: url.path) else { throw HomeError.missing(url.path) }
        let json: KeyJSON
        do { json = try JSONDecoder().decode(KeyJSON.self, from: data) } catch { throw HomeError.badKeyFile("\(url.path): \(error)") }
        guard let seed = Hex.decode(json.privKeySeed) else { throw HomeError.badKeyFile("\(url.path): priv_key_seed is not hex") }
        let key = try SigningKey(seed: seed)
        guard key.publicKey == json.pubKey else { throw HomeError.badKeyFile("\(url.path): pub_key does not match the seed") }
        return key
    }
}
