/// A tranche of a treasury grant, released when the DAO approves the milestone.
public struct Milestone: Hashable, Sendable, Codable {
    public var amount: UInt64
    public var description: String

    public init(amount: UInt64, description: String) {
        self.amount = amount
        self.description = description
    }
}

/// A validator-set change recorded by governance (used by the consensus engine).
public struct ValidatorUpdate: Hashable, Sendable, Codable {
    public var publicKey: PublicKey
    /// 0 removes the validator.
    public var power: UInt64

    public init(publicKey: PublicKey, power: UInt64) {
        self.publicKey = publicKey
        self.power = power
    }

    enum CodingKeys: String, CodingKey { case publicKey = "pub_key", power }
}

/// What a passed proposal does, executed atomically after its timelock.
public enum ProposalAction: Hashable, Sendable, CanonicalCodable {
    case text
    case setParameter(name: String, value: UInt64)
    /// A JsonLogic rule as canonical JSON bytes.
    case setPolicy(name: String, rule: [UInt8])
    case addMember(Address)
    case removeMember(Address)
    /// The first milestone (or the whole amount, with one milestone) is paid at execution; later ones on approval.
    case grant(recipient: Address, milestones: [Milestone])
    case approveMilestone(grant: UInt64, index: UInt16)
    case updateValidators([ValidatorUpdate])
    case retract(contribution: Hash, reason: String)

    public var tag: UInt8 {
        switch self {
        case .text: 1
        case .setParameter: 2
        case .setPolicy: 3
        case .addMember: 4
        case .removeMember: 5
        case .grant: 6
        case .approveMilestone: 7
        case .updateValidators: 8
        case .retract: 9
        }
    }

    public func encode(to w: inout CanonicalWriter) {
        w.u8(tag)
        switch self {
        case .text: break
        case let .setParameter(name, value):
            w.string(name)
            w.u64(value)
        case let .setPolicy(name, rule):
            w.string(name)
            w.data(rule)
        case let .addMember(a), let .removeMember(a):
            w.address(a)
        case let .grant(recipient, milestones):
            w.address(recipient)
            w.list(milestones) { w, m in
                w.u64(m.amount)
                w.string(m.description)
            }
        case let .approveMilestone(grant, index):
            w.u64(grant)
            w.u16(index)
        case let .updateValidators(updates):
            w.list(updates) { w, u in
                w.fixed(u.publicKey)
                w.u64(u.power)
            }
        case let .retract(contribution, reason):
            w.fixed(contribution)
            w.string(reason)
        }
    }

    public init(from r: inout CanonicalReader) throws {
        let tag = try r.u8()
        switch tag {
        case 1: self = .text
        case 2: self = .setParameter(name: try r.text("parameter", max: 64), value: try r.u64())
        case 3: self = .setPolicy(name: try r.text("policy", max: 64), rule: try r.data(field: "rule", limit: RecordLimits.policyRule))
        case 4: self = .addMember(try r.address())
        case 5: self = .removeMember(try r.address())
        case 6:
            self = .grant(recipient: try r.address(), milestones: try r.list(field: "milestones", limit: RecordLimits.milestones) {
                Milestone(amount: try $0.u64(), description: try $0.text("milestone", max: RecordLimits.reason))
            })
        case 7: self = .approveMilestone(grant: try r.u64(), index: try r.u16())
        case 8:
            self = .updateValidators(try r.list(field: "validator updates", limit: RecordLimits.validatorUpdates) {
                ValidatorUpdate(publicKey: try $0.fixed(PublicKey.self), power: try $0.u64())
            })
        case 9: self = .retract(contribution: try r.fixed(Hash.self), reason: try r.text("reason", max: RecordLimits.reason))
        default: throw CodecError.unknownTag(type: "proposal action", tag: UInt64(tag))
        }
    }
}

/// `gov.propose`: a proposal with typed actions and a deposit.
public struct Propose: Hashable, Sendable, Codable, CanonicalCodable {
    public var title: String
    public var summary: String
    public var actions: [ProposalAction]
    public var deposit: UInt64

    public init(title: String, summary: String, actions: [ProposalAction], deposit: UInt64) {
        self.title = title
        self.summary = summary
        self.actions = actions
        self.deposit = deposit
    }

    public func encode(to w: inout CanonicalWriter) {
        w.string(title)
        w.string(summary)
        w.list(actions) { $1.encode(to: &$0) }
        w.u64(deposit)
    }

    public init(from r: inout CanonicalReader) throws {
        title = try r.text("title", max: RecordLimits.title)
        summary = try r.text("summary", max: RecordLimits.comment)
        actions = try r.list(field: "proposal actions", limit: RecordLimits.proposalActions) { try ProposalAction(from: &$0) }
        guard !actions.isEmpty else { throw CodecError.invalidValue(field: "proposal actions", reason: "a proposal needs at least one action") }
        deposit = try r.u64()
    }
}

/// `gov.vote`: yes, no, abstain or veto; changeable until the voting period ends.
public struct CastVote: Hashable, Sendable, Codable, CanonicalCodable {
    public enum Option: UInt8, Sendable, Codable, CaseIterable {
        case yes = 1, no, abstain, veto
    }

    public var proposal: UInt64
    public var option: Option

    public init(proposal: UInt64, option: Option) {
        self.proposal = proposal
        self.option = option
    }

    public func encode(to w: inout CanonicalWriter) {
        w.u64(proposal)
        w.u8(option.rawValue)
    }

    public init(from r: inout CanonicalReader) throws {
        proposal = try r.u64()
        option = try r.enumeration(Option.self, "vote option")
    }
}

/// `gov.delegate`: lend one's voting power to another member (nil: take it back).
public struct Delegate: Hashable, Sendable, Codable, CanonicalCodable {
    public var to: Address?

    public init(to: Address?) { self.to = to }

    public func encode(to w: inout CanonicalWriter) { w.optionalAddress(to) }
    public init(from r: inout CanonicalReader) throws { to = try r.optionalAddress() }
}

/// `gov.deposit`: add to a proposal's deposit.
public struct AddDeposit: Hashable, Sendable, Codable, CanonicalCodable {
    public var proposal: UInt64
    public var amount: UInt64

    public init(proposal: UInt64, amount: UInt64) {
        self.proposal = proposal
        self.amount = amount
    }

    public func encode(to w: inout CanonicalWriter) {
        w.u64(proposal)
        w.u64(amount)
    }

    public init(from r: inout CanonicalReader) throws {
        proposal = try r.u64()
        amount = try r.u64()
    }
}
