import Foundation
import JsonLogic
import LedgerCore
import LedgerCrypto
import LedgerProofs
import LedgerRules
import LedgerStorage

/// The network definition every validator starts from (Genesis/README.md documents each field).
public struct GenesisDocument: Codable, Sendable, Equatable {
    public struct ConsensusParams: Codable, Sendable, Equatable {
        public var maxBlockBytes: UInt64
        public var maxBlockGas: UInt64
        public var blockIntervalMillis: UInt64

        enum CodingKeys: String, CodingKey {
            case maxBlockBytes = "max_block_bytes", maxBlockGas = "max_block_gas", blockIntervalMillis = "block_interval_ms"
        }
    }

    public struct Validator: Codable, Sendable, Equatable {
        public var name: String
        public var publicKey: PublicKey
        public var power: UInt64

        enum CodingKeys: String, CodingKey { case name, publicKey = "pub_key", power }
    }

    public struct GenesisAccount: Codable, Sendable, Equatable {
        public var name: String?
        public var address: Address
        public var balance: UInt64
    }

    public struct ApplicationParams: Codable, Sendable, Equatable {
        public var minFee: UInt64
        /// Base units per 1,000 gas of a transaction's gas limit; absent means 0 (no gas price).
        public var minGasPrice: UInt64?
        enum CodingKeys: String, CodingKey { case minFee = "min_fee", minGasPrice = "min_gas_price" }
    }

    /// The optional DAO section (Genesis/README.md, Docs/GOVERNANCE.md).
    public struct DAO: Codable, Sendable, Equatable {
        public var members: [Address]
        public var votingStrategy: String?
        public var votingPeriodBlocks: UInt64?
        public var timelockBlocks: UInt64?
        public var minDeposit: UInt64?
        /// The treasury's initial balance (counted in the total supply).
        public var treasury: UInt64?

        public init(members: [Address], votingStrategy: String? = nil, votingPeriodBlocks: UInt64? = nil, timelockBlocks: UInt64? = nil,
                    minDeposit: UInt64? = nil, treasury: UInt64? = nil) {
            self.members = members
            self.votingStrategy = votingStrategy
            self.votingPeriodBlocks = votingPeriodBlocks
            self.timelockBlocks = timelockBlocks
            self.minDeposit = minDeposit
            self.treasury = treasury
        }

        enum CodingKeys: String, CodingKey {
            case members, votingStrategy = "voting_strategy", votingPeriodBlocks = "voting_period_blocks",
                 timelockBlocks = "timelock_blocks", minDeposit = "min_deposit", treasury
        }

        /// The governance parameters this section sets (defaults for fields not given).
        public var params: GovernanceParams {
            let d = GovernanceParams.defaults
            return GovernanceParams(votingPeriodBlocks: votingPeriodBlocks ?? d.votingPeriodBlocks, timelockBlocks: timelockBlocks ?? d.timelockBlocks,
                                    minDeposit: minDeposit ?? d.minDeposit,
                                    strategy: votingStrategy.flatMap(VotingStrategy.init(name:)) ?? d.strategy)
        }
    }

    public var chainID: String
    /// RFC 3339 UTC time; the first block's time is after it.
    public var genesisTime: String
    public var consensusParams: ConsensusParams
    public var validators: [Validator]
    public var accounts: [GenesisAccount]
    public var appParams: ApplicationParams
    /// Policy rules by name (canonical JsonLogic JSON); names not given take `DefaultPolicies`.
    public var policies: [String: String] = [:]
    public var dao: DAO? = nil

    enum CodingKeys: String, CodingKey {
        case chainID = "chain_id", genesisTime = "genesis_time", consensusParams = "consensus_params", validators, accounts,
             appParams = "app_params", dao
    }

    /// Every policy the chain starts with, by name, as canonical JSON text.
    public var effectivePolicies: [(name: String, rule: JSONValue)] {
        PolicyName.allCases.map(\.rawValue).sorted().map { name in
            if let text = policies[name], let rule = try? JSONValue(parsing: text) { return (name, rule) }
            return (name, DefaultPolicies.rule(PolicyName(rawValue: name)!))
        }
    }
}

