import Foundation
import LedgerNode
import Testing

/// Every configurable value, by its TOML name, as text.
private func snapshot(_ c: NodeConfig) -> [String: String] {
    [
        "moniker": c.moniker,
        "rpc.host": c.rpc.host, "rpc.port": "\(c.rpc.port)",
        "rpc.max_body_bytes": "\(c.rpc.maxBodyBytes)", "rpc.max_blocks_per_request": "\(c.rpc.maxBlocksPerRequest)",
        "rpc.commit_timeout_ms": "\(c.rpc.commitTimeoutMillis)", "rpc.max_batch": "\(c.rpc.maxBatch)",
        "rpc.max_commit_wait_ms": "\(c.rpc.maxCommitWaitMillis)", "rpc.max_commit_waiters": "\(c.rpc.maxCommitWaiters)",
        "rpc.max_async_pending": "\(c.rpc.maxAsyncPending)", "rpc.max_simulate_gas": "\(c.rpc.maxSimulateGas)",
        "rpc.max_event_subscribers": "\(c.rpc.maxEventSubscribers)", "rpc.event_queue_size": "\(c.rpc.eventQueueSize)",
        "rpc.max_event_replay_heights": "\(c.rpc.maxEventReplayHeights)", "rpc.event_heartbeat_ms": "\(c.rpc.eventHeartbeatMillis)",
        "mempool.max_tx_bytes": "\(c.mempool.maxTransactionBytes)", "mempool.max_txs": "\(c.mempool.maxTransactions)",
        "mempool.max_bytes": "\(c.mempool.maxTotalBytes)", "mempool.max_nonce_gap": "\(c.mempool.maxNonceGap)",
        "mempool.max_txs_per_sender": "\(c.mempool.maxTransactionsPerSender)", "mempool.max_bytes_per_sender": "\(c.mempool.maxBytesPerSender)",
        "mempool.max_age_blocks": "\(c.mempool.maxAgeBlocks)",
        "consensus.create_empty_blocks": "\(c.createEmptyBlocks)",
        "consensus.timeout_propose_ms": "\(c.consensus.proposeBaseMillis)", "consensus.timeout_propose_delta_ms": "\(c.consensus.proposeDeltaMillis)",
        "consensus.timeout_prevote_ms": "\(c.consensus.prevoteBaseMillis)", "consensus.timeout_prevote_delta_ms": "\(c.consensus.prevoteDeltaMillis)",
        "consensus.timeout_precommit_ms": "\(c.consensus.precommitBaseMillis)",
        "consensus.timeout_precommit_delta_ms": "\(c.consensus.precommitDeltaMillis)",
        "log.level": c.logLevel, "log.format": c.logFormat,
    ]
}

private let documentedDefaults: [String: String] = [
    "moniker": "desci-node", "rpc.host": "127.0.0.1", "rpc.port": "26657", "rpc.max_body_bytes": "16777216",
    "rpc.max_blocks_per_request": "100", "rpc.commit_timeout_ms": "30000", "rpc.max_batch": "20000",
    "rpc.max_commit_wait_ms": "30000", "rpc.max_commit_waiters": "1024", "rpc.max_async_pending": "100000", "rpc.max_simulate_gas": "10000000",
    "rpc.max_event_subscribers": "100", "rpc.event_queue_size": "1024", "rpc.max_event_replay_heights": "1000", "rpc.event_heartbeat_ms": "15000",
    "mempool.max_tx_bytes": "65536", "mempool.max_txs": "50000", "mempool.max_bytes": "268435456", "mempool.max_nonce_gap": "1000",
    "mempool.max_txs_per_sender": "1000", "mempool.max_bytes_per_sender": "8388608", "mempool.max_age_blocks": "600",
    "consensus.create_empty_blocks": "false", "log.level": "info", "log.format": "text",
    "consensus.timeout_propose_ms": "3000", "consensus.timeout_propose_delta_ms": "500", "consensus.timeout_prevote_ms": "1000",
    "consensus.timeout_prevote_delta_ms": "500", "consensus.timeout_precommit_ms": "1000", "consensus.timeout_precommit_delta_ms": "500",
]

private func configError(_ toml: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
    let e = #expect(throws: NodeConfig.ConfigError.self, sourceLocation: sourceLocation) { try NodeConfig.parse(toml) }
    guard case let .invalid(why) = e else {
        Issue.record("expected .invalid, got \(String(describing: e))", sourceLocation: sourceLocation)
        return nil
    }
    return why
}

@Suite("NodeConfig")
struct NodeConfigTests {
    @Test("the default TOML parses to the defaults, and so does an empty file")
    func defaults() throws {
        #expect(snapshot(NodeConfig()) == documentedDefaults)
        #expect(snapshot(try NodeConfig.parse(NodeConfig.defaultTOML)) == documentedDefaults)
        #expect(snapshot(try NodeConfig.parse("")) == documentedDefaults)
        #expect(snapshot(try NodeConfig.parse("[rpc]\n[mempool]\n[consensus]\n[log]\n")) == documentedDefaults)
    }

