import Foundation
import LedgerCore
import LedgerCrypto
import LedgerNode

/// The benchmark network: one validator and `senders` funded accounts whose keys come from
/// `SHA-256("bench/<i>")`, so every run signs the same transactions.
struct BenchGenesis: Sendable {
    static let chainID = "desci-bench-1"
    static let balance: UInt64 = 1_000_000_000_000
    /// How many of the senders are DAO members.
    static let members = 1_000

    let validatorSeed: [UInt8]
    let senderAddresses: [Address]
    /// GenesisDocument JSON (Genesis/README.md), ready for `NodeHome.initialise` or `GenesisDocument.parse`.
    let json: Data
    /// The genesis hash every benchmark signature is bound to.
    let hash: Hash

    static func validatorSeed() -> [UInt8] { SHA256.hash(Array("bench/validator".utf8)).bytes }
    static func senderSeed(_ i: Int) -> [UInt8] { SHA256.hash(Array("bench/\(i)".utf8)).bytes }

    /// `validators`: the set (power 10 each); default the one key of `validatorSeed()`.
    init(senders: Int, blockIntervalMillis: UInt64, maxBlockGas: UInt64 = 2_000_000_000, validators: [PublicKey]? = nil) throws {
        validatorSeed = Self.validatorSeed()
        let validator = try SigningKey(seed: validatorSeed)
        let set = validators ?? [validator.publicKey]
        senderAddresses = try (0..<senders).map { Address(publicKey: try SigningKey(seed: Self.senderSeed($0)).publicKey) }

        var accounts = senderAddresses.enumerated().map { i, a in
            Document.Account(name: "bench-\(i)", address: a.bech32, balance: Self.balance)
        }
        accounts.append(.init(name: "validator-0", address: Address(publicKey: validator.publicKey).bech32, balance: 0))
        let doc = Document(
            chainId: Self.chainID, genesisTime: "2026-01-01T00:00:00Z",
            consensusParams: .init(maxBlockBytes: 16_777_216, maxBlockGas: maxBlockGas, blockIntervalMs: blockIntervalMillis),
            validators: set.enumerated().map { .init(name: "validator-\($0.offset)", pubKey: $0.element.hex, power: 10) },
            accounts: accounts, appParams: .init(minFee: 1),
            // The first senders are DAO members, for the governance vote benchmark.
            dao: .init(members: senderAddresses.prefix(Self.members).map(\.bech32), votingPeriodBlocks: 1_000, timelockBlocks: 1, minDeposit: 1))
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        json = try encoder.encode(doc)
        hash = try GenesisDocument.parse(json).hash
    }

    /// The JSON shape of `GenesisDocument` (its memberwise initialiser is not public).
    private struct Document: Encodable {
        struct ConsensusParams: Encodable {
            var maxBlockBytes: UInt64
            var maxBlockGas: UInt64
            var blockIntervalMs: UInt64
        }

        struct Validator: Encodable {
            var name: String
            var pubKey: String
            var power: UInt64
        }

        struct Account: Encodable {
            var name: String
            var address: String
            var balance: UInt64
        }

        struct AppParams: Encodable {
            var minFee: UInt64
        }

        struct DAO: Encodable {
            var members: [String]
            var votingPeriodBlocks: UInt64
            var timelockBlocks: UInt64
            var minDeposit: UInt64
        }

        var chainId: String
        var genesisTime: String
        var consensusParams: ConsensusParams
        var validators: [Validator]
        var accounts: [Account]
        var appParams: AppParams
        var dao: DAO
    }
}
