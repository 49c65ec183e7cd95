import Foundation
import LedgerAPI
import LedgerConsensus
import LedgerRPC
import Logging
import TOMLKit

/// `HOME/config/config.toml`. Every key is optional; missing keys take the defaults shown in
/// `NodeConfig.defaultTOML` (which `desci-node init` writes, commented). Unknown keys are refused.
public struct NodeConfig: Sendable {
    public var moniker = "desci-node"
    public var rpc = RPCConfig()
    public var mempool = MempoolConfig()
    /// Produce a block every interval even when no transaction waits.
    public var createEmptyBlocks = false
    /// Timeouts of the BFT consensus engine (`[consensus] timeout_*_ms`; Docs/CONSENSUS.md, "Timeouts").
    public var consensus = ConsensusConfig.default
    public var logLevel = "info"
    public var logFormat = "text"
    /// `[log.modules]`: levels of single modules, overriding `[log] level` for their messages.
    public var logModules: [LogModule: Logger.Level] = [:]
    /// State-tree versions (heights) kept provable; older ones are pruned (0 keeps every version).
    public var stateTreeKeepVersions: UInt64 = 10_000
    /// `[p2p]`: the peer-to-peer transport (LedgerP2P, Docs/NETWORK.md), started by NodeRunner for BFT networks and when peers are set.
    public var p2p = P2PSettings()
    /// `[metrics]`: the Prometheus listener (off by default).
    public var metrics = MetricsSettings()

    public init() {}

    public static let defaultTOML = """
        # desci-node configuration. Every key is optional; the values below are the defaults.

        # A human-readable name for this node, shown in logs.
        moniker = "desci-node"

        [rpc]
        # Address the HTTP/JSON API listens on. Keep it on loopback unless a proxy guards it.
        laddr = "127.0.0.1:26657"
        # Largest request body accepted, in bytes.
        max_body_bytes = 16777216
        # Most blocks one /blocks request may return.
        max_blocks_per_request = 100
        # How long POST /tx?mode=commit waits for inclusion, in milliseconds.
        commit_timeout_ms = 30000
        # Most transactions in one POST /txs.
        max_batch = 20000
        # Most requests handled at once; more are refused at once with 503 BUSY.
        max_in_flight = 64
        # Longest timeout_ms a POST /tx?mode=commit may ask for; more is refused with BAD_PARAM.
        max_commit_wait_ms = 30000
        # Most mode=commit requests waiting for their block at once. A waiter does not hold one of
        # the max_in_flight slots while it waits; more waiters are refused with 503 BUSY.
        max_commit_waiters = 1024
        # Most mode=async transactions accepted but not yet admitted; more: 503 BUSY.
        max_async_pending = 100000
        # Most gas one POST /simulate executes (at most the transaction's own gas limit too).
        max_simulate_gas = 10000000
        # GET /events: most subscribers at once (more: 503 TOO_MANY_SUBSCRIBERS), events queued per
        # subscriber before it is dropped, heights a resume may reach back (more: 410 REPLAY_TOO_FAR),
        # and the heartbeat interval in milliseconds.
        max_event_subscribers = 100
        event_queue_size = 1024
        max_event_replay_heights = 1000
        event_heartbeat_ms = 15000

        [mempool]
        # Largest single transaction accepted, in bytes.
        max_tx_bytes = 65536
        # Most transactions held at once.
        max_txs = 50000
        # Most bytes held at once.
        max_bytes = 268435456
        # How far ahead of an account's nonce a transaction may be queued.
        max_nonce_gap = 1000
        # Most transactions one sender may have waiting.
        max_txs_per_sender = 1000
        # Most bytes one sender may have waiting.
        max_bytes_per_sender = 8388608
        # Transactions waiting more blocks than this are evicted (future nonces included).
        max_age_blocks = 600

        [consensus]
        # Produce a block every block interval even when no transaction waits.
        create_empty_blocks = false
        # BFT consensus engine timeouts, in milliseconds: a round-r timeout lasts base + r × delta.
        timeout_propose_ms = 3000
        timeout_propose_delta_ms = 500
        timeout_prevote_ms = 1000
        timeout_prevote_delta_ms = 500
        timeout_precommit_ms = 1000
        timeout_precommit_delta_ms = 500

        [storage]
        # State-tree versions (block heights) kept provable by /proof/state; older ones are pruned.
        # 0 keeps every version.
        state_tree_keep_versions = 10000

        [p2p]
        # Address the encrypted peer-to-peer transport listens on (Docs/NETWORK.md).
        laddr = "0.0.0.0:26656"
        # Peers to keep connected, redialled with backoff: "<node id>@host:port", where the node id is
        # the 40 hex characters `desci-node show-node-id` prints for that node.
        persistent_peers = []
        # Largest frame accepted from a peer, in bytes (checked before the frame is read).
        max_frame_bytes = 4194304
        # Most peers connected at once.
        max_peers = 50
        # Redial delay after the first failure, doubling per failure up to the maximum, in milliseconds.
        backoff_base_ms = 500
        backoff_max_ms = 60000
        # How long a peer that broke the protocol is refused, in milliseconds.
        ban_ms = 600000
        # Inbound bytes per second a peer may send (token bucket of inbound_burst_bytes); beyond, it is disconnected.
        inbound_bytes_per_second = 8388608
        inbound_burst_bytes = 16777216
        # Messages queued for one peer before further messages to it are dropped.
        max_outbound_queue = 1024

        [metrics]
        # Serve Prometheus GET /metrics on its own address (Docs/OPERATIONS.md, "Metrics").
        enabled = false
        address = "127.0.0.1:26660"

        [log]
        # trace, debug, info, notice, warning, error or critical.
        level = "info"
        # text or json.
        format = "text"

        [log.modules]
        # Per-module levels overriding [log] level: node, consensus, p2p, rpc, mempool, storage,
        # events, metrics. For example:
        # consensus = "debug"
        # p2p = "warning"

        """

