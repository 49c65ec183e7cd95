import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
import WalletKit

/// A BFT network of real `desci-node` processes on loopback (the fault tests, Docs/CONSENSUS.md):
/// `desci-node testnet` homes in a temp folder, with fast consensus timeouts and a 200 ms block
/// interval; optionally one validator reached only through `scripts/tcp-relay.py`, so that it can
/// be cut off and healed; a full node can be added later.
final class Cluster: @unchecked Sendable {
    struct Member {
        var name: String
        var home: URL
        var rpcPort: Int
        var p2pPort: Int
        var nodeID: String
        var process: Process?
        var logIndex = 0
    }

    let root: URL
    private(set) var members: [Member] = []
    let validators: Int
    private let basePort: Int
    private var relay: Process?
    let genesisFile: URL

    /// `relayed`: the validator whose every connection goes through the relay.
    init(validators: Int = 4, relayed: Int? = nil) throws {
        self.validators = validators
        root = FileManager.default.temporaryDirectory.appendingPathComponent("desci-cluster-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        // Below Linux's ephemeral range (32768–60999), so no outgoing connection holds one of our ports.
        basePort = 10_000 + Int.random(in: 0..<1_000) * 22
        let net = root.appendingPathComponent("net")
        let r = try runTool("desci-node", ["testnet", "--validators", "\(validators)", "--output", net.path, "--chain-id", "fault-test",
                                           "--starting-port", "\(basePort)", "--insecure-seed-prefix", "fault-test-\(UUID().uuidString)"])
        guard r.status == 0 else { throw HarnessError("testnet failed: \(r.stderr)") }
        // One genesis with a short block interval, the same file in every home.
        let firstGenesis = net.appendingPathComponent("node0/config/genesis.json")
        var doc = try JSONSerialization.jsonObject(with: Data(contentsOf: firstGenesis)) as! [String: Any]
        var params = doc["consensus_params"] as! [String: Any]
        params["block_interval_ms"] = 200
        doc["consensus_params"] = params
        let genesis = try JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys])
        genesisFile = root.appendingPathComponent("genesis.json")
        try genesis.write(to: genesisFile)
        for i in 0..<validators {
            let home = net.appendingPathComponent("node\(i)")
            try genesis.write(to: home.appendingPathComponent("config/genesis.json"))
            let key = try JSONSerialization.jsonObject(with: Data(contentsOf: home.appendingPathComponent("config/node_key.json"))) as! [String: Any]
            let pub = try PublicKey(hex: key["pub_key"] as! String)
            let id = Hex.encode(Array(SHA256.hash(pub.bytes).bytes.prefix(20)))
            members.append(Member(name: "node\(i)", home: home, rpcPort: basePort + 2 * i + 1, p2pPort: basePort + 2 * i, nodeID: id))
        }
        for m in members { try fastTimeouts(m.home) }
        if let relayed { try setUpRelay(for: relayed) }
    }

    deinit {
        for m in members where m.process?.isRunning == true { kill(m.process!.processIdentifier, SIGKILL) }
        if let relay, relay.isRunning { kill(relay.processIdentifier, SIGKILL) }
        if ProcessInfo.processInfo.environment["KEEP_CLUSTER"] == nil { try? FileManager.default.removeItem(at: root) }
    }

    private func editConfig(_ home: URL, _ edit: (inout String) -> Void) throws {
        let file = home.appendingPathComponent("config/config.toml")
        var text = try String(contentsOf: file, encoding: .utf8)
        edit(&text)
        try text.write(to: file, atomically: true, encoding: .utf8)
    }

    private func fastTimeouts(_ home: URL) throws {
        try editConfig(home) { t in
            for (k, v) in [("timeout_propose_ms", 1000), ("timeout_prevote_ms", 500), ("timeout_precommit_ms", 500)] {
                t = t.replacingOccurrences(of: "\(k) = \(k == "timeout_propose_ms" ? 3000 : 1000)", with: "\(k) = \(v)")
            }
            t = t.replacingOccurrences(of: "backoff_max_ms = 60000", with: "backoff_max_ms = 2000")
        }
    }

    /// Every connection to and from `v` goes through one relay port per peer.
    private func setUpRelay(for v: Int) throws {
        var specs: [String] = []
        for i in members.indices where i != v {
            let toV = basePort + 100 + 2 * i, fromV = basePort + 101 + 2 * i
            specs += ["\(toV):\(members[v].p2pPort)", "\(fromV):\(members[i].p2pPort)"]
            try editConfig(members[i].home) { $0 = $0.replacingOccurrences(of: "@127.0.0.1:\(members[v].p2pPort)\"", with: "@127.0.0.1:\(toV)\"") }
            try editConfig(members[v].home) { $0 = $0.replacingOccurrences(of: "@127.0.0.1:\(members[i].p2pPort)\"", with: "@127.0.0.1:\(fromV)\"") }
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/tcp-relay.py")
        p.arguments = ["python3", script.path] + specs
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        relay = p
        let line = out.fileHandleForReading.availableData
        guard String(decoding: line, as: UTF8.self).contains("ready") else { throw HarnessError("relay did not start") }
    }

    func partition() { if let relay { kill(relay.processIdentifier, SIGUSR1) } }
    func heal() { if let relay { kill(relay.processIdentifier, SIGUSR2) } }

    /// A full node (no validator key of the set) that dials every validator.
    @discardableResult
    func addFullNode() throws -> Int {
        let i = members.count
        let home = root.appendingPathComponent("full\(i)")
        let r = try runTool("desci-node", ["init", "--home", home.path, "--genesis", genesisFile.path])
        guard r.status == 0 else { throw HarnessError("init failed: \(r.stderr)") }
        let key = try JSONSerialization.jsonObject(with: Data(contentsOf: home.appendingPathComponent("config/node_key.json"))) as! [String: Any]
        let id = Hex.encode(Array(SHA256.hash(try PublicKey(hex: key["pub_key"] as! String).bytes).bytes.prefix(20)))
        let m = Member(name: "full\(i)", home: home, rpcPort: basePort + 60 + 2 * i + 1, p2pPort: basePort + 60 + 2 * i, nodeID: id)
        let peers = members.prefix(validators).map { "\"\($0.nodeID)@127.0.0.1:\($0.p2pPort)\"" }.joined(separator: ", ")
        try editConfig(home) { t in
            t = t.replacingOccurrences(of: "laddr = \"127.0.0.1:26657\"", with: "laddr = \"127.0.0.1:\(m.rpcPort)\"")
            t = t.replacingOccurrences(of: "laddr = \"0.0.0.0:26656\"", with: "laddr = \"127.0.0.1:\(m.p2pPort)\"")
            t = t.replacingOccurrences(of: "persistent_peers = []", with: "persistent_peers = [\(peers)]")
        }
        try fastTimeouts(home)
        members.append(m)
        return i
    }

    /// Members under SIGSTOP: their sockets accept but never answer, so nobody asks them anything.
    private var paused: Set<Int> = []

    /// A client with a short timeout: a stalled node must not stall the test.
    func client(_ i: Int) -> NodeClient {
        var c = NodeClient(base: "http://127.0.0.1:\(members[i].rpcPort)")
        c.timeout = .seconds(10)
        return c
    }

    func isRunning(_ i: Int) -> Bool { members[i].process?.isRunning == true && !paused.contains(i) }

    func start(_ i: Int, extraArgs: [String] = []) async throws {
        members[i].logIndex += 1
        let log = logFile(i)
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else { throw HarnessError("cannot create \(log.path)") }
        let p = Process()
        p.executableURL = binDir.appendingPathComponent("desci-node")
        p.arguments = ["start", "--home", members[i].home.path, "--log-level", ProcessInfo.processInfo.environment["CLUSTER_LOG_LEVEL"] ?? "info"] + extraArgs
        let handle = try FileHandle(forWritingTo: log)
        p.standardError = handle
        p.standardOutput = handle
        try p.run()
        members[i].process = p
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if (try? await client(i).get("/health", as: [String: String].self)) != nil { return }
            if !p.isRunning { throw HarnessError("\(members[i].name) exited (\(p.terminationStatus)) during start:\n\(self.log(i))") }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw HarnessError("\(members[i].name) did not answer /health within 120 s")
    }

    func startAll() async throws { for i in members.indices { try await start(i) } }

    func kill9(_ i: Int) async throws {
        guard let p = members[i].process else { return }
        kill(p.processIdentifier, SIGKILL)
        while p.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        members[i].process = nil
    }

    func pause(_ i: Int) {
        paused.insert(i)
        if let p = members[i].process { kill(p.processIdentifier, SIGSTOP) }
    }

    func resume(_ i: Int) {
        if let p = members[i].process { kill(p.processIdentifier, SIGCONT) }
        paused.remove(i)
    }

    func stopAll() async {
        for i in members.indices {
            guard let p = members[i].process, p.isRunning else { continue }
            // (Only live children are signalled: a reaped pid may be reused, pid_max is 32768 here.)
            kill(p.processIdentifier, SIGCONT)
            p.terminate()
            let deadline = Date().addingTimeInterval(20)
            while p.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
            if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        }
    }

    /// The sign-after height in a validator's signer state (`u8 version || optional last || u64`,
    /// big-endian last: Docs/CONSENSUS.md, "Double-sign guard"), or nil without one.
    func signAfterHeight(_ i: Int) -> UInt64? {
        guard let data = FileManager.default.contents(atPath: members[i].home.appendingPathComponent("data/validator_state.bin").path),
              data.count >= 9 else { return nil }
        return data.suffix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    func wipeData(_ i: Int) throws { try FileManager.default.removeItem(at: members[i].home.appendingPathComponent("data")) }

    func logFile(_ i: Int) -> URL { root.appendingPathComponent("\(members[i].name)-\(members[i].logIndex).log") }
    func log(_ i: Int) -> String { (try? String(contentsOf: logFile(i), encoding: .utf8)) ?? "" }
    /// Every log this member wrote, all incarnations.
    func allLogs(_ i: Int) -> String {
        (1...max(members[i].logIndex, 1)).map { n in
            (try? String(contentsOf: root.appendingPathComponent("\(members[i].name)-\(n).log"), encoding: .utf8)) ?? ""
        }.joined(separator: "\n")
    }

    func height(_ i: Int) async -> UInt64? {
        guard isRunning(i), let s = try? await client(i).get("/status", as: StatusDTO.self) else { return nil }
        return s.latestHeight
    }

    /// Members whose process ended without the test asking (a crash, or a signal from elsewhere).
    func unexpectedExits() -> [String] {
        members.compactMap { m in
            guard let p = m.process, !p.isRunning else { return nil }
            return "\(m.name) exited: status \(p.terminationStatus), reason \(p.terminationReason == .uncaughtSignal ? "signal" : "exit")"
        }
    }

    func heights() async -> [UInt64?] {
        var out: [UInt64?] = []
        for i in members.indices { out.append(await height(i)) }
        return out
    }

    /// Waits until every member in `nodes` has reached `target`.
    func waitHeight(_ nodes: [Int], atLeast target: UInt64, seconds: Double = 60) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            var all = true
            for i in nodes where (await height(i) ?? 0) < target { all = false }
            if all { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw HarnessError("nodes \(nodes) did not reach height \(target) within \(seconds) s (heights \(await heights())) \(unexpectedExits())")
    }

    /// The highest height among the running members.
    func maxHeight() async -> UInt64 { await heights().compactMap { $0 }.max() ?? 0 }

    /// Every pair of running members has the same block hash (hence state root) at every height both
    /// have. Returns the heights compared.
    func disagreements() async throws -> [String] {
        var hashes: [Int: [UInt64: Hash]] = [:]
        for i in members.indices where isRunning(i) {
            guard let tip = await height(i), tip > 0 else { continue }
            var from: UInt64 = 1
            while from <= tip {
                let to = min(tip, from + 99)
                let blocks: [BlockDTO] = try await client(i).get("/blocks?from=\(from)&to=\(to)")
                for b in blocks { hashes[i, default: [:]][b.header.height] = b.hash }
                from = to + 1
            }
        }
        var out: [String] = []
        let ids = hashes.keys.sorted()
        for a in ids { for b in ids where b > a {
            for (h, x) in hashes[a]! { if let y = hashes[b]![h], y != x { out.append("height \(h): \(members[a].name) \(x) vs \(members[b].name) \(y)") } }
        } }
        return out
    }

    /// Transactions reported committed that some running member does not have.
    func missing(_ committed: [Hash]) async -> [String] {
        var out: [String] = []
        for i in members.indices where isRunning(i) {
            for id in committed where (try? await client(i).get("/tx?hash=\(id.hex)", as: TransactionDTO.self)) == nil {
                out.append("\(members[i].name) lacks \(id)")
            }
        }
        return out
    }

    /// Whether any member logged an equivocation or a refused conflicting signature.
    func doubleSignReports() -> [String] {
        members.indices.flatMap { i in
            allLogs(i).split(separator: "\n").filter { $0.contains("equivocation detected") || $0.contains("SIGN_CONFLICT") }.map { "\(members[i].name): \($0)" }
        }
    }
}

/// A steady stream of transfers from the four funded testnet accounts, each sent with mode=commit to
/// the members in turn (skipping the ones that fail), recording what was reported committed.
actor TransferLoad {
    private let cluster: Cluster
    private var committed: [Hash] = []
    private var task: Task<Void, Never>?
    private(set) var failures = 0

    init(cluster: Cluster) { self.cluster = cluster }

    func start() async throws {
        let genesis: StatusDTO = try await cluster.client(0).get("/status")
        let cluster = cluster
        task = Task {
            await withTaskGroup(of: Void.self) { group in
                for (k, name) in ["alice", "bob", "carol", "dave"].enumerated() {
                    group.addTask { await self.run(account: name, index: k, genesisHash: genesis.genesisHash, chainID: genesis.chainID, cluster: cluster) }
                }
            }
        }
    }

    private func run(account: String, index k: Int, genesisHash: Hash, chainID: String, cluster: Cluster) async {
        let key = try! SigningKey(seed: SHA256.hash(Array("desci-devnet/\(account)".utf8)).bytes)
        let to = Address(publicKey: SigningKey().publicKey)
        var nonce: UInt64?
        var turn = k
        while !Task.isCancelled {
            turn += 1
            let i = turn % cluster.validators
            guard cluster.isRunning(i) else { try? await Task.sleep(for: .milliseconds(50)); continue }
            let client = cluster.client(i)
            if nonce == nil {
                guard let a = try? await client.get("/account?address=\(Address(publicKey: key.publicKey))", as: AccountDTO.self) else { continue }
                nonce = a.pendingNonce
            }
            let body = TransactionBody(chainID: chainID, sender: key.publicKey, nonce: nonce!, gasLimit: 20_000, fee: 20,
                                       actions: [.transfer(TransferAction(to: to, amount: 1))])
            guard let tx = try? Transaction.sign(body, with: key, genesisHash: genesisHash) else { return }
            let r = try? await client.post("/tx?timeout_ms=5000", body: SubmitRequest(tx: Hex.encode(tx.wire), mode: .commit), as: SubmitResultDTO.self)
            if let r, r.accepted, r.height != nil {
                record(tx.id)
                nonce! += 1
            } else {
                // Down, paused, or timed out: learn the nonce again from the next node.
                failed()
                nonce = nil
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    private func record(_ id: Hash) { committed.append(id) }
    private func failed() { failures += 1 }

    func stop() async -> [Hash] {
        task?.cancel()
        await task?.value
        return committed
    }
}
