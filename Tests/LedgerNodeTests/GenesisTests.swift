import Foundation
import LedgerCore
import LedgerCrypto
@testable import LedgerNode
import LedgerRules
import LedgerStorage
import Testing

/// The test genesis as a mutable JSON object.
private func genesisObject(_ doc: GenesisDocument = testGenesis()) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: try JSONEncoder().encode(doc)) as! [String: Any]
}

private func data(_ object: [String: Any]) throws -> Data {
    try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
}

/// Parses `object`, expecting a GenesisError; returns it.
private func parseError(_ object: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) throws -> GenesisError? {
    let d = try data(object)
    return #expect(throws: GenesisError.self, sourceLocation: sourceLocation) { try GenesisDocument.parse(d) }
}

private func nested(_ o: [String: Any], _ key: String) -> [String: Any] { o[key] as! [String: Any] }
private func array(_ o: [String: Any], _ key: String) -> [[String: Any]] { o[key] as! [[String: Any]] }

@Suite("Genesis: the devnet file")
struct DevnetGenesisTests {
    let path = repositoryRoot.appendingPathComponent("Genesis/devnet.json").path

    @Test("devnet.json parses, validates and has the documented hashes")
    func devnet() throws {
        let (doc, raw) = try GenesisDocument.load(path: path)
        #expect(!raw.isEmpty)
        try doc.validate()
        #expect(doc.chainID == "desci-devnet-1")
        #expect(doc.genesisTimeMillis == testGenesisMillis)
        #expect(doc.validators.count == 1)
        #expect(doc.validators[0].power == 10)
        #expect(doc.accounts.count == 5)
        #expect(doc.accounts.filter { $0.balance == 1_000_000_000_000 }.count == 4)
        #expect(doc.appParams.minFee == 1)
        #expect(doc.appParams.minGasPrice == 1)
        #expect(doc.consensusParams == .init(maxBlockBytes: 16_777_216, maxBlockGas: 200_000_000, blockIntervalMillis: 1000))
        // Documented in Genesis/README.md.
        #expect(doc.canonicalBytes.count == 1167)
        #expect(doc.hash.hex == "f87c7cbd7414bffd2c90b8adf675ea5f258b9d7b2d8895eb768358d0765199a2")
        #expect(doc.validatorsHash.hex == "c624d865583dff442ccf18e03c9b86e6fa11e96c2a264474edda75ba445e800a")
        let chain = try makeChain(doc)
        let stateRoot = try chain.tip.stateRoot.hex
        let entries = try dump(chain.kv, .state).count
        #expect(stateRoot == "2eb92be7fc3de81ec6bceef3f568780d173b43b9335c95dbc8ce087e0cb9eeff")
        #expect(stateRoot == (try doc.initialStateRoot()).hex, "what `desci-node genesis validate` prints is the chain's state root at height 0")
        #expect(entries == 21)  // …including the validator set (04 0b)
    }

    /// The docs cite the devnet's genesis hash, validators hash and canonical size in several places;
    /// every full-length hash they cite for it must be the one the code computes.
    @Test("the signed devnet transaction shown in CLI.md verifies for the devnet genesis and has the shown hash")
    func cliSignedExample() throws {
        let (doc, _) = try GenesisDocument.load(path: path)
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Docs/CLI.md"), encoding: .utf8)
        // The signed file of the offline-signing walkthrough: its "hash" is on the line before its "tx".
        let section = try #require(text.range(of: "$ cat signed.json")).upperBound
        func quoted(after label: String) -> String? {
            guard let r = text.range(of: "\"\(label)\" : \"", range: section..<text.endIndex) else { return nil }
            return String(text[r.upperBound...].prefix { $0 != "\"" })
        }
        let wire = try #require(quoted(after: "tx").flatMap(Hex.decode))
        let tx = try Transaction.decode(wire)
        #expect(tx.hasValidSignature(genesisHash: doc.hash))
        #expect(!tx.hasValidSignature(genesisHash: testGenesisHash))
        #expect(quoted(after: "hash") == tx.id.hex)
    }