    static let overrides: [(toml: String, changed: [String: String])] = [
        ("moniker = \"lab-node\"", ["moniker": "lab-node"]),
        ("[rpc]\nladdr = \"0.0.0.0:8080\"", ["rpc.host": "0.0.0.0", "rpc.port": "8080"]),
        ("[rpc]\nladdr = \"tcp://10.1.2.3:9\"", ["rpc.host": "10.1.2.3", "rpc.port": "9"]),
        ("[rpc]\nmax_body_bytes = 2048", ["rpc.max_body_bytes": "2048"]),
        ("[rpc]\nmax_blocks_per_request = 7", ["rpc.max_blocks_per_request": "7"]),
        ("[rpc]\ncommit_timeout_ms = 1234", ["rpc.commit_timeout_ms": "1234"]),
        ("[rpc]\nmax_batch = 3", ["rpc.max_batch": "3"]),
        ("[rpc]\nmax_commit_wait_ms = 500", ["rpc.max_commit_wait_ms": "500"]),
        ("[rpc]\nmax_commit_waiters = 5", ["rpc.max_commit_waiters": "5"]),
        ("[rpc]\nmax_async_pending = 6", ["rpc.max_async_pending": "6"]),
        ("[rpc]\nmax_simulate_gas = 70000", ["rpc.max_simulate_gas": "70000"]),
        ("[rpc]\nmax_event_subscribers = 3", ["rpc.max_event_subscribers": "3"]),
        ("[rpc]\nevent_queue_size = 4", ["rpc.event_queue_size": "4"]),
        ("[rpc]\nmax_event_replay_heights = 5", ["rpc.max_event_replay_heights": "5"]),
        ("[rpc]\nevent_heartbeat_ms = 250", ["rpc.event_heartbeat_ms": "250"]),
        ("[mempool]\nmax_tx_bytes = 4096", ["mempool.max_tx_bytes": "4096"]),
        ("[mempool]\nmax_txs = 12", ["mempool.max_txs": "12"]),
        ("[mempool]\nmax_bytes = 100000", ["mempool.max_bytes": "100000"]),
        ("[mempool]\nmax_nonce_gap = 0", ["mempool.max_nonce_gap": "0"]),
        ("[consensus]\ncreate_empty_blocks = true", ["consensus.create_empty_blocks": "true"]),
        ("[consensus]\ntimeout_propose_ms = 700", ["consensus.timeout_propose_ms": "700"]),
        ("[consensus]\ntimeout_propose_delta_ms = 0", ["consensus.timeout_propose_delta_ms": "0"]),
        ("[consensus]\ntimeout_prevote_ms = 20", ["consensus.timeout_prevote_ms": "20"]),
        ("[consensus]\ntimeout_prevote_delta_ms = 21", ["consensus.timeout_prevote_delta_ms": "21"]),
        ("[consensus]\ntimeout_precommit_ms = 22", ["consensus.timeout_precommit_ms": "22"]),
        ("[consensus]\ntimeout_precommit_delta_ms = 23", ["consensus.timeout_precommit_delta_ms": "23"]),
        ("[log]\nlevel = \"debug\"", ["log.level": "debug"]),
        ("[log]\nformat = \"json\"", ["log.format": "json"]),
        ("rpc.max_batch = 5\nlog.level = \"error\"", ["rpc.max_batch": "5", "log.level": "error"]),
    ]

    @Test("each key overrides its default and nothing else", arguments: 0..<overrides.count)
    func override(index: Int) throws {
        let (toml, changed) = Self.overrides[index]
        var expected = documentedDefaults
        for (k, v) in changed { expected[k] = v }
        #expect(snapshot(try NodeConfig.parse(toml)) == expected, "\(toml)")
    }

