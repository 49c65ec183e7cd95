import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
import LedgerRPC
import LedgerStorageRocksDB
import Logging
import ServiceLifecycle

/// Opens a home folder and runs the node until SIGINT/SIGTERM: RocksDB, mempool, the network (BFT
/// consensus, block sync, gossip) or the single-validator producer, and the RPC server as one service group; the database is closed after every service has stopped.
public enum NodeRunner {
    public struct Options: Sendable {
        public var home: NodeHome
        public var rpcAddress: String?
        public var logger: Logger
        /// Called with the bound RPC port once the server listens.
        public var onListening: @Sendable (Int) async -> Void
        /// Also recompute the state root from every state entry at startup (`--check-state`).
        public var checkState = false
        /// `--unsafe-sign-after-height`: with no signer state on disk (a wiped data folder), sign above
        /// this height instead of waiting to see the chain commit one (Docs/CONSENSUS.md, "Double-sign guard").
        public var unsafeSignAfterHeight: UInt64?

        public init(home: NodeHome, rpcAddress: String? = nil, logger: Logger, checkState: Bool = false, unsafeSignAfterHeight: UInt64? = nil,
                    onListening: @escaping @Sendable (Int) async -> Void = { _ in }) {
            self.checkState = checkState
            self.unsafeSignAfterHeight = unsafeSignAfterHeight
            self.home = home
            self.rpcAddress = rpcAddress
            self.logger = logger
            self.onListening = onListening
        }
    }

    public static func loadConfig(_ home: NodeHome) throws -> NodeConfig {
        guard home.isInitialised else { throw NodeHome.HomeError.missing(home.genesisFile.path) }
        return FileManager.default.fileExists(atPath: home.configFile.path) ? try NodeConfig.load(path: home.configFile.path) : NodeConfig()
    }

    public static func run(_ options: Options) async throws {
        let logger = options.logger
        let home = options.home
        var config = try loadConfig(home)
        if let addr = options.rpcAddress {
            let (host, port) = try NodeConfig.parseAddress(addr)
            config.rpc.host = host
            config.rpc.port = port
        }
        let (genesis, genesisData) = try GenesisDocument.load(path: home.genesisFile.path)
        let validatorSeed: [UInt8]? = try {
            guard FileManager.default.fileExists(atPath: home.validatorKeyFile.path) else { return nil }
            let key = try NodeHome.loadKey(home.validatorKeyFile)
            guard genesis.validators.contains(where: { $0.publicKey == key.publicKey }) else { return nil }
            return key.exportSeed()
        }()
        let validator = try validatorSeed.map { ValidatorSigner(try SigningKey(seed: $0)) }
        // Several validators agree by BFT consensus over P2P; a single-validator network makes its
        // blocks with the producer and starts P2P only when peers are configured (full nodes).
        let bft = genesis.validators.count > 1
        let runsNetwork = bft || !config.p2p.persistentPeers.isEmpty

        try FileManager.default.createDirectory(at: home.dataDir, withIntermediateDirectories: true)
        let store = try RocksDBStore(path: home.databaseDir.path)
        defer { store.close() }
        let chain = try ChainStore(kv: store, stateTreeKeepVersions: config.stateTreeKeepVersions)
        let node = try NodeCore(genesis: genesis, genesisData: Array(genesisData), chain: chain, mempoolConfig: config.mempool,
                                validator: validator, logger: logger, rpc: config.rpc)
        try node.verifyStoredState(fullRecompute: options.checkState)
        let tip = try chain.tip
        logger.info("chain opened", metadata: [
            "chain_id": "\(genesis.chainID)", "height": "\(tip.height)", "state_root": "\(tip.stateRoot.hex.prefix(16))",
            "validator": "\(validator?.address.bech32 ?? "none (not in genesis)")", "data": "\(home.databaseDir.path)",
        ])

        var services: [any Service] = []
        if runsNetwork {
            let nodeKey = try NodeHome.loadKey(home.nodeKeyFile)
            let settings = NodeNetwork.Settings(
                consensus: config.consensus, commitWaitMillis: genesis.consensusParams.blockIntervalMillis, runsConsensus: bft,
                validatorSeed: validatorSeed, signerStatePath: home.signerStateFile.path, walPath: home.consensusWALFile.path,
                unsafeSignAfterHeight: options.unsafeSignAfterHeight, maxSyncResponseBytes: config.p2p.maxFrameBytes / 2)
            services.append(try NetworkService(node: node, p2p: config.p2p, nodeKeySeed: nodeKey.exportSeed(), settings: settings, logger: logger.module(.p2p)))
            if bft, validator == nil {
                logger.info("this node holds no validator key of the genesis set: it follows the chain as a full node")
            }
        }
        if !bft {
            if validator != nil {
                services.append(SingleValidatorProducer(node: node, intervalMillis: genesis.consensusParams.blockIntervalMillis,
                                                        createEmptyBlocks: config.createEmptyBlocks, logger: logger.module(.consensus)))
            } else {
                logger.warning("this node holds no validator key of the genesis set; it serves queries but makes no blocks")
            }
        }
        let rpcConfig = config.rpc
        let onListening = options.onListening
        services.append(RPCServer.application(api: node, config: rpcConfig, logger: logger.module(.rpc), onListening: { port in
            logger.info("RPC listening", metadata: ["address": "http://\(rpcConfig.host):\(port)"])
            await onListening(port)
        }))
        if config.metrics.enabled {
            services.append(MetricsService(node: node, databaseDir: home.databaseDir, settings: config.metrics, logger: logger.module(.metrics)))
        }
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) },
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.info("node stopped; database closed cleanly")
    }
}