    @Test("genesis hashes cited in Genesis/README.md, CLI.md and RPC.md are the computed ones")
    func citedHashes() throws {
        let (doc, _) = try GenesisDocument.load(path: path)
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("Genesis/README.md"), encoding: .utf8)
        #expect(readme.contains("genesis hash \(doc.hash.hex)"))
        #expect(readme.contains("its genesis hash is\n`\(doc.hash.hex)`"))
        #expect(readme.contains("Devnet: `\(doc.validatorsHash.hex)`"))
        #expect(readme.contains("canonical bytes are \(doc.canonicalBytes.count) bytes long"))
        for file in ["Docs/CLI.md", "Docs/RPC.md"] {
            let text = try String(contentsOf: repositoryRoot.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains("genesis_hash") || line.contains("--genesis-hash ") {
                for word in line.split(whereSeparator: { !$0.isHexDigit }) where word.count == 64 {
                    // A 64-digit value beside a genesis-hash label must be the devnet's.
                    if line.contains("genesis_hash\":\"\(word)") || line.contains("--genesis-hash \(word)") {
                        #expect(String(word) == doc.hash.hex, "\(file): \(line)")
                    }
                }
            }
        }
    }

    @Test("a missing file is unreadable")
    func missingFile() throws {
        let e = #expect(throws: GenesisError.self) { try GenesisDocument.load(path: "/nonexistent/genesis.json") }
        guard case .unreadable = e else { Issue.record("expected unreadable, got \(String(describing: e))"); return }
    }

    @Test("not JSON is malformed")
    func notJSON() throws {
        let e = #expect(throws: GenesisError.self) { try GenesisDocument.parse(Data("{ nope".utf8)) }
        guard case .malformed = e else { Issue.record("expected malformed, got \(String(describing: e))"); return }
    }
}

@Suite("Genesis: unknown and missing fields")
struct GenesisFieldTests {
    @Test("the test genesis round-trips through JSON and validates")
    func roundTrip() throws {
        let doc = try GenesisDocument.parse(try data(try genesisObject()))
        #expect(doc == testGenesis())
    }

    @Test("an unknown top-level field is refused with its name")
    func unknownTopLevel() throws {
        var o = try genesisObject()
        o["chain_idd"] = "x"
        let e = try parseError(o)
        #expect(e == .malformed("unknown field 'chain_idd'"))
        #expect(e?.description.contains("chain_idd") == true)
    }

    @Test("an unknown field inside an object is refused with its path")
    func unknownNestedObject() throws {
        var o = try genesisObject()
        var cp = nested(o, "consensus_params")
        cp["max_block_size"] = 5
        o["consensus_params"] = cp
        #expect(try parseError(o) == .malformed("unknown field 'consensus_params.max_block_size'"))
    }

    @Test("an unknown field inside an array element is refused with its path")
    func unknownInArray() throws {
        var o = try genesisObject()
        var accts = array(o, "accounts")
        accts[1]["nmae"] = "typo"
        o["accounts"] = accts
        #expect(try parseError(o) == .malformed("unknown field 'accounts[1].nmae'"))

        var o2 = try genesisObject()
        var vals = array(o2, "validators")
        vals[0]["stake"] = 3
        o2["validators"] = vals
        #expect(try parseError(o2) == .malformed("unknown field 'validators[0].stake'"))

        var o3 = try genesisObject()
        var app = nested(o3, "app_params")
        app["max_fee"] = 3
        o3["app_params"] = app
        #expect(try parseError(o3) == .malformed("unknown field 'app_params.max_fee'"))
    }

    @Test("a missing required field is named", arguments: ["chain_id", "genesis_time", "consensus_params", "validators", "accounts", "app_params"])
    func missingTopLevel(field: String) throws {
        var o = try genesisObject()
        o[field] = nil
        let e = try parseError(o)
        #expect(e == .malformed("missing field '\(field)'"))
    }

    @Test("a missing nested field is named with its path")
    func missingNested() throws {
        var o = try genesisObject()
        var cp = nested(o, "consensus_params")
        cp["max_block_gas"] = nil
        o["consensus_params"] = cp
        let e = try parseError(o)
        #expect(e == .malformed("missing field 'consensus_params.max_block_gas'"))
    }

    @Test("the account name is optional")
    func optionalName() throws {
        var o = try genesisObject()
        var accts = array(o, "accounts")
        accts[0]["name"] = nil
        o["accounts"] = accts
        let doc = try GenesisDocument.parse(try data(o))
        #expect(doc.accounts[0].name == nil)
    }

