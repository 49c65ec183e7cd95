import LedgerNode
import Testing

@Suite("NodeConfig [p2p]")
struct P2PConfigTests {
    @Test func defaultsMatchTheDefaultTOML() throws {
        let c = try NodeConfig.parse(NodeConfig.defaultTOML)
        #expect(c.p2p == P2PSettings())
        #expect(c.p2p.host == "0.0.0.0" && c.p2p.port == 26656 && c.p2p.maxFrameBytes == 4_194_304)
    }

    @Test func valuesAreParsed() throws {
        let id = String(repeating: "ab", count: 20)
        let c = try NodeConfig.parse("""
            [p2p]
            laddr = "127.0.0.1:27000"
            persistent_peers = ["\(id)@127.0.0.1:27001"]
            max_frame_bytes = 2048
            max_peers = 3
            ban_ms = 10
            """)
        #expect(c.p2p.host == "127.0.0.1" && c.p2p.port == 27000)
        #expect(c.p2p.persistentPeers == ["\(id)@127.0.0.1:27001"])
        #expect(c.p2p.maxFrameBytes == 2048 && c.p2p.maxPeers == 3 && c.p2p.banMillis == 10)
    }

    @Test func badValuesAndUnknownKeysAreRefused() {
        for toml in [
            "[p2p]\nseeds = []",
            "[p2p]\npersistent_peers = [\"nothex@127.0.0.1:1\"]",
            "[p2p]\npersistent_peers = [\"\(String(repeating: "AB", count: 20))@127.0.0.1:1\"]",
            "[p2p]\npersistent_peers = [\"\(String(repeating: "ab", count: 20))@127.0.0.1:0\"]",
            "[p2p]\npersistent_peers = \"x\"",
            "[p2p]\nmax_frame_bytes = 10",
            "[p2p]\nbackoff_base_ms = 5000\nbackoff_max_ms = 10",
        ] {
            #expect(throws: NodeConfig.ConfigError.self, "\(toml)") { try NodeConfig.parse(toml) }
        }
    }
}