public enum GenesisError: Error, CustomStringConvertible, Equatable {
    case unreadable(String)
    case malformed(String)
    case invalid(String)

    public var description: String {
        switch self {
        case let .unreadable(why): "cannot read the genesis file: \(why)"
        case let .malformed(why): "the genesis file is not valid JSON for a genesis document: \(why)"
        case let .invalid(why): "invalid genesis: \(why)"
        }
    }
}

extension GenesisDocument {
    /// Reads and validates a genesis file. Unknown fields are refused: a typo must not silently
    /// produce a different chain.
    public static func load(path: String) throws -> (GenesisDocument, Data) {
        guard let data = FileManager.default.contents(atPath: path) else { throw GenesisError.unreadable("\(path) does not exist or is not readable") }
        return (try parse(data), data)
    }

    public static func parse(_ data: Data) throws -> GenesisDocument {
        let doc: GenesisDocument
        do {
            doc = try JSONDecoder().decode(GenesisDocument.self, from: data)
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw GenesisError.malformed("missing field '\(ctx.codingPath.map(\.stringValue).joined(separator: ".").appendingDot)\(key.stringValue)'")
        } catch let DecodingError.dataCorrupted(ctx) {
            throw GenesisError.malformed("\(ctx.codingPath.map(\.stringValue).joined(separator: ".")): \(ctx.debugDescription)")
        } catch let DecodingError.typeMismatch(_, ctx) {
            throw GenesisError.malformed("wrong type at '\(ctx.codingPath.map(\.stringValue).joined(separator: "."))'")
        } catch {
            throw GenesisError.malformed("\(error)")
        }
        try UnknownFields.check(data, allowed: GenesisDocument.schema)
        var withPolicies = doc
        withPolicies.policies = try Self.policyTexts(data)
        try withPolicies.validate()
        return withPolicies
    }

    /// Allowed keys at each level, for the unknown-field check.
    static let schema: UnknownFields.Schema = .object([
        "chain_id": .any, "genesis_time": .any,
        "consensus_params": .object(["max_block_bytes": .any, "max_block_gas": .any, "block_interval_ms": .any]),
        "validators": .array(.object(["name": .any, "pub_key": .any, "power": .any])),
        "accounts": .array(.object(["name": .any, "address": .any, "balance": .any])),
        "app_params": .object(["min_fee": .any, "min_gas_price": .any]),
        "policies": .any,
        "dao": .object(["members": .any, "voting_strategy": .any, "voting_period_blocks": .any, "timelock_blocks": .any,
                        "min_deposit": .any, "treasury": .any]),
    ])