    @Test("wrong types, bad hex and bad bech32 are malformed")
    func wrongTypes() throws {
        var o = try genesisObject()
        o["chain_id"] = 5
        #expect(try parseError(o) == .malformed("wrong type at 'chain_id'"))

        var o2 = try genesisObject()
        var vals = array(o2, "validators")
        vals[0]["pub_key"] = "zz"
        o2["validators"] = vals
        guard case .malformed = try parseError(o2) else { Issue.record("bad hex must be malformed"); return }

        var o3 = try genesisObject()
        var accts = array(o3, "accounts")
        accts[0]["address"] = "desci1notanaddress"
        o3["accounts"] = accts
        guard case .malformed = try parseError(o3) else { Issue.record("bad bech32 must be malformed"); return }

        var o4 = try genesisObject()
        var accts4 = array(o4, "accounts")
        accts4[0]["balance"] = -1
        o4["accounts"] = accts4
        guard case .malformed = try parseError(o4) else { Issue.record("a negative balance must be malformed"); return }
    }
}

@Suite("Genesis: validation rules")
struct GenesisValidationTests {
    private func invalid(_ doc: GenesisDocument, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        let e = #expect(throws: GenesisError.self, sourceLocation: sourceLocation) { try doc.validate() }
        guard case let .invalid(why) = e else {
            Issue.record("expected .invalid, got \(String(describing: e))", sourceLocation: sourceLocation)
            return nil
        }
        // Parsing the same document as JSON must refuse it the same way.
        let json = try! JSONEncoder().encode(doc)
        #expect(throws: GenesisError.invalid(why), sourceLocation: sourceLocation) { try GenesisDocument.parse(json) }
        return why
    }

    @Test("zero validators")
    func noValidators() {
        var g = testGenesis()
        g.validators = []
        #expect(invalid(g)?.contains("at least one validator") == true)
    }

    @Test("a duplicate validator key")
    func duplicateValidator() {
        var g = testGenesis()
        g.validators.append(.init(name: "other-name", publicKey: g.validators[0].publicKey, power: 3))
        #expect(invalid(g)?.contains("duplicate pub_key") == true)
    }

    @Test("zero power")
    func zeroPower() {
        var g = testGenesis()
        g.validators.append(.init(name: "lazy", publicKey: key(99).publicKey, power: 0))
        #expect(invalid(g)?.contains("'lazy' has power 0") == true)
    }

    @Test("bad genesis times", arguments: ["", "yesterday", "2026-13-01T00:00:00Z", "2026-01-01", "2026-01-01 00:00:00", "2026-01-01T25:00:00Z",
                                           "2026-01-01T00:00:60Z", "2026-01-01T00:00:00.1234Z", "2026-01-01T00:00:00.Z", "2026-01-01t00:00:00Z",
                                           "2026-01-01T00:00:00z", "2025-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "1969-12-31T23:59:59Z",
                                           "1970-01-01T00:00:00+00:01", "2026-01-01T00:00:00+0100", "2026-01-01T00:00:00Z ", "２026-01-01T00:00:00Z",
                                           "2026-01-01T00:00:00+24:00", "+026-01-01T00:00:00Z"])
    func badTime(time: String) {
        var g = testGenesis()
        g.genesisTime = time
        #expect(invalid(g)?.contains("genesis_time") == true)
    }

    @Test("equivalent time notations give the same instant and hash")
    func timeNotations() {
        var a = testGenesis(), b = testGenesis(), c = testGenesis()
        b.genesisTime = "2026-01-01T00:00:00.000Z"
        c.genesisTime = "2026-01-01T01:00:00+01:00"
        #expect(b.genesisTimeMillis == testGenesisMillis)
        #expect(c.genesisTimeMillis == testGenesisMillis)
        #expect(a.hash == b.hash)
        #expect(a.hash == c.hash)
        a.genesisTime = "2026-01-01T00:00:00.001Z"
        #expect(a.genesisTimeMillis == testGenesisMillis + 1)
    }

    @Test("genesis times are read byte by byte, to the millisecond", arguments: [
        ("2024-02-29T12:34:56.789Z", UInt64(1_709_210_096_789)), ("1970-01-01T00:00:00Z", 0), ("2000-03-01T00:00:00.5Z", 951_868_800_500),
        ("9999-12-31T23:59:59.999Z", 253_402_300_799_999), ("2026-01-01T00:00:00-05:30", 1_767_245_400_000),
        ("2026-01-01T00:00:00.25Z", testGenesisMillis + 250),
    ])
    func goodTime(time: String, millis: UInt64) {
        #expect(RFC3339.millis(time) == millis)
    }

    @Test("balances whose total overflows u64")
    func balanceOverflow() {
        let g = testGenesis(accounts: [(addr(1), UInt64.max), (addr(2), 1)])
        #expect(invalid(g)?.contains("overflows") == true)
        // Exactly u64.max in total is allowed.
        #expect(throws: Never.self) { try testGenesis(accounts: [(addr(1), UInt64.max - 1), (addr(2), 1)]).validate() }
    }

