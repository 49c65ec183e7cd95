/// The JSON shapes of actions and transaction bodies, shared by the RPC API and the wallet so both
/// speak exactly the same language. JSON is for people; hashes and signatures use the canonical bytes.
public struct ActionJSON: Codable, Sendable, Equatable {
    public var type: String
    public var to: Address?
    public var amount: UInt64?

    public init(_ action: Action) {
        switch action {
        case let .transfer(t):
            type = "transfer"
            to = t.to
            amount = t.amount
        }
    }

    public enum ConversionError: Error, CustomStringConvertible, Equatable {
        case unknownType(String)
        case missingField(action: String, field: String)

        public var description: String {
            switch self {
            case let .unknownType(t): "unknown action type '\(t)'"
            case let .missingField(a, f): "action '\(a)' needs the field '\(f)'"
            }
        }
    }

    public func action() throws -> Action {
        switch type {
        case "transfer":
            guard let to else { throw ConversionError.missingField(action: type, field: "to") }
            guard let amount else { throw ConversionError.missingField(action: type, field: "amount") }
            return .transfer(TransferAction(to: to, amount: amount))
        default:
            throw ConversionError.unknownType(type)
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
    public var actions: [ActionJSON]

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
        actions = body.actions.map(ActionJSON.init)
    }

    /// The canonical body; `nonce` must be set (or given).
    public func body(nonce override: UInt64? = nil) throws -> TransactionBody {
        guard let n = override ?? nonce else { throw ActionJSON.ConversionError.missingField(action: "transaction", field: "nonce") }
        return TransactionBody(chainID: chainID, sender: sender, nonce: n, gasLimit: gasLimit, fee: fee, expiry: expiry,
                               actions: try actions.map { try $0.action() })
    }
}
