import Foundation
import LedgerCore
import LedgerCrypto
import LedgerNode
import Testing

@Suite("NodeHome")
struct HomeTests {
    @Test("initialise lays out the home, writes private key files and the default config")
    func initialise() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let home = NodeHome(path: dir.sub("home"))
        #expect(!home.isInitialised)
        let genesisData = try JSONEncoder().encode(testGenesis())
        try home.initialise(genesisData: genesisData, validatorSeed: [UInt8](repeating: validatorSeedByte, count: 32))
        #expect(home.isInitialised)

        let fm = FileManager.default
        #expect(fm.contents(atPath: home.genesisFile.path) == genesisData)
        #expect(try GenesisDocument.parse(try #require(fm.contents(atPath: home.genesisFile.path))) == testGenesis())
        let toml = try #require(fm.contents(atPath: home.configFile.path))
        #expect(String(decoding: toml, as: UTF8.self) == NodeConfig.defaultTOML)
        #expect(fm.fileExists(atPath: home.dataDir.path))

        for file in [home.nodeKeyFile, home.validatorKeyFile] {
            let attrs = try fm.attributesOfItem(atPath: file.path)
            #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(file.lastPathComponent) must be 0600")
        }
        let configAttrs = try fm.attributesOfItem(atPath: home.configDir.path)
        #expect((configAttrs[.posixPermissions] as? NSNumber)?.intValue == 0o700)

        let validator = try NodeHome.loadKey(home.validatorKeyFile)
        #expect(validator.publicKey == key(validatorSeedByte).publicKey)
        let nodeKey = try NodeHome.loadKey(home.nodeKeyFile)
        #expect(nodeKey.publicKey != validator.publicKey, "the node key is fresh, not the validator key")

        // The key file is JSON with the address, public key and seed.
        let json = try JSONSerialization.jsonObject(with: try #require(fm.contents(atPath: home.validatorKeyFile.path))) as? [String: Any]
        #expect(json?["address"] as? String == addr(validatorSeedByte).bech32)
        #expect(json?["pub_key"] as? String == key(validatorSeedByte).publicKey.hex)
    }

    @Test("without a seed the validator key is fresh")
    func freshValidatorKey() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let a = NodeHome(path: dir.sub("a")), b = NodeHome(path: dir.sub("b"))
        try a.initialise(genesisData: Data("{}".utf8))
        try b.initialise(genesisData: Data("{}".utf8))
        #expect(try NodeHome.loadKey(a.validatorKeyFile).publicKey != NodeHome.loadKey(b.validatorKeyFile).publicKey)
    }

    @Test("initialising twice is refused and leaves the keys alone")
    func twice() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let home = NodeHome(path: dir.path)
        try home.initialise(genesisData: Data("{}".utf8))
        let before = try NodeHome.loadKey(home.validatorKeyFile).publicKey
        #expect(throws: NodeHome.HomeError.self) { try home.initialise(genesisData: Data("{\"x\":1}".utf8)) }
        #expect(try NodeHome.loadKey(home.validatorKeyFile).publicKey == before)
        #expect(FileManager.default.contents(atPath: home.genesisFile.path) == Data("{}".utf8))
    }

    @Test("loadKey refuses missing, malformed, non-hex and mismatched key files")
    func badKeys() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        func write(_ s: String) throws -> URL {
            let url = dir.url.appendingPathComponent(UUID().uuidString + ".json")
            try SecretFile.create(path: url.path, bytes: Array(s.utf8))
            return url
        }
        let missing = #expect(throws: NodeHome.HomeError.self) { try NodeHome.loadKey(dir.url.appendingPathComponent("none.json")) }
        guard case .missing = missing else { Issue.record("expected missing"); return }

        let k = key(5), other = key(6)
        let seedHex = Hex.encode(k.exportSeed())
        let good = try write(#"{"address":"\#(addr(5).bech32)","pub_key":"\#(k.publicKey.hex)","priv_key_seed":"\#(seedHex)"}"#)
        #expect(try NodeHome.loadKey(good).publicKey == k.publicKey)

        for bad in [
            "not json",
            #"{"address":"\#(addr(5).bech32)","pub_key":"\#(k.publicKey.hex)","priv_key_seed":"zz"}"#,
            #"{"address":"\#(addr(5).bech32)","pub_key":"\#(other.publicKey.hex)","priv_key_seed":"\#(seedHex)"}"#,
            #"{"address":"\#(addr(5).bech32)","pub_key":"\#(k.publicKey.hex)"}"#,
        ] {
            let e = #expect(throws: NodeHome.HomeError.self) { try NodeHome.loadKey(try write(bad)) }
            guard case .badKeyFile = e else { Issue.record("expected badKeyFile for \(bad), got \(String(describing: e))"); continue }
        }
    }

    @Test("key files are created 0600, never over an existing file; loadKey refuses group/other access and says how to fix it")
    func keyFilePermissions() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let home = NodeHome(path: dir.sub("home"))
        try home.initialise(genesisData: Data("{}".utf8))
        for file in [home.validatorKeyFile, home.nodeKeyFile] {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber).uint16Value
            #expect(mode & 0o777 == 0o600, "\(file.lastPathComponent) has mode \(String(mode, radix: 8))")
        }
        let existing = dir.sub("exists.json")
        try SecretFile.create(path: existing, bytes: [1])
        #expect(throws: SecretFile.Failure.exists(path: existing)) { try SecretFile.create(path: existing, bytes: [2]) }
        #expect(FileManager.default.contents(atPath: existing) == Data([1]))

        for mode in [0o644, 0o640, 0o604, 0o660] as [Int] {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: home.validatorKeyFile.path)
            let e = #expect(throws: NodeHome.HomeError.self) { try NodeHome.loadKey(home.validatorKeyFile) }
            let text = e.map { "\($0)" } ?? ""
            #expect(text.contains("chmod 600 \(home.validatorKeyFile.path)"), "\(text)")
            #expect(text.contains("too open"))
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: home.validatorKeyFile.path)
        #expect(throws: Never.self) { try NodeHome.loadKey(home.validatorKeyFile) }
    }
}