    @Test("a duplicate account")
    func duplicateAccount() {
        let g = testGenesis(accounts: [(addr(1), 5), (addr(1), 6)])
        #expect(invalid(g)?.contains("duplicate address") == true)
    }

    @Test("bad chain ids", arguments: ["", String(repeating: "a", count: 65), "has space", "ünïcode", "slash/es"])
    func badChainID(id: String) {
        #expect(invalid(testGenesis(chainID: id))?.contains("chain_id") == true)
    }

    @Test("good chain ids", arguments: ["a", String(repeating: "a", count: 64), "desci_test.1-x"])
    func goodChainID(id: String) {
        #expect(throws: Never.self) { try testGenesis(chainID: id).validate() }
    }

    @Test("consensus parameter bounds")
    func consensusBounds() {
        #expect(invalid(testGenesis(maxBlockBytes: 1023))?.contains("max_block_bytes") == true)
        #expect(invalid(testGenesis(maxBlockBytes: 64 << 20 + 1))?.contains("max_block_bytes") == true)
        #expect(invalid(testGenesis(maxBlockGas: 0))?.contains("max_block_gas") == true)
        var g = testGenesis()
        g.consensusParams.blockIntervalMillis = 9
        #expect(invalid(g)?.contains("block_interval_ms") == true)
        g.consensusParams.blockIntervalMillis = 600_001
        #expect(invalid(g)?.contains("block_interval_ms") == true)
        #expect(throws: Never.self) { try testGenesis(maxBlockBytes: 1024).validate() }
        #expect(throws: Never.self) { try testGenesis(maxBlockBytes: 64 << 20).validate() }
    }

    @Test("total validator power is bounded (2^60), including sums that would overflow u64")
    func powerBound() {
        var g = testGenesis()
        g.validators[0].power = UInt64.max
        g.validators.append(.init(name: "v1", publicKey: key(99).publicKey, power: 1))
        #expect(invalid(g)?.contains("at most 2^60") == true)
        // A single validator with power u64.max used to pass (the old sum clamped each power).
        var single = testGenesis()
        single.validators[0].power = UInt64.max
        #expect(invalid(single)?.contains("'validator-0' has power \(UInt64.max)") == true)
        single.validators[0].power = (1 << 60) + 1
        #expect(invalid(single)?.contains("at most 2^60") == true)
        single.validators[0].power = 1 << 60
        #expect(throws: Never.self) { try single.validate() }
        var h = testGenesis()
        h.validators[0].power = 1 << 59
        h.validators.append(.init(name: "v1", publicKey: key(99).publicKey, power: 1 << 59))
        #expect(throws: Never.self) { try h.validate() }
        h.validators[1].power += 1
        #expect(invalid(h)?.contains("total power") == true)
    }
}

@Suite("Genesis: hash")
struct GenesisHashTests {
    /// One change of each field that the hash commits to.
    static let mutations: [(String, @Sendable (inout GenesisDocument) -> Void)] = [
        ("chain_id", { $0.chainID = "desci-test-2" }),
        ("genesis_time", { $0.genesisTime = "2026-01-01T00:00:01Z" }),
        ("max_block_bytes", { $0.consensusParams.maxBlockBytes += 1 }),
        ("max_block_gas", { $0.consensusParams.maxBlockGas += 1 }),
        ("block_interval_ms", { $0.consensusParams.blockIntervalMillis += 1 }),
        ("validator name", { $0.validators[0].name = "validator-1" }),
        ("validator pub_key", { $0.validators[0].publicKey = key(77).publicKey }),
        ("validator power", { $0.validators[0].power += 1 }),
        ("extra validator", { $0.validators.append(.init(name: "v2", publicKey: key(78).publicKey, power: 1)) }),
        ("account address", { $0.accounts[0].address = plainAddress(0x42) }),
        ("account balance", { $0.accounts[0].balance += 1 }),
        ("extra account", { $0.accounts.append(.init(name: nil, address: plainAddress(0x43), balance: 0)) }),
        ("account removed", { $0.accounts.removeLast() }),
        ("account order", { $0.accounts.swapAt(0, 1) }),
        ("min_fee", { $0.appParams.minFee += 1 }),
    ]

