import ArgumentParser
import Foundation
import LedgerCore
import LedgerCrypto
import LedgerNode

/// `desci-node dev`: a one-command single-validator network with funded wallet keys.
struct Dev: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a single-validator development network (creates it on first use).",
        discussion: """
            Uses Genesis/devnet.json. The validator and the wallet keys alice, bob, carol and dave are derived \
            from PUBLIC seeds (SHA-256 of "desci-devnet/<name>"): they are INSECURE and for development only.
            """)

    @Option(help: "Node home folder.") var home: String = "~/.desci-devnet"
    @Option(help: "Genesis file.") var genesis: String = "Genesis/devnet.json"
    @Option(help: "RPC listen address host:port.") var rpcAddr: String?
    @Option(help: "Wallet home (keys go in <wallet-home>/keys); env DESCI_HOME.") var walletHome: String?
    @Flag(help: "Delete the dev chain's data and start again from genesis.") var reset = false
    @OptionGroup var log: LogOptions

    static let devPassphrase = "insecure-devnet-passphrase"
    static let walletKeys = ["alice", "bob", "carol", "dave"]

    static func devSeed(_ name: String) -> [UInt8] { SHA256.hash(Array("desci-devnet/\(name)".utf8)).bytes }

    func run() async throws {
        let h = NodeHome(path: home)
        if reset, FileManager.default.fileExists(atPath: h.root.path) {
            try FileManager.default.removeItem(at: h.root)
            print("reset: removed \(h.root.path)")
        }
        if !h.isInitialised {
            let (doc, data) = try GenesisDocument.load(path: genesis)
            let seed = Self.devSeed("validator-0")
            let key = try SigningKey(seed: seed)
            guard doc.validators.contains(where: { $0.publicKey == key.publicKey }) else {
                throw ValidationError("\(genesis) does not list the dev validator key; use Genesis/devnet.json")
            }
            try h.initialise(genesisData: data, validatorSeed: seed)
        }

        let env = ProcessInfo.processInfo.environment
        let passphrase = env["DESCI_PASSPHRASE"] ?? Self.devPassphrase
        let walletRoot = walletHome ?? env["DESCI_HOME"] ?? "~/.desci"
        let keys = KeyStore(directory: URL(fileURLWithPath: (walletRoot as NSString).expandingTildeInPath).appendingPathComponent("keys"))
        var lines: [String] = []
        for name in Self.walletKeys {
            let key = try SigningKey(seed: Self.devSeed(name))
            if let existing = try? keys.file(name) {
                guard existing.publicKey == key.publicKey else {
                    lines.append("  \(name): a different key named '\(name)' already exists in \(keys.directory.path); left alone")
                    continue
                }
            } else {
                try keys.save(name: name, key: key, passphrase: passphrase, insecureDevKey: true)
            }
            lines.append("  \(name)  \(Address(publicKey: key.publicKey).bech32)")
        }
        let config = try NodeRunner.loadConfig(h)
        let rpc = rpcAddr ?? "\(config.rpc.host):\(config.rpc.port)"
        print("""
            DeSci Ledger dev network (INSECURE dev keys: never use them for anything of value)
              node home:   \(h.root.path)
              chain:       \(try GenesisDocument.load(path: h.genesisFile.path).0.chainID)
              RPC:         http://\(rpc)
              wallet keys: \(keys.directory.path)  (passphrase: \(env["DESCI_PASSPHRASE"] == nil ? Self.devPassphrase : "from DESCI_PASSPHRASE"))
            \(lines.joined(separator: "\n"))
            Try:  export DESCI_PASSPHRASE=\(env["DESCI_PASSPHRASE"] == nil ? Self.devPassphrase : "…")
                  desci tx transfer --from alice --to \(Address(publicKey: try SigningKey(seed: Self.devSeed("bob")).publicKey).bech32) --amount 100 --wait
            """)
        fflush(nil)  // show the banner before the node starts logging
        let logger = try log.bootstrap(configLevel: config.logLevel, configFormat: config.logFormat, modules: config.logModules)
        try await NodeRunner.run(.init(home: h, rpcAddress: rpcAddr, logger: logger))
    }
}
