import Foundation
import LedgerCore
import LedgerCrypto
@testable import LedgerNode
import LedgerRules
import LedgerStorage
import LedgerStorageRocksDB
import Logging
import Testing

let testChainID = "desci-test"
let testGenesisTime = "2026-01-01T00:00:00Z"
let testGenesisMillis: UInt64 = 1_767_225_600_000
let validatorSeedByte: UInt8 = 200

/// A deterministic key: the seed is 32 copies of `n`.
func key(_ n: UInt8) -> SigningKey { try! SigningKey(seed: [UInt8](repeating: n, count: 32)) }
func addr(_ n: UInt8) -> Address { Address(publicKey: key(n).publicKey) }
/// An address nobody holds a key for (a recipient only).
func plainAddress(_ n: UInt8) -> Address { try! Address(bytes: [UInt8](repeating: n, count: 20)) }

let alice: UInt8 = 1, bob: UInt8 = 2, carol: UInt8 = 3
let aliceBalance: UInt64 = 1_000_000, bobBalance: UInt64 = 1_000_000, carolBalance: UInt64 = 25

/// The validator's address (it receives the fees).
var validatorAddress: Address { addr(validatorSeedByte) }

func testGenesis(chainID: String = testChainID, minFee: UInt64 = 1, maxBlockBytes: UInt64 = 1 << 20,
                 maxBlockGas: UInt64 = 10_000_000, accounts: [(Address, UInt64)]? = nil, minGasPrice: UInt64? = nil) -> GenesisDocument {
    GenesisDocument(
        chainID: chainID, genesisTime: testGenesisTime,
        consensusParams: .init(maxBlockBytes: maxBlockBytes, maxBlockGas: maxBlockGas, blockIntervalMillis: 1000),
        validators: [.init(name: "validator-0", publicKey: key(validatorSeedByte).publicKey, power: 10)],
        accounts: (accounts ?? [(addr(alice), aliceBalance), (addr(bob), bobBalance), (addr(carol), carolBalance)])
            .enumerated().map { i, a in .init(name: "acct-\(i)", address: a.0, balance: a.1) },
        appParams: .init(minFee: minFee, minGasPrice: minGasPrice))
}

/// The genesis hash of `testGenesis()`: what test transactions are signed for unless a test starts
/// another genesis (then it passes that genesis's hash).
let testGenesisHash = testGenesis().hash

func signedTransfer(_ from: UInt8, to: Address = plainAddress(0xEE), amount: UInt64 = 1, nonce: UInt64, fee: UInt64 = 10,
                    gasLimit: UInt64 = 100_000, expiry: UInt64? = nil, chainID: String = testChainID,
                    genesisHash: Hash = testGenesisHash) throws -> Transaction {
    let k = key(from)
    let body = TransactionBody(chainID: chainID, sender: k.publicKey, nonce: nonce, gasLimit: gasLimit, fee: fee, expiry: expiry,
                               actions: [.transfer(TransferAction(to: to, amount: amount))])
    return try signed(body, by: k, genesisHash: genesisHash)
}

/// Signs any body for the test network (the one place LedgerNodeTests call `Transaction.sign`).
func signed(_ body: TransactionBody, by k: SigningKey, genesisHash: Hash = testGenesisHash) throws -> Transaction {
    try Transaction.sign(body, with: k, genesisHash: genesisHash)
}

/// The commit-signing identity of `testGenesis()`.
var testIdentity: ChainIdentity { ChainIdentity(chainID: testChainID, genesisHash: testGenesisHash) }

/// A chain store initialised with `genesis` over `kv`.
func makeChain(_ genesis: GenesisDocument = testGenesis(), kv: any KeyValueStore = MemoryStore()) throws -> ChainStore {
    let chain = try ChainStore(kv: kv)
    try chain.initialise(genesis: genesis)
    return chain
}

let testLogger = Logger(label: "ledger-node-tests")

func makeNode(_ genesis: GenesisDocument = testGenesis(), kv: any KeyValueStore = MemoryStore(),
              mempool: MempoolConfig = MempoolConfig(), validator: Bool = true) throws -> NodeCore {
    let data = Array(try JSONEncoder().encode(genesis))
    return try NodeCore(genesis: genesis, genesisData: data, chain: try ChainStore(kv: kv), mempoolConfig: mempool,
                        validator: validator ? ValidatorSigner(key(validatorSeedByte)) : nil, logger: testLogger)
}

/// Overwrites committed state directly (for mempool tests that need a given nonce or balance).
func setAccount(_ chain: ChainStore, _ a: Address, balance: UInt64, nonce: UInt64) throws {
    var b = WriteBatch()
    b.put(.state, StateKey.account(a), Account(balance: balance, nonce: nonce).canonicalBytes)
    try chain.kv.write(b)
}

/// A fresh directory under the temporary directory; `remove()` deletes it.
struct TempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-node-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    var path: String { url.path }
    func sub(_ name: String) -> String { url.appendingPathComponent(name).path }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The repository root (for Genesis/devnet.json).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The state root computed independently (Docs/PROTOCOL.md, "State root"): a sparse Merkle tree
/// over SHA-256(key), leaf SHA-256(00 || key hash || value hash), node SHA-256(01 || l || r), a
/// single-entry subtree replaced by its leaf, the empty subtree 32 zero bytes.
func referenceStateRoot(_ state: [[UInt8]: [UInt8]]) -> Hash {
    func bit(_ k: [UInt8], _ i: Int) -> Bool { (k[i / 8] >> (7 - UInt8(i % 8))) & 1 == 1 }
    func subtree(_ leaves: [(k: [UInt8], v: [UInt8])], _ depth: Int) -> [UInt8] {
        if leaves.isEmpty { return [UInt8](repeating: 0, count: 32) }
        if leaves.count == 1 { return SHA256.hash([0] + leaves[0].k + leaves[0].v).bytes }
        let l = subtree(leaves.filter { !bit($0.k, depth) }, depth + 1)
        let r = subtree(leaves.filter { bit($0.k, depth) }, depth + 1)
        return SHA256.hash([1] + l + r).bytes
    }
    let leaves = state.map { (k: SHA256.hash($0.key).bytes, v: SHA256.hash($0.value).bytes) }
    return Hash(unchecked: subtree(leaves, 0))
}

/// Every entry of a column, for comparisons.
func dump(_ kv: any KeyValueStore, _ column: Column) throws -> [[UInt8]: [UInt8]] {
    var out: [[UInt8]: [UInt8]] = [:]
    try kv.scan(column, from: [], prefix: nil) { k, v in out[k] = v; return true }
    return out
}

/// A small deterministic PRNG (SplitMix64) so randomised tests reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
