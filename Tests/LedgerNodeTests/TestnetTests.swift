import Foundation
import LedgerCore
import LedgerCrypto
import LedgerNode
import Testing

@Suite("Testnet")
struct TestnetTests {
    @Test("four validators: identical valid genesis, parsable configs, distinct ports, full peer lists, private keys")
    func fourNodes() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        var o = Testnet.Options(validators: 4, output: URL(fileURLWithPath: dir.sub("net")))
        o.chainID = "desci-testnet-x"
        o.startingPort = 30000
        let nodes = try Testnet.generate(o)
        #expect(nodes.map(\.name) == ["node0", "node1", "node2", "node3"])
        let fm = FileManager.default

        let homes = (0..<4).map { NodeHome(path: dir.sub("net/node\($0)")) }
        let genesisFiles = try homes.map { try #require(fm.contents(atPath: $0.genesisFile.path)) }
        #expect(Set(genesisFiles).count == 1, "every node has the same genesis bytes")
        let doc = try GenesisDocument.parse(genesisFiles[0])
        #expect(doc.chainID == "desci-testnet-x")
        #expect(doc.validators.map(\.power) == [10, 10, 10, 10])
        #expect(doc.accounts.filter { $0.balance == 1_000_000_000_000 }.count == 4)

        var ports: [Int] = []
        var ids: [String] = []
        for (i, home) in homes.enumerated() {
            let validator = try NodeHome.loadKey(home.validatorKeyFile)
            #expect(doc.validators[i].publicKey == validator.publicKey)
            let nodeKey = try NodeHome.loadKey(home.nodeKeyFile)
            let id = Hex.encode(Array(SHA256.hash(nodeKey.publicKey.bytes).bytes.prefix(20)))
            #expect(id == nodes[i].nodeID)
            ids.append(id)
            for file in [home.nodeKeyFile, home.validatorKeyFile] {
                let attrs = try fm.attributesOfItem(atPath: file.path)
                #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            }
            let config = try NodeConfig.load(path: home.configFile.path)
            #expect(config.moniker == "node\(i)")
            #expect(config.rpc.host == "127.0.0.1" && config.p2p.host == "127.0.0.1")
            #expect(config.p2p.port == 30000 + 2 * i && config.rpc.port == 30000 + 2 * i + 1)
            ports += [config.rpc.port, config.p2p.port]
        }
        #expect(Set(ports).count == 8, "every RPC and P2P port differs")
        for (i, home) in homes.enumerated() {
            let config = try NodeConfig.load(path: home.configFile.path)
            let expected = (0..<4).filter { $0 != i }.map { "\(ids[$0])@127.0.0.1:\(30000 + 2 * $0)" }
            #expect(config.p2p.persistentPeers == expected)
        }
    }

    @Test("--hosts: node i listens on and is dialled at the i-th host (container names); a wrong count is refused")
    func perNodeHosts() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        var o = Testnet.Options(validators: 3, output: URL(fileURLWithPath: dir.sub("net")))
        o.hosts = ["validator-0", "validator-1", "validator-2"]
        let nodes = try Testnet.generate(o)
        #expect(nodes.map(\.host) == o.hosts)
        for i in 0..<3 {
            let config = try NodeConfig.load(path: NodeHome(path: dir.sub("net/node\(i)")).configFile.path)
            #expect(config.p2p.host == "validator-\(i)" && config.rpc.host == "validator-\(i)")
            let expected = (0..<3).filter { $0 != i }.map { "\(nodes[$0].nodeID)@validator-\($0):\(26656 + 2 * $0)" }
            #expect(config.p2p.persistentPeers == expected)
        }
        var bad = Testnet.Options(validators: 3, output: URL(fileURLWithPath: dir.sub("bad")))
        bad.hosts = ["a", "b"]
        #expect(throws: Testnet.TestnetError.self) { try Testnet.generate(bad) }
        bad.hosts = ["a", "b", "c d"]
        #expect(throws: Testnet.TestnetError.self) { try Testnet.generate(bad) }
        #expect(!FileManager.default.fileExists(atPath: dir.sub("bad")), "a refused option writes nothing")
    }

    @Test("a non-empty output folder is refused without --force, replaced with it")
    func refusesNonEmpty() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let out = URL(fileURLWithPath: dir.sub("net"))
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: out.appendingPathComponent("keep.txt"))
        var o = Testnet.Options(validators: 2, output: out)
        #expect(throws: Testnet.TestnetError.outputNotEmpty(out.path)) { try Testnet.generate(o) }
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("node0").path))
        o.force = true
        try Testnet.generate(o)
        let first = FileManager.default.contents(atPath: out.appendingPathComponent("node0/config/genesis.json").path)
        try Testnet.generate(o)  // again over its own output
        #expect(FileManager.default.contents(atPath: out.appendingPathComponent("node0/config/genesis.json").path) != first,
                "fresh random keys give a new genesis")
    }

    @Test("insecure seeds make the network reproducible")
    func seeded() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        var a = Testnet.Options(validators: 3, output: URL(fileURLWithPath: dir.sub("a")))
        a.insecureSeedPrefix = "t"
        var b = a
        b.output = URL(fileURLWithPath: dir.sub("b"))
        let na = try Testnet.generate(a), nb = try Testnet.generate(b)
        #expect(na.map(\.nodeID) == nb.map(\.nodeID))
        #expect(FileManager.default.contents(atPath: dir.sub("a/node1/config/genesis.json"))
                == FileManager.default.contents(atPath: dir.sub("b/node1/config/genesis.json")))
        #expect(try NodeHome.loadKey(URL(fileURLWithPath: dir.sub("a/node2/config/validator_key.json"))).publicKey
                == (try SigningKey(seed: SHA256.hash(Array("t/validator-2".utf8)).bytes)).publicKey)
    }

    @Test("bad options are refused")
    func badOptions() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        var o = Testnet.Options(validators: 0, output: URL(fileURLWithPath: dir.sub("n")))
        #expect(throws: Testnet.TestnetError.self) { try Testnet.generate(o) }
        o.validators = 2
        o.startingPort = 65535
        #expect(throws: Testnet.TestnetError.self) { try Testnet.generate(o) }
    }

    @Test("Genesis/testnet-4 is exactly what the command regenerates from its insecure seeds, and its README cites its node ids")
    func committedExample() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        var o = Testnet.Options(validators: 4, output: URL(fileURLWithPath: dir.sub("t4")))
        o.chainID = "desci-testnet-4"
        o.insecureSeedPrefix = "desci-testnet-4"
        let nodes = try Testnet.generate(o)
        let committed = repositoryRoot.appendingPathComponent("Genesis/testnet-4")
        let readme = try String(contentsOf: committed.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("INSECURE"))
        for n in nodes {
            #expect(readme.contains("`\(n.nodeID)`"), "README names \(n.name)'s node id")
            for file in ["config.toml", "genesis.json", "node_key.json", "validator_key.json"] {
                let fresh = FileManager.default.contents(atPath: dir.sub("t4/\(n.name)/config/\(file)"))
                let kept = FileManager.default.contents(atPath: committed.appendingPathComponent("\(n.name)/config/\(file)").path)
                #expect(fresh != nil && fresh == kept, "\(n.name)/config/\(file) differs from the committed example")
            }
        }
        let doc = try GenesisDocument.parse(try #require(FileManager.default.contents(atPath: dir.sub("t4/node0/config/genesis.json"))))
        #expect(readme.contains("genesis hash `\(doc.hash.hex)`"))
    }
}
