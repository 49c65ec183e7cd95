/// The JSON shapes of actions and transaction bodies, shared by the RPC API and the wallet so both
/// speak exactly the same language. JSON is for people; hashes and signatures use the canonical bytes.
///
/// An action is a JSON object with `"type"` (the action's name, e.g. `"transfer"`) and the payload's
/// fields beside it: `{"type": "transfer", "to": "desci1…", "amount": 5}`.
extension Action: Codable {
    private enum TypeKey: String, CodingKey { case type }

    public enum JSONError: Error, CustomStringConvertible, Equatable {
        case unknownType(String)
        public var description: String {
            switch self {
            case let .unknownType(t): "unknown action type '\(t)'"
            }
        }
    }

    public init(from decoder: Decoder) throws {
        let type = try decoder.container(keyedBy: TypeKey.self).decode(String.self, forKey: .type)
        guard let tag = Tag.allCases.first(where: { $0.name == type }) else { throw JSONError.unknownType(type) }
        switch tag {
        case .transfer: self = .transfer(try TransferAction(from: decoder))
        case .registerContribution: self = .registerContribution(try RegisterContribution(from: decoder))
        case .confirmContribution: self = .confirmContribution(try ConfirmContribution(from: decoder))
        case .retractContribution: self = .retractContribution(try RetractContribution(from: decoder))
        case .attest: self = .attest(try Attest(from: decoder))
        case .revokeAttestation: self = .revokeAttestation(try RevokeAttestation(from: decoder))
        case .propose: self = .propose(try Propose(from: decoder))
        case .vote: self = .vote(try CastVote(from: decoder))
        case .delegate: self = .delegate(try Delegate(from: decoder))
        case .deposit: self = .deposit(try AddDeposit(from: decoder))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: TypeKey.self)
        try c.encode(name, forKey: .type)
        switch self {
        case let .transfer(a): try a.encode(to: encoder)
        case let .registerContribution(a): try a.encode(to: encoder)
        case let .confirmContribution(a): try a.encode(to: encoder)
        case let .retractContribution(a): try a.encode(to: encoder)
        case let .attest(a): try a.encode(to: encoder)
        case let .revokeAttestation(a): try a.encode(to: encoder)
        case let .propose(a): try a.encode(to: encoder)
        case let .vote(a): try a.encode(to: encoder)
        case let .delegate(a): try a.encode(to: encoder)
        case let .deposit(a): try a.encode(to: encoder)
        }
    }
}



/// Proposal actions in JSON: `{"type": "set_policy", "name": "…", "rule": "<canonical JSON>"}` etc.
extension ProposalAction: Codable {
    private enum Keys: String, CodingKey {
        case type, name, value, rule, member, recipient, milestones, grant, index, updates, contribution, reason
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "text": self = .text
        case "set_parameter": self = .setParameter(name: try c.decode(String.self, forKey: .name), value: try c.decode(UInt64.self, forKey: .value))
        case "set_policy": self = .setPolicy(name: try c.decode(String.self, forKey: .name), rule: Array(try c.decode(String.self, forKey: .rule).utf8))
        case "add_member": self = .addMember(try c.decode(Address.self, forKey: .member))
        case "remove_member": self = .removeMember(try c.decode(Address.self, forKey: .member))
        case "grant": self = .grant(recipient: try c.decode(Address.self, forKey: .recipient), milestones: try c.decode([Milestone].self, forKey: .milestones))
        case "approve_milestone": self = .approveMilestone(grant: try c.decode(UInt64.self, forKey: .grant), index: try c.decode(UInt16.self, forKey: .index))
        case "update_validators": self = .updateValidators(try c.decode([ValidatorUpdate].self, forKey: .updates))
        case "retract": self = .retract(contribution: try c.decode(Hash.self, forKey: .contribution), reason: try c.decode(String.self, forKey: .reason))
        default: throw Action.JSONError.unknownType(type)
        }
    }

    public var typeName: String {
        switch self {
        case .text: "text"
        case .setParameter: "set_parameter"
        case .setPolicy: "set_policy"
        case .addMember: "add_member"
        case .removeMember: "remove_member"
        case .grant: "grant"
        case .approveMilestone: "approve_milestone"
        case .updateValidators: "update_validators"
        case .retract: "retract"
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(typeName, forKey: .type)
        switch self {
        case .text: break
        case let .setParameter(name, value):
            try c.encode(name, forKey: .name)
            try c.encode(value, forKey: .value)
        case let .setPolicy(name, rule):
            try c.encode(name, forKey: .name)
            try c.encode(String(decoding: rule, as: UTF8.self), forKey: .rule)
        case let .addMember(a), let .removeMember(a):
            try c.encode(a, forKey: .member)
        case let .grant(recipient, milestones):
            try c.encode(recipient, forKey: .recipient)
            try c.encode(milestones, forKey: .milestones)
        case let .approveMilestone(grant, index):
            try c.encode(grant, forKey: .grant)
            try c.encode(index, forKey: .index)
        case let .updateValidators(u):
            try c.encode(u, forKey: .updates)
        case let .retract(contribution, reason):
            try c.encode(contribution, forKey: .contribution)
            try c.encode(reason, forKey: .reason)
        }
    }
}

/// A transaction body as JSON (the wallet's unsigned-transaction file, the RPC's decoded view).
public struct TransactionBodyJSON: Codable, Sendable, Equatable {
    public var chainID: String
    public var sender: PublicKey
    public var nonce: UInt64?
    public var gasLimit: UInt64
    public var fee: UInt64
    public var expiry: UInt64?
    public var actions: [Action]

    enum CodingKeys: String, CodingKey {
        case chainID = "chain_id", sender, nonce, gasLimit = "gas_limit", fee, expiry, actions
    }

    public init(_ body: TransactionBody) {
        chainID = body.chainID
        sender = body.sender
        nonce = body.nonce
        gasLimit = body.gasLimit
        fee = body.fee
        expiry = body.expiry
        actions = body.actions
    }

    public init(chainID: String, sender: PublicKey, nonce: UInt64?, gasLimit: UInt64, fee: UInt64, expiry: UInt64?, actions: [Action]) {
        self.chainID = chainID
        self.sender = sender
        self.nonce = nonce
        self.gasLimit = gasLimit
        self.fee = fee
        self.expiry = expiry
        self.actions = actions
    }

    public enum ConversionError: Error, CustomStringConvertible, Equatable {
        case missingNonce
        public var description: String { "the transaction has no nonce" }
    }

    /// The canonical body; `nonce` must be set (or given).
    public func body(nonce override: UInt64? = nil) throws -> TransactionBody {
        guard let n = override ?? nonce else { throw ConversionError.missingNonce }
        return TransactionBody(chainID: chainID, sender: sender, nonce: n, gasLimit: gasLimit, fee: fee, expiry: expiry, actions: actions)
    }
}