    /// The optional `policies` object: each value a JsonLogic rule, kept as canonical JSON text.
    static func policyTexts(_ data: Data) throws -> [String: String] {
        // The rules are read with the policy language's own strict parser (not Foundation's), so
        // their canonical bytes — part of the genesis hash — are the same on every platform.
        let top: JSONValue
        do { top = try JSONValue(parsing: Array(data)) } catch { throw GenesisError.malformed("\(error)") }
        guard let raw = top.objectValue?["policies"] else { return [:] }
        guard let dict = raw.objectValue else { throw GenesisError.malformed("'policies' must be an object of name: rule") }
        var out: [String: String] = [:]
        for (name, rule) in dict {
            guard PolicyName(rawValue: name) != nil else {
                throw GenesisError.invalid("unknown policy '\(name)'; known: \(PolicyName.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            do {
                out[name] = try Policies.validate(rule: rule.canonicalBytes).canonicalText
            } catch {
                throw GenesisError.invalid("policy '\(name)': \(error)")
            }
        }
        return out
    }

    public func validate() throws {
        func fail(_ s: String) -> GenesisError { .invalid(s) }
        guard !chainID.isEmpty, chainID.utf8.count <= ProtocolLimits.maxChainIDBytes,
              chainID.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == ".") })
        else { throw fail("chain_id must be 1-64 characters of letters, digits, '-', '_' or '.'") }
        guard genesisTimeMillis != nil else { throw fail("genesis_time must be an RFC 3339 UTC time with at most millisecond precision, such as 2026-01-01T00:00:00Z or 2026-01-01T00:00:00.250Z") }
        guard consensusParams.maxBlockBytes >= 1024, consensusParams.maxBlockBytes <= UInt64(ProtocolLimits.maxBlockBytes) else {
            throw fail("consensus_params.max_block_bytes must be between 1024 and \(ProtocolLimits.maxBlockBytes)")
        }
        guard consensusParams.maxBlockGas > 0 else { throw fail("consensus_params.max_block_gas must be positive") }
        guard consensusParams.blockIntervalMillis >= 10, consensusParams.blockIntervalMillis <= 600_000 else {
            throw fail("consensus_params.block_interval_ms must be between 10 and 600000")
        }
        guard !validators.isEmpty else { throw fail("at least one validator is required") }
        guard validators.count <= ProtocolLimits.maxValidators else { throw fail("too many validators") }
        guard Set(validators.map(\.publicKey)).count == validators.count else { throw fail("validators contain a duplicate pub_key") }
        // Each power and the total are at most 2^60, so no sum or quorum product can overflow.
        if case let .failure(failure) = VotingPower.total(validators.map(\.power)) {
            switch failure {
            case let .zero(i): throw fail("validator '\(validators[i].name)' has power 0")
            case let .tooLarge(i, p): throw fail("validator '\(validators[i].name)' has power \(p); each power must be at most 2^60")
            case .totalTooLarge: throw fail("the validators' total power must not exceed 2^60")
            }
        }
        if let price = appParams.minGasPrice, price > GovernanceLimits.maxMinGasPrice {
            throw fail("app_params.min_gas_price must be at most \(GovernanceLimits.maxMinGasPrice)")
        }
        guard Set(accounts.map(\.address)).count == accounts.count else { throw fail("accounts contain a duplicate address") }
        var supply: UInt64 = 0
        for a in accounts {
            let (s, o) = supply.addingReportingOverflow(a.balance)
            guard !o else { throw fail("the total of account balances overflows a 64-bit integer") }
            supply = s
        }
        if let dao {
            guard dao.members.count <= GovernanceLimits.maxMembers else { throw fail("dao.members must have at most \(GovernanceLimits.maxMembers) members") }
            guard Set(dao.members).count == dao.members.count else { throw fail("dao.members contains a duplicate address") }
            if let name = dao.votingStrategy, VotingStrategy(name: name) == nil {
                throw fail("dao.voting_strategy must be one of \(VotingStrategy.allCases.map(\.name).joined(separator: ", "))")
            }
            if let p = dao.votingPeriodBlocks, p < 1 || p > GovernanceLimits.maxVotingPeriod {
                throw fail("dao.voting_period_blocks must be between 1 and \(GovernanceLimits.maxVotingPeriod)")
            }
            if let t = dao.timelockBlocks, t > GovernanceLimits.maxTimelock { throw fail("dao.timelock_blocks must be at most \(GovernanceLimits.maxTimelock)") }
            guard !accounts.contains(where: { $0.address == ModuleAccounts.treasury || $0.address == ModuleAccounts.deposits }) else {
                throw fail("accounts must not include the treasury or deposits module accounts")
            }
            guard !supply.addingReportingOverflow(dao.treasury ?? 0).overflow else { throw fail("the total supply with the treasury overflows a 64-bit integer") }
        }
    }

    /// The genesis time in milliseconds, read byte by byte (`RFC3339`); nil when malformed.
    public var genesisTimeMillis: UInt64? { RFC3339.millis(genesisTime) }

    public var appParamsForState: AppParams {
        AppParams(minFee: appParams.minFee, maxBlockGas: consensusParams.maxBlockGas, maxBlockBytes: consensusParams.maxBlockBytes,
                  minGasPrice: appParams.minGasPrice ?? 0)
    }

    /// The canonical bytes of the parsed document: what the genesis hash commits to.
    public var canonicalBytes: [UInt8] {
        var w = CanonicalWriter()
        w.raw(Array("desci/genesis/v1".utf8))
        w.string(chainID)
        w.u64(genesisTimeMillis ?? 0)
        w.u64(consensusParams.maxBlockBytes)
        w.u64(consensusParams.maxBlockGas)
        w.u64(consensusParams.blockIntervalMillis)
        w.list(validators) { w, v in
            w.string(v.name)
            w.fixed(v.publicKey)
            w.u64(v.power)
        }
        w.list(accounts) { w, a in
            w.address(a.address)
            w.u64(a.balance)
        }
        w.u64(appParams.minFee)
        w.list(effectivePolicies) { w, p in
            w.string(p.name)
            w.data(p.rule.canonicalBytes)
        }
        // The DAO section is appended only when present, so documents without one keep their hash.
        if let dao {
            let p = dao.params
            w.string("dao")
            w.list(dao.members) { $0.address($1) }
            w.u8(p.strategy.rawValue)
            w.u64(p.votingPeriodBlocks)
            w.u64(p.timelockBlocks)
            w.u64(p.minDeposit)
            w.u64(dao.treasury ?? 0)
        }
        // Appended only when set, so documents without a gas price keep their hash.
        if let price = appParams.minGasPrice {
            w.string("min_gas_price")
            w.u64(price)
        }
        return w.bytes
    }

    public var hash: Hash { SHA256.hash(canonicalBytes) }

    /// The network this document starts: every transaction and commit signature is bound to it.
    public var identity: ChainIdentity { ChainIdentity(chainID: chainID, genesisHash: hash) }

    /// SHA-256 over the validators' canonical list (public key, power), in genesis order.
    public var validatorsHash: Hash {
        ValidatorSetHashing.hash(validators.map { (publicKey: $0.publicKey, power: $0.power) })
    }

    /// The state root at height 0, computed over an empty in-memory store (nothing is persisted).
    /// `desci-node genesis validate` prints it, so docs need not cite a value that changes whenever
    /// the state-root function does.
    public func initialStateRoot() throws -> Hash {
        var entries: [(keyHash: Hash, valueHash: Hash)] = initialState().sortedChanges().compactMap { c in
            c.value.map { (StateTreeHashing.keyHash(c.key), StateTreeHashing.valueHash($0)) }
        }
        entries.sort { $0.keyHash.bytes.lexicographicallyPrecedes($1.keyHash.bytes) }
        return StateTreeRoot.of(sortedEntries: entries)
    }

    /// The state writes genesis makes: parameters, balances, total supply.
    public func initialState() -> StateOverlay {
        let overlay = StateOverlay(base: EmptyState())
        overlay.write(StateKey.params, appParamsForState.canonicalBytes)
        var supply: UInt64 = 0
        for a in accounts {
            overlay.write(StateKey.account(a.address), Account(balance: a.balance, nonce: 0).canonicalBytes)
            supply &+= a.balance
        }
        if let dao {
            GovernanceStore.writeGenesis(members: dao.members, params: dao.params, into: overlay)
            if let t = dao.treasury, t > 0 {
                overlay.write(StateKey.account(ModuleAccounts.treasury), Account(balance: t, nonce: 0).canonicalBytes)
                supply &+= t
            }
        }
        var w = CanonicalWriter()
        w.u64(supply)
        overlay.write(StateKey.supply, w.bytes)
        for p in effectivePolicies { Policies.store(p.name, rule: p.rule, in: overlay) }
        // The current validator set lives in state so the state root covers it (Docs/CONSENSUS.md).
        ValidatorSetState.writeGenesis(validators.map { ValidatorUpdate(publicKey: $0.publicKey, power: $0.power) }, into: overlay)
        return overlay
    }
}

private extension String {
    var appendingDot: String { isEmpty ? "" : self + "." }
}