    @Test("the hash changes when any committed field changes", arguments: 0..<mutations.count)
    func changes(index: Int) throws {
        let (name, mutate) = Self.mutations[index]
        var g = testGenesis()
        mutate(&g)
        try g.validate()
        #expect(g.hash != testGenesis().hash, "changing \(name) must change the genesis hash")
        #expect(g != testGenesis())
    }

    @Test("the validators hash changes with keys, power and order, not names")
    func validatorsHash() {
        let base = testGenesis()
        var g = base
        g.validators[0].name = "renamed"
        #expect(g.validatorsHash == base.validatorsHash)
        g.validators[0].power = 11
        #expect(g.validatorsHash != base.validatorsHash)
        var two = base
        two.validators.append(.init(name: "b", publicKey: key(78).publicKey, power: 1))
        var swapped = two
        swapped.validators.swapAt(0, 1)
        #expect(two.validatorsHash != swapped.validatorsHash)
    }

    @Test("equal documents have equal hashes, whatever the JSON layout")
    func stable() throws {
        let a = try GenesisDocument.parse(try data(try genesisObject()))
        let pretty = try JSONSerialization.data(withJSONObject: try genesisObject(), options: [.prettyPrinted])
        let b = try GenesisDocument.parse(pretty)
        #expect(a == b)
        #expect(a.hash == b.hash)
        #expect(a.hash == testGenesis().hash)
        #expect(a.canonicalBytes == testGenesis().canonicalBytes)
        #expect(testGenesis().hash == testGenesis().hash)
    }

    @Test("account names are labels and not part of the hash (Genesis/README.md)")
    func accountNameNotHashed() {
        var g = testGenesis()
        g.accounts[0].name = "someone-else"
        #expect(g.hash == testGenesis().hash)
        g.accounts[1].name = nil
        #expect(g.hash == testGenesis().hash)
    }
}

@Suite("Genesis: initial state")
struct GenesisStateTests {
    @Test("initial state holds params, every account with nonce 0 and the total supply")
    func initialState() throws {
        let g = testGenesis(accounts: [(addr(1), 500), (addr(2), 0), (addr(3), 7)])
        let changes = g.initialState().sortedChanges()
        var map: [[UInt8]: [UInt8]] = [:]
        for c in changes {
            guard let v = c.value else {
                Issue.record("genesis deletes \(c.key)")
                continue
            }
            map[c.key] = v
        }
        // params, supply, three accounts, the validator set, and every policy.
        #expect(map.count == 6 + PolicyName.allCases.count)
        #expect(map[ValidatorSetState.currentKey] == ValidatorSetState.encode(g.validatorSetEntries))
        #expect(map[StateKey.params] == AppParams(minFee: 1, maxBlockGas: 10_000_000, maxBlockBytes: 1 << 20).canonicalBytes)
        #expect(map[StateKey.account(addr(1))] == Account(balance: 500, nonce: 0).canonicalBytes)
        #expect(map[StateKey.account(addr(2))] == Account(balance: 0, nonce: 0).canonicalBytes)
        #expect(map[StateKey.account(addr(3))] == Account(balance: 7, nonce: 0).canonicalBytes)
        var w = CanonicalWriter()
        w.u64(507)
        #expect(map[StateKey.supply] == w.bytes)
    }
}

@Suite("Voting power arithmetic")
struct VotingPowerTests {
    @Test("totals are checked: zero, oversized and overflowing powers are refused")
    func totals() {
        #expect(VotingPower.total([1, 2, 3]) == .success(6))
        #expect(VotingPower.total([]) == .success(0))
        #expect(VotingPower.total([1, 0]) == .failure(.zero(index: 1)))
        #expect(VotingPower.total([UInt64.max]) == .failure(.tooLarge(index: 0, power: UInt64.max)))
        #expect(VotingPower.total([1 << 60, 1]) == .failure(.totalTooLarge))
        #expect(VotingPower.total([UInt64](repeating: 1 << 60, count: 20)) == .failure(.totalTooLarge))
    }

    @Test("the two-thirds check never overflows and is strict")
    func quorum() {
        #expect(VotingPower.exceedsTwoThirds(signed: 7, of: 10))
        #expect(!VotingPower.exceedsTwoThirds(signed: 2, of: 3))
        #expect(VotingPower.exceedsTwoThirds(signed: 3, of: 3))
        #expect(VotingPower.exceedsTwoThirds(signed: .max, of: .max))
        #expect(!VotingPower.exceedsTwoThirds(signed: .max / 3 * 2, of: .max))
        #expect(!VotingPower.exceedsTwoThirds(signed: 0, of: 1))
    }
}
