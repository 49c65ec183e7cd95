import Foundation
import LedgerConsensus
import LedgerCore
import LedgerCrypto

/// `desci-node testnet`: the files of an N-validator local network, laid out as `cometbft testnet`
/// lays them out — one home per node (`DIR/node0` … `DIR/node{N-1}`), the same genesis in each, and
/// config.toml files whose RPC and P2P ports differ and whose `persistent_peers` name every other node.
/// Everything but the file writes is a pure function of the options (keys come from the options'
/// seeds when given, else from the system's randomness).
public enum Testnet {
    public struct Options: Sendable {
        public var validators: Int
        public var output: URL
        public var chainID: String = "desci-testnet"
        /// Node i listens for P2P on `startingPort + 2i` and for RPC on `startingPort + 2i + 1`.
        public var startingPort: Int = 26656
        public var host: String = "127.0.0.1"
        /// One host per node, overriding `host`: node i listens on and is dialled at `hosts[i]`
        /// (containers with their own names, as in docker-compose.yml).
        public var hosts: [String]?
        /// Replace the node folders of an existing non-empty output folder.
        public var force: Bool = false
        /// When set, keys come from the PUBLIC seeds SHA-256("<prefix>/validator-i") and
        /// SHA-256("<prefix>/node-i"): reproducible and INSECURE, for examples and local tests only.
        public var insecureSeedPrefix: String?
        /// Fixed so the same keys give the same genesis (and genesis hash).
        public var genesisTime: String = "2026-01-01T00:00:00Z"

        public init(validators: Int, output: URL) {
            self.validators = validators
            self.output = output
        }
    }

    public enum TestnetError: Error, CustomStringConvertible, Equatable {
        case badOption(String)
        case outputNotEmpty(String)

        public var description: String {
            switch self {
            case let .badOption(why): "testnet: \(why)"
            case let .outputNotEmpty(p): "testnet: \(p) exists and is not empty (use --force to replace its node folders)"
            }
        }
    }

    /// One node of the generated network.
    public struct Node: Sendable, Equatable {
        public var name: String
        public var home: String
        public var validatorPublicKey: PublicKey
        public var nodeID: String
        /// Where the node listens and its peers dial it.
        public var host: String
        public var p2pPort: Int
        public var rpcPort: Int
    }

    /// The P2P node id: lowercase hex of the first 20 bytes of SHA-256(node public key).
    public static func nodeID(_ key: PublicKey) -> String { Hex.encode(Array(SHA256.hash(key.bytes).bytes.prefix(20))) }

    /// The dev wallets the devnet funds (same public seeds as `desci-node dev`), so the same
    /// `desci tx` commands work against a local testnet.
    static let walletNames = ["alice", "bob", "carol", "dave"]
    static func devWallet(_ name: String) throws -> Address {
        Address(publicKey: try SigningKey(seed: SHA256.hash(Array("desci-devnet/\(name)".utf8)).bytes).publicKey)
    }

    /// The genesis: N validators of power 10, funded like Genesis/devnet.json (four dev wallets,
    /// the validators at 0, the same DAO and fees).
    public static func genesis(chainID: String, genesisTime: String, validators: [PublicKey]) throws -> GenesisDocument {
        let wallets = try walletNames.map { (name: $0, address: try devWallet($0)) }
        let vals = validators.enumerated().map { GenesisDocument.Validator(name: "validator-\($0.offset)", publicKey: $0.element, power: 10) }
        let accounts = wallets.map { GenesisDocument.GenesisAccount(name: $0.name, address: $0.address, balance: 1_000_000_000_000) }
            + vals.map { GenesisDocument.GenesisAccount(name: $0.name, address: Address(publicKey: $0.publicKey), balance: 0) }
        let doc = GenesisDocument(
            chainID: chainID, genesisTime: genesisTime,
            consensusParams: .init(maxBlockBytes: 16_777_216, maxBlockGas: 200_000_000, blockIntervalMillis: 1000),
            validators: vals, accounts: accounts, appParams: .init(minFee: 1, minGasPrice: 1),
            dao: .init(members: wallets.map(\.address), votingStrategy: "one_member_one_vote", votingPeriodBlocks: 20,
                       timelockBlocks: 5, minDeposit: 1_000_000, treasury: 1_000_000_000_000))
        try doc.validate()
        return doc
    }

