/// Moves native tokens from the sender to another account.
public struct TransferAction: Hashable, Sendable, Codable, CanonicalCodable {
    public var to: Address
    public var amount: UInt64

    public init(to: Address, amount: UInt64) {
        self.to = to
        self.amount = amount
    }

    public func encode(to w: inout CanonicalWriter) {
        w.address(to)
        w.u64(amount)
    }

    public init(from r: inout CanonicalReader) throws {
        to = try r.address()
        amount = try r.u64()
    }
}

/// The typed operations a transaction carries. Encoded as a u16 tag followed by the payload;
/// new kinds get new tags and old tags never change meaning (Docs/PROTOCOL.md, Docs/RECORDS.md).
public enum Action: Hashable, Sendable, CanonicalCodable {
    case transfer(TransferAction)
    case registerContribution(RegisterContribution)
    case confirmContribution(ConfirmContribution)
    case retractContribution(RetractContribution)
    case attest(Attest)
    case revokeAttestation(RevokeAttestation)
    case propose(Propose)
    case vote(CastVote)
    case delegate(Delegate)
    case deposit(AddDeposit)

    public enum Tag: UInt16, Sendable, CaseIterable {
        case transfer = 1
        case registerContribution = 10
        case confirmContribution = 11
        case retractContribution = 12
        case attest = 20
        case revokeAttestation = 21
        case propose = 30
        case vote = 31
        case delegate = 32
        case deposit = 33

        /// The name used in JSON, receipts and the CLI.
        public var name: String {
            switch self {
            case .transfer: "transfer"
            case .registerContribution: "contribution.register"
            case .confirmContribution: "contribution.confirm"
            case .retractContribution: "contribution.retract"
            case .attest: "attest"
            case .revokeAttestation: "attest.revoke"
            case .propose: "gov.propose"
            case .vote: "gov.vote"
            case .delegate: "gov.delegate"
            case .deposit: "gov.deposit"
            }
        }
    }

    public var tag: Tag {
        switch self {
        case .transfer: .transfer
        case .registerContribution: .registerContribution
        case .confirmContribution: .confirmContribution
        case .retractContribution: .retractContribution
        case .attest: .attest
        case .revokeAttestation: .revokeAttestation
        case .propose: .propose
        case .vote: .vote
        case .delegate: .delegate
        case .deposit: .deposit
        }
    }

    public var name: String { tag.name }

    public func encode(to w: inout CanonicalWriter) {
        w.u16(tag.rawValue)
        switch self {
        case let .transfer(a): a.encode(to: &w)
        case let .registerContribution(a): a.encode(to: &w)
        case let .confirmContribution(a): a.encode(to: &w)
        case let .retractContribution(a): a.encode(to: &w)
        case let .attest(a): a.encode(to: &w)
        case let .revokeAttestation(a): a.encode(to: &w)
        case let .propose(a): a.encode(to: &w)
        case let .vote(a): a.encode(to: &w)
        case let .delegate(a): a.encode(to: &w)
        case let .deposit(a): a.encode(to: &w)
        }
    }

    public init(from r: inout CanonicalReader) throws {
        let raw = try r.u16()
        guard let tag = Tag(rawValue: raw) else { throw CodecError.unknownTag(type: "action", tag: UInt64(raw)) }
        switch tag {
        case .transfer: self = .transfer(try TransferAction(from: &r))
        case .registerContribution: self = .registerContribution(try RegisterContribution(from: &r))
        case .confirmContribution: self = .confirmContribution(try ConfirmContribution(from: &r))
        case .retractContribution: self = .retractContribution(try RetractContribution(from: &r))
        case .attest: self = .attest(try Attest(from: &r))
        case .revokeAttestation: self = .revokeAttestation(try RevokeAttestation(from: &r))
        case .propose: self = .propose(try Propose(from: &r))
        case .vote: self = .vote(try CastVote(from: &r))
        case .delegate: self = .delegate(try Delegate(from: &r))
        case .deposit: self = .deposit(try AddDeposit(from: &r))
        }
    }
}