    @Test("every key at once")
    func allKeys() throws {
        let c = try NodeConfig.parse("""
            moniker = "m"
            [rpc]
            laddr = "h:1"
            max_body_bytes = 5000
            max_blocks_per_request = 2
            commit_timeout_ms = 3
            max_batch = 4
            max_commit_wait_ms = 12
            max_commit_waiters = 13
            max_async_pending = 14
            max_simulate_gas = 15
            max_event_subscribers = 21
            event_queue_size = 22
            max_event_replay_heights = 23
            event_heartbeat_ms = 240
            [mempool]
            max_tx_bytes = 200
            max_txs = 6
            max_bytes = 7000
            max_nonce_gap = 8
            max_txs_per_sender = 9
            max_bytes_per_sender = 10000
            max_age_blocks = 11
            [consensus]
            create_empty_blocks = true
            timeout_propose_ms = 12
            timeout_propose_delta_ms = 13
            timeout_prevote_ms = 14
            timeout_prevote_delta_ms = 15
            timeout_precommit_ms = 16
            timeout_precommit_delta_ms = 17
            [log]
            level = "trace"
            format = "json"
            """)
        #expect(snapshot(c) == [
            "moniker": "m", "rpc.host": "h", "rpc.port": "1", "rpc.max_body_bytes": "5000", "rpc.max_blocks_per_request": "2",
            "rpc.commit_timeout_ms": "3", "rpc.max_batch": "4", "rpc.max_commit_wait_ms": "12", "rpc.max_commit_waiters": "13",
            "rpc.max_async_pending": "14", "rpc.max_simulate_gas": "15", "mempool.max_tx_bytes": "200", "mempool.max_txs": "6",
            "rpc.max_event_subscribers": "21", "rpc.event_queue_size": "22", "rpc.max_event_replay_heights": "23", "rpc.event_heartbeat_ms": "240",
            "mempool.max_bytes": "7000", "mempool.max_nonce_gap": "8", "mempool.max_txs_per_sender": "9",
            "mempool.max_bytes_per_sender": "10000", "mempool.max_age_blocks": "11", "consensus.create_empty_blocks": "true",
            "log.level": "trace", "log.format": "json",
            "consensus.timeout_propose_ms": "12", "consensus.timeout_propose_delta_ms": "13", "consensus.timeout_prevote_ms": "14",
            "consensus.timeout_prevote_delta_ms": "15", "consensus.timeout_precommit_ms": "16", "consensus.timeout_precommit_delta_ms": "17",
        ])
    }

    @Test("unknown keys are refused with their name", arguments: [
        ("monikr = \"x\"", "monikr"),
        ("[rpc]\nlisten = \"127.0.0.1:1\"", "rpc.listen"),
        ("[mempool]\nsize = 5", "mempool.size"),
        ("[consensus]\ntimeout_commit = 5", "consensus.timeout_commit"),
        ("[log]\ncolour = true", "log.colour"),
        ("[gossip]\nladdr = \"x\"", "gossip"),
    ])
    func unknownKey(toml: String, name: String) {
        #expect(configError(toml) == "unknown key '\(name)'")
    }

    @Test("wrong types and out-of-range values are refused", arguments: [
        ("moniker = 5", "moniker"),
        ("rpc = 5", "rpc"),
        ("[rpc]\nladdr = 80", "rpc.laddr"),
        ("[rpc]\nmax_body_bytes = \"big\"", "rpc.max_body_bytes"),
        ("[rpc]\nmax_body_bytes = 1023", "rpc.max_body_bytes"),
        ("[rpc]\nmax_batch = 0", "rpc.max_batch"),
        ("[rpc]\ncommit_timeout_ms = 1.5", "rpc.commit_timeout_ms"),
        ("[rpc]\nmax_event_subscribers = 0", "rpc.max_event_subscribers"),
        ("[rpc]\nevent_heartbeat_ms = 99", "rpc.event_heartbeat_ms"),
        ("[mempool]\nmax_tx_bytes = 127", "mempool.max_tx_bytes"),
        ("[mempool]\nmax_txs = true", "mempool.max_txs"),
        ("[mempool]\nmax_nonce_gap = -1", "mempool.max_nonce_gap"),
        ("[consensus]\ncreate_empty_blocks = \"yes\"", "consensus.create_empty_blocks"),
        ("[consensus]\ntimeout_propose_ms = 0", "consensus.timeout_propose_ms"),
        ("[consensus]\ntimeout_prevote_delta_ms = -1", "consensus.timeout_prevote_delta_ms"),
        ("[log]\nlevel = 3", "log.level"),
        ("[log]\nlevel = \"loud\"", "log.level"),
        ("[log]\nformat = \"xml\"", "log.format"),
    ])
    func wrongType(toml: String, name: String) {
        let why = configError(toml)
        #expect(why?.contains(name) == true, "\(toml) -> \(why ?? "nil")")
    }

    @Test("invalid TOML syntax is refused")
    func badSyntax() {
        #expect(configError("moniker = ") != nil)
        #expect(configError("[rpc\nladdr = \"a:1\"") != nil)
    }

    @Test("an invalid address in the config is refused")
    func badLaddr() {
        #expect(configError("[rpc]\nladdr = \"nohost\"")?.contains("host:port") == true)
    }

    @Test("load reads a file; a missing file is unreadable")
    func load() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.sub("config.toml")
        try Data("[log]\nlevel = \"warning\"\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try NodeConfig.load(path: path).logLevel == "warning")
        let e = #expect(throws: NodeConfig.ConfigError.self) { try NodeConfig.load(path: dir.sub("nope.toml")) }
        guard case .unreadable = e else { Issue.record("expected unreadable"); return }
    }
}

@Suite("NodeConfig.parseAddress")
struct ParseAddressTests {
    @Test("valid addresses", arguments: [
        ("127.0.0.1:26657", "127.0.0.1", 26657),
        ("tcp://0.0.0.0:80", "0.0.0.0", 80),
        ("localhost:0", "localhost", 0),
        ("example.org:65535", "example.org", 65535),
        ("[::1]:8080", "[::1]", 8080),
    ])
    func valid(text: String, host: String, port: Int) throws {
        let (h, p) = try NodeConfig.parseAddress(text)
        #expect(h == host)
        #expect(p == port)
    }

    @Test("invalid addresses", arguments: ["", "127.0.0.1", ":80", "tcp://:80", "host:", "host:65536", "host:-1", "host:http", "tcp://host"])
    func invalid(text: String) {
        #expect(throws: NodeConfig.ConfigError.self) { try NodeConfig.parseAddress(text) }
    }
}