    /// Writes the network and returns its nodes.
    @discardableResult
    public static func generate(_ o: Options) throws -> [Node] {
        guard (1...ProtocolLimits.maxValidators).contains(o.validators) else {
            throw TestnetError.badOption("--validators must be between 1 and \(ProtocolLimits.maxValidators)")
        }
        guard o.startingPort >= 1, o.startingPort + 2 * o.validators - 1 <= 65535 else {
            throw TestnetError.badOption("--starting-port leaves no room for \(o.validators) nodes (2 ports each) below 65536")
        }
        let hosts = o.hosts ?? Array(repeating: o.host, count: o.validators)
        guard hosts.count == o.validators else {
            throw TestnetError.badOption("--hosts names \(hosts.count) host(s) for \(o.validators) node(s); give one per node")
        }
        for h in hosts {
            guard !h.isEmpty, h.utf8.count <= 253, !h.contains(":"), !h.contains("@"), !h.contains("\""), !h.contains(","), !h.contains(" ") else {
                throw TestnetError.badOption("host '\(h)' must be a host name or IPv4 address")
            }
        }
        func key(_ role: String, _ i: Int) throws -> SigningKey {
            guard let prefix = o.insecureSeedPrefix else { return SigningKey() }
            return try SigningKey(seed: SHA256.hash(Array("\(prefix)/\(role)-\(i)".utf8)).bytes)
        }
        let validatorKeys = try (0..<o.validators).map { try key("validator", $0) }
        let nodeKeys = try (0..<o.validators).map { try key("node", $0) }
        let doc = try genesis(chainID: o.chainID, genesisTime: o.genesisTime, validators: validatorKeys.map(\.publicKey))
        let genesisData = try encode(doc)
        _ = try GenesisDocument.parse(genesisData)  // what nodes will load must pass the same checks

        let nodes = (0..<o.validators).map { i in
            Node(name: "node\(i)", home: o.output.appendingPathComponent("node\(i)").path, validatorPublicKey: validatorKeys[i].publicKey,
                 nodeID: nodeID(nodeKeys[i].publicKey), host: hosts[i], p2pPort: o.startingPort + 2 * i, rpcPort: o.startingPort + 2 * i + 1)
        }
        let fm = FileManager.default
        if let entries = try? fm.contentsOfDirectory(atPath: o.output.path), !entries.isEmpty {
            guard o.force else { throw TestnetError.outputNotEmpty(o.output.path) }
            for n in nodes where fm.fileExists(atPath: n.home) { try fm.removeItem(atPath: n.home) }
        }
        try fm.createDirectory(at: o.output, withIntermediateDirectories: true)
        for (i, n) in nodes.enumerated() {
            let peers = nodes.filter { $0.name != n.name }.map { "\($0.nodeID)@\($0.host):\($0.p2pPort)" }
            let home = NodeHome(path: n.home)
            try fm.createDirectory(at: home.configDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try Data(try config(moniker: n.name, host: n.host, rpcPort: n.rpcPort, p2pPort: n.p2pPort, peers: peers).utf8)
                .write(to: home.configFile, options: .atomic)
            try home.writeKey(nodeKeys[i], to: home.nodeKeyFile)
            try home.initialise(genesisData: genesisData, validatorSeed: validatorKeys[i].exportSeed())
            // A brand-new network: no key has signed anything, so each validator may sign from height 1.
            // A later wiped data folder has no such file and waits for a safe height (Docs/CONSENSUS.md).
            try SignerRecordFile(path: home.signerStateFile.path).save(SignerRecord(last: nil, signAfterHeight: 0))
        }
        return nodes
    }

    /// Stable JSON: sorted keys, so the same document always gives the same file.
    static func encode(_ doc: GenesisDocument) throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try enc.encode(doc) + Data("\n".utf8)
    }

    /// The default config.toml with this node's moniker, listen addresses and peers.
    static func config(moniker: String, host: String, rpcPort: Int, p2pPort: Int, peers: [String]) throws -> String {
        var text = NodeConfig.defaultTOML
        func replace(_ old: String, _ new: String) throws {
            // The default text is ours; if it changes shape, fail loudly rather than write a wrong config.
            guard let r = text.range(of: old) else { throw TestnetError.badOption("default config.toml has no '\(old)'") }
            text.replaceSubrange(r, with: new)
        }
        try replace("moniker = \"desci-node\"", "moniker = \"\(moniker)\"")
        try replace("laddr = \"127.0.0.1:26657\"", "laddr = \"\(host):\(rpcPort)\"")
        try replace("laddr = \"0.0.0.0:26656\"", "laddr = \"\(host):\(p2pPort)\"")
        try replace("persistent_peers = []", "persistent_peers = [\(peers.map { "\"\($0)\"" }.joined(separator: ", "))]")
        return text
    }
}
