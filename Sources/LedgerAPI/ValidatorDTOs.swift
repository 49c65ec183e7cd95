import LedgerCore

/// One member of a validator set, in the set's order (its position is its index in commits).
public struct ValidatorDTO: Codable, Sendable, Equatable {
    public var index: UInt32
    public var pubKey: PublicKey
    public var address: Address
    public var power: UInt64

    public init(index: UInt32, pubKey: PublicKey, address: Address, power: UInt64) {
        self.index = index
        self.pubKey = pubKey
        self.address = address
        self.power = power
    }

    enum CodingKeys: String, CodingKey { case index, pubKey = "pub_key", address, power }
}

/// `GET /validators?height=H`: the set that signs height H.
public struct ValidatorSetDTO: Codable, Sendable, Equatable {
    public var height: UInt64
    /// `ValidatorSetHashing.hash` of the set: header H's `validators_hash`.
    public var hash: Hash
    public var totalPower: UInt64
    public var validators: [ValidatorDTO]

    public init(height: UInt64, hash: Hash, totalPower: UInt64, validators: [ValidatorDTO]) {
        self.height = height
        self.hash = hash
        self.totalPower = totalPower
        self.validators = validators
    }

    enum CodingKeys: String, CodingKey { case height, hash, totalPower = "total_power", validators }
}

/// One validator-set change: block `height`'s header announces `validators` (hash `next_validators_hash`)
/// as the set that signs `height + 1` (`effective_height`).
public struct ValidatorSetChangeDTO: Codable, Sendable, Equatable {
    public var height: UInt64
    public var effectiveHeight: UInt64
    public var validatorsHash: Hash
    public var nextValidatorsHash: Hash
    public var validators: [ValidatorDTO]

    public init(height: UInt64, effectiveHeight: UInt64, validatorsHash: Hash, nextValidatorsHash: Hash, validators: [ValidatorDTO]) {
        self.height = height
        self.effectiveHeight = effectiveHeight
        self.validatorsHash = validatorsHash
        self.nextValidatorsHash = nextValidatorsHash
        self.validators = validators
    }

    enum CodingKeys: String, CodingKey {
        case height, effectiveHeight = "effective_height", validatorsHash = "validators_hash", nextValidatorsHash = "next_validators_hash", validators
    }
}

/// `GET /validators/changes`: every change since genesis, in height order, and the genesis set.
public struct ValidatorSetChangesDTO: Codable, Sendable, Equatable {
    public var genesis: [ValidatorDTO]
    public var changes: [ValidatorSetChangeDTO]

    public init(genesis: [ValidatorDTO], changes: [ValidatorSetChangeDTO]) {
        self.genesis = genesis
        self.changes = changes
    }
}

/// Validator-set queries (Docs/RPC.md, "Validators"); implemented in LedgerNode/NodeCore+Validators.swift.
public protocol ValidatorQueries: Sendable {
    /// The set that signs `height` (latest + 1 when nil; at most latest + 1, which the chain already fixes).
    func validators(height: UInt64?) async throws -> ValidatorSetDTO
    func validatorChanges() async throws -> ValidatorSetChangesDTO
}

extension ValidatorQueries {
    public func validators(height: UInt64?) async throws -> ValidatorSetDTO { throw APIError.notFound("this node serves no validator sets") }
    public func validatorChanges() async throws -> ValidatorSetChangesDTO { throw APIError.notFound("this node serves no validator sets") }
}