    public enum ConfigError: Error, CustomStringConvertible {
        case unreadable(String)
        case invalid(String)

        public var description: String {
            switch self {
            case let .unreadable(s): "cannot read config: \(s)"
            case let .invalid(s): "invalid config: \(s)"
            }
        }
    }

    public static func load(path: String) throws -> NodeConfig {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError.unreadable("\(path) does not exist or is not UTF-8")
        }
        return try parse(text)
    }

    public static func parse(_ text: String) throws -> NodeConfig {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch { throw ConfigError.invalid("\(error)") }
        var c = NodeConfig()
        let allowed: [String: Set<String>] = [
            "": ["moniker", "rpc", "mempool", "consensus", "storage", "log", "p2p", "metrics"],
            "metrics": ["enabled", "address"],
            "p2p": ["laddr", "persistent_peers", "max_frame_bytes", "max_peers", "backoff_base_ms", "backoff_max_ms", "ban_ms",
                    "inbound_bytes_per_second", "inbound_burst_bytes", "max_outbound_queue"],
            "rpc": ["laddr", "max_body_bytes", "max_blocks_per_request", "commit_timeout_ms", "max_batch", "max_in_flight",
                    "max_commit_wait_ms", "max_commit_waiters", "max_async_pending", "max_simulate_gas",
                    "max_event_subscribers", "event_queue_size", "max_event_replay_heights", "event_heartbeat_ms"],
            "mempool": ["max_tx_bytes", "max_txs", "max_bytes", "max_nonce_gap", "max_txs_per_sender", "max_bytes_per_sender", "max_age_blocks"],
            "consensus": Set(["create_empty_blocks"] + consensusTimeoutKeys.map(\.key)),
            "storage": ["state_tree_keep_versions"],
            "log": ["level", "format", "modules"],
        ]
        for key in table.keys where !allowed[""]!.contains(key) { throw ConfigError.invalid("unknown key '\(key)'") }
        func section(_ name: String) throws -> TOMLTable? {
            guard let v = table[name] else { return nil }
            guard let t = v.table else { throw ConfigError.invalid("'\(name)' must be a table") }
            for key in t.keys where !allowed[name]!.contains(key) { throw ConfigError.invalid("unknown key '\(name).\(key)'") }
            return t
        }
        func int(_ t: TOMLTable, _ s: String, _ k: String, min: Int = 0) throws -> Int? {
            guard let v = t[k] else { return nil }
            guard let i = v.int, i >= min else { throw ConfigError.invalid("'\(s).\(k)' must be an integer ≥ \(min)") }
            return i
        }
        func string(_ t: TOMLTable, _ s: String, _ k: String) throws -> String? {
            guard let v = t[k] else { return nil }
            guard let str = v.string else { throw ConfigError.invalid("'\(s).\(k)' must be a string") }
            return str
        }
        if let m = try string(table, "", "moniker") { c.moniker = m }
        if let rpc = try section("rpc") {
            if let laddr = try string(rpc, "rpc", "laddr") {
                let (host, port) = try parseAddress(laddr)
                c.rpc.host = host
                c.rpc.port = port
            }
            if let v = try int(rpc, "rpc", "max_body_bytes", min: 1024) { c.rpc.maxBodyBytes = v }
            if let v = try int(rpc, "rpc", "max_blocks_per_request", min: 1) { c.rpc.maxBlocksPerRequest = UInt64(v) }
            if let v = try int(rpc, "rpc", "commit_timeout_ms", min: 1) { c.rpc.commitTimeoutMillis = UInt64(v) }
            if let v = try int(rpc, "rpc", "max_batch", min: 1) { c.rpc.maxBatch = v }
            if let v = try int(rpc, "rpc", "max_in_flight", min: 1) { c.rpc.maxInFlight = v }
            if let v = try int(rpc, "rpc", "max_commit_wait_ms", min: 1) { c.rpc.maxCommitWaitMillis = UInt64(v) }
            if let v = try int(rpc, "rpc", "max_commit_waiters", min: 1) { c.rpc.maxCommitWaiters = v }
            if let v = try int(rpc, "rpc", "max_async_pending", min: 1) { c.rpc.maxAsyncPending = v }
            if let v = try int(rpc, "rpc", "max_simulate_gas", min: 1) { c.rpc.maxSimulateGas = UInt64(v) }
            if let v = try int(rpc, "rpc", "max_event_subscribers", min: 1) { c.rpc.maxEventSubscribers = v }
            if let v = try int(rpc, "rpc", "event_queue_size", min: 1) { c.rpc.eventQueueSize = v }
            if let v = try int(rpc, "rpc", "max_event_replay_heights", min: 1) { c.rpc.maxEventReplayHeights = UInt64(v) }
            if let v = try int(rpc, "rpc", "event_heartbeat_ms", min: 100) { c.rpc.eventHeartbeatMillis = UInt64(v) }
        }
        if let mp = try section("mempool") {
            if let v = try int(mp, "mempool", "max_tx_bytes", min: 128) { c.mempool.maxTransactionBytes = v }
            if let v = try int(mp, "mempool", "max_txs", min: 1) { c.mempool.maxTransactions = v }
            if let v = try int(mp, "mempool", "max_bytes", min: 1024) { c.mempool.maxTotalBytes = v }
            if let v = try int(mp, "mempool", "max_nonce_gap", min: 0) { c.mempool.maxNonceGap = UInt64(v) }
            if let v = try int(mp, "mempool", "max_txs_per_sender", min: 1) { c.mempool.maxTransactionsPerSender = v }
            if let v = try int(mp, "mempool", "max_bytes_per_sender", min: 1024) { c.mempool.maxBytesPerSender = v }
            if let v = try int(mp, "mempool", "max_age_blocks", min: 1) { c.mempool.maxAgeBlocks = UInt64(v) }
        }
        if let cs = try section("consensus") {
            if let v = cs["create_empty_blocks"] {
                guard let b = v.bool else { throw ConfigError.invalid("'consensus.create_empty_blocks' must be true or false") }
                c.createEmptyBlocks = b
            }
            for (k, path) in consensusTimeoutKeys {
                // Bases at least 1 ms (a zero timeout would spin); deltas may be 0.
                if let v = try int(cs, "consensus", k, min: k.hasSuffix("delta_ms") ? 0 : 1) { c.consensus[keyPath: path] = UInt64(v) }
            }
        }
        if let st = try section("storage"), let v = try int(st, "storage", "state_tree_keep_versions", min: 0) {
            c.stateTreeKeepVersions = UInt64(v)
        }
        if let p = try section("p2p") {
            if let laddr = try string(p, "p2p", "laddr") {
                let (host, port) = try parseAddress(laddr)
                c.p2p.host = host
                c.p2p.port = port
            }
            if let v = p["persistent_peers"] {
                guard let arr = v.array else { throw ConfigError.invalid("'p2p.persistent_peers' must be an array of strings") }
                c.p2p.persistentPeers = try arr.map { item in
                    guard let s = item.string else { throw ConfigError.invalid("'p2p.persistent_peers' must be an array of strings") }
                    try P2PSettings.checkPeer(s)
                    return s
                }
            }
            if let v = try int(p, "p2p", "max_frame_bytes", min: 1024) { c.p2p.maxFrameBytes = v }
            if let v = try int(p, "p2p", "max_peers", min: 1) { c.p2p.maxPeers = v }
            if let v = try int(p, "p2p", "backoff_base_ms", min: 1) { c.p2p.backoffBaseMillis = UInt64(v) }
            if let v = try int(p, "p2p", "backoff_max_ms", min: 1) { c.p2p.backoffMaxMillis = UInt64(v) }
            if let v = try int(p, "p2p", "ban_ms", min: 0) { c.p2p.banMillis = UInt64(v) }
            if let v = try int(p, "p2p", "inbound_bytes_per_second", min: 1024) { c.p2p.inboundBytesPerSecond = UInt64(v) }
            if let v = try int(p, "p2p", "inbound_burst_bytes", min: 1024) { c.p2p.inboundBurstBytes = UInt64(v) }
            if let v = try int(p, "p2p", "max_outbound_queue", min: 1) { c.p2p.maxOutboundQueue = v }
            guard c.p2p.backoffBaseMillis <= c.p2p.backoffMaxMillis else {
                throw ConfigError.invalid("'p2p.backoff_base_ms' must not exceed 'p2p.backoff_max_ms'")
            }
        }
        if let m = try section("metrics") {
            if let v = m["enabled"] {
                guard let b = v.bool else { throw ConfigError.invalid("'metrics.enabled' must be true or false") }
                c.metrics.enabled = b
            }
            if let address = try string(m, "metrics", "address") {
                let (host, port) = try parseAddress(address)
                c.metrics.host = host
                c.metrics.port = port
            }
        }
        if let log = try section("log") {
            if let l = try string(log, "log", "level") {
                guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(l) else {
                    throw ConfigError.invalid("'log.level' must be trace, debug, info, notice, warning, error or critical")
                }
                c.logLevel = l
            }
            if let v = log["modules"] {
                guard let modules = v.table else { throw ConfigError.invalid("'log.modules' must be a table of module = \"level\"") }
                for name in modules.keys {
                    guard let m = LogModule(rawValue: name) else {
                        throw ConfigError.invalid("unknown log module 'log.modules.\(name)'; known: \(LogModule.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    guard let text = modules[name]?.string, let level = Logger.Level(rawValue: text) else {
                        throw ConfigError.invalid("'log.modules.\(name)' must be trace, debug, info, notice, warning, error or critical")
                    }
                    c.logModules[m] = level
                }
            }
            if let f = try string(log, "log", "format") {
                guard f == "text" || f == "json" else { throw ConfigError.invalid("'log.format' must be text or json") }
                c.logFormat = f
            }
        }
        return c
    }

    /// `[consensus]` timeout keys and the `ConsensusConfig` field each sets.
    static var consensusTimeoutKeys: [(key: String, path: WritableKeyPath<ConsensusConfig, UInt64>)] { [
        ("timeout_propose_ms", \.proposeBaseMillis), ("timeout_propose_delta_ms", \.proposeDeltaMillis),
        ("timeout_prevote_ms", \.prevoteBaseMillis), ("timeout_prevote_delta_ms", \.prevoteDeltaMillis),
        ("timeout_precommit_ms", \.precommitBaseMillis), ("timeout_precommit_delta_ms", \.precommitDeltaMillis),
    ] }

    /// Parses `host:port` (also `tcp://host:port`).
    public static func parseAddress(_ text: String) throws -> (String, Int) {
        var t = text
        if t.hasPrefix("tcp://") { t.removeFirst(6) }
        guard let colon = t.lastIndex(of: ":"), let port = Int(t[t.index(after: colon)...]), (0...65535).contains(port) else {
            throw ConfigError.invalid("address '\(text)' must be host:port")
        }
        let host = String(t[..<colon])
        guard !host.isEmpty else { throw ConfigError.invalid("address '\(text)' has no host") }
        return (host, port)
    }
}
