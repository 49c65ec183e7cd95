import LedgerCore

/// The answer of `POST /simulate` (Docs/RPC.md): what the transaction would do against the latest
/// committed state, computed without touching the pool or the chain.
public struct SimulateResultDTO: Codable, Sendable, Equatable {
    public var hash: Hash
    /// False when the transaction could not be included at all (bad signature, fee, nonce…):
    /// `code` and `message` say why and there is no receipt.
    public var includable: Bool
    public var code: String
    public var message: String
    public var gasUsed: UInt64
    /// The smallest fee the chain accepts for this transaction's gas limit.
    public var minimumFee: UInt64?
    public var receipt: ReceiptDTO?

    public init(hash: Hash, includable: Bool, code: String = "", message: String = "", gasUsed: UInt64 = 0, minimumFee: UInt64?,
                receipt: ReceiptDTO? = nil) {
        self.hash = hash
        self.includable = includable
        self.code = code
        self.message = message
        self.gasUsed = gasUsed
        self.minimumFee = minimumFee
        self.receipt = receipt
    }

    enum CodingKeys: String, CodingKey {
        case hash, includable, code, message, gasUsed = "gas_used", minimumFee = "minimum_fee", receipt
    }
}
