import LedgerCore
import LedgerCrypto

/// One member of a height's validator set.
public struct Validator: Hashable, Sendable {
    public var publicKey: PublicKey
    public var power: UInt64
    /// First 20 bytes of SHA-256(public key); breaks ties in proposer selection.
    public var address: Address

    public init(publicKey: PublicKey, power: UInt64) {
        self.publicKey = publicKey
        self.power = power
        address = Address(publicKey: publicKey)
    }
}

public enum ValidatorSetError: Error, Equatable, CustomStringConvertible {
    case empty
    case tooMany(Int)
    case duplicateKey(index: Int)
    case power(VotingPower.Failure)

    /// Stable machine code.
    public var code: String {
        switch self {
        case .empty: "VALIDATORS_EMPTY"
        case .tooMany: "VALIDATORS_TOO_MANY"
        case .duplicateKey: "VALIDATORS_DUPLICATE_KEY"
        case .power: "VALIDATORS_BAD_POWER"
        }
    }

    public var description: String {
        switch self {
        case .empty: "a validator set needs at least one validator"
        case let .tooMany(n): "a validator set has at most \(ProtocolLimits.maxValidators) validators, got \(n)"
        case let .duplicateKey(i): "validator \(i) repeats an earlier public key"
        case let .power(f): f.description
        }
    }
}

/// The validators of one height, in the order the chain lists them (genesis order), with their
/// proposer priorities (ProposerPriority.swift). Votes name a validator by its index in this order.
public struct ValidatorSet: Hashable, Sendable {
    public let validators: [Validator]
    public let totalPower: UInt64
    /// Proposer priorities for round 0 of this set's height.
    public internal(set) var priorities: [Int64]
    /// The proposer of round 0 of this set's height.
    public internal(set) var proposerIndex: Int

    /// A fresh set: priorities start at 0 and are advanced once, as CometBFT's `NewValidatorSet`
    /// does, so the first height's proposer is the most powerful validator (lowest address on ties).
    public init(_ validators: [Validator]) throws(ValidatorSetError) {
        guard !validators.isEmpty else { throw .empty }
        guard validators.count <= ProtocolLimits.maxValidators else { throw .tooMany(validators.count) }
        var seen = Set<PublicKey>()
        for (i, v) in validators.enumerated() where !seen.insert(v.publicKey).inserted { throw .duplicateKey(index: i) }
        switch VotingPower.total(validators.map(\.power)) {
        case let .failure(f): throw .power(f)
        case let .success(total): totalPower = total
        }
        self.validators = validators
        priorities = Array(repeating: 0, count: validators.count)
        proposerIndex = 0
        advanceProposer(times: 1)
    }

    public var count: Int { validators.count }

    public subscript(index: Int) -> Validator { validators[index] }

    /// The index of the validator with this public key, if it is a member.
    public func index(of key: PublicKey) -> Int? { validators.firstIndex { $0.publicKey == key } }

    /// Strictly more than two thirds of the total power: a quorum (2f+1 in the paper).
    public func isQuorum(_ power: UInt64) -> Bool { VotingPower.exceedsTwoThirds(signed: power, of: totalPower) }

    /// Strictly more than one third of the total power: at least one correct validator (f+1).
    public func exceedsOneThird(_ power: UInt64) -> Bool {
        let lhs = power.multipliedFullWidth(by: 3)
        let rhs = (high: UInt64(0), low: totalPower)
        return lhs.high != rhs.high ? lhs.high > rhs.high : lhs.low > rhs.low
    }
}
