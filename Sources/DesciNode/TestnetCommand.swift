import ArgumentParser
import Foundation
import LedgerNode

/// `desci-node testnet`: writes the homes of an N-validator local network (`Testnet.generate`).
struct TestnetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "testnet",
        abstract: "Write the home folders of an N-validator local test network (like `cometbft testnet`).",
        discussion: """
            Writes DIR/node0 … DIR/node{N-1}, each with the same genesis, its own validator and node keys (0600) and a \
            config.toml whose RPC (P+2i+1) and P2P (P+2i) ports differ and whose persistent_peers list every other node, \
            and a signer state that lets each validator sign from height 1 (a brand-new network). Start every node with \
            `desci-node start --home DIR/nodeI`: they connect and agree on blocks by BFT consensus.
            """)

    @Option(help: "Number of validators (and nodes).") var validators: Int = 4
    @Option(help: "Output folder; refused if it exists and is not empty, unless --force.") var output: String
    @Option(help: "Chain id of the genesis.") var chainId: String = "desci-testnet"
    @Option(help: "First port: node i uses P+2i for P2P and P+2i+1 for RPC.") var startingPort: Int = 26656
    @Option(help: "Host the nodes listen on and reach each other at.") var host: String = "127.0.0.1"
    @Option(help: ArgumentHelp("One host per node, comma-separated, overriding --host: node i listens on and is dialled at the i-th (e.g. container names).", valueName: "h0,h1,…"))
    var hosts: String?
    @Flag(help: "Replace the node folders in a non-empty output folder.") var force = false
    @Option(help: """
        INSECURE: derive every key from the PUBLIC seed SHA-256("<prefix>/validator-i" or "<prefix>/node-i"), \
        so the network is reproducible. Anyone can recompute these keys; for local testing only.
        """) var insecureSeedPrefix: String?

    func run() async throws {
        var o = Testnet.Options(validators: validators, output: URL(fileURLWithPath: (output as NSString).expandingTildeInPath))
        o.chainID = chainId
        o.startingPort = startingPort
        o.host = host
        o.hosts = hosts.map { $0.split(separator: ",", omittingEmptySubsequences: false).map { String($0) } }
        o.force = force
        o.insecureSeedPrefix = insecureSeedPrefix
        let nodes: [Testnet.Node]
        do { nodes = try Testnet.generate(o) } catch { throw ValidationError("\(error)") }
        print("wrote \(nodes.count) node home(s) for chain \(chainId) in \(o.output.path)")
        if insecureSeedPrefix != nil { print("keys: INSECURE, derived from public seeds; for local testing only") }
        for n in nodes {
            print("  \(n.name)  p2p \(n.host):\(n.p2pPort)  rpc http://\(n.host):\(n.rpcPort)  node id \(n.nodeID)")
        }
        print("start each with: desci-node start --home \(o.output.path)/nodeI")
    }
}
