/// A stable, machine-readable error code (`"BAD_NONCE"`, `"NOT_FOUND"`…), as swift-certificates'
/// `CertificateError.ErrorCode`. A struct rather than an enum so that contracts can keep their own
/// literal codes (`.rejected(code: "DUPLICATE_CONTENT", …)`) and still compare with the constants.
/// Codes are upper-case ASCII; they appear in receipts, RPC answers and Docs/RPC.md.
public struct ErrorCode: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// Every code the node itself produces (contracts add their own; Docs/RECORDS.md, GOVERNANCE.md).
extension ErrorCode {
    // Request shape (RPC).
    public static let missingParam: ErrorCode = "MISSING_PARAM"
    public static let badParam: ErrorCode = "BAD_PARAM"
    public static let badRange: ErrorCode = "BAD_RANGE"
    public static let badHash: ErrorCode = "BAD_HASH"
    public static let badAddress: ErrorCode = "BAD_ADDRESS"
    public static let badEncoding: ErrorCode = "BAD_ENCODING"
    public static let malformedJSON: ErrorCode = "MALFORMED_JSON"
    public static let bodyTooLarge: ErrorCode = "BODY_TOO_LARGE"
    public static let batchTooLarge: ErrorCode = "BATCH_TOO_LARGE"
    public static let notFound: ErrorCode = "NOT_FOUND"
    public static let methodNotAllowed: ErrorCode = "METHOD_NOT_ALLOWED"
    public static let pending: ErrorCode = "PENDING"
    public static let busy: ErrorCode = "BUSY"
    public static let timeout: ErrorCode = "TIMEOUT"
    public static let `internal`: ErrorCode = "INTERNAL"

    // Submission (mempool admission).
    public static let malformedTx: ErrorCode = "MALFORMED_TX"
    public static let unknownAction: ErrorCode = "UNKNOWN_ACTION"
    public static let txTooLarge: ErrorCode = "TX_TOO_LARGE"
    public static let duplicateTx: ErrorCode = "DUPLICATE_TX"
    public static let duplicateNonce: ErrorCode = "DUPLICATE_NONCE"
    public static let nonceTooFar: ErrorCode = "NONCE_TOO_FAR"
    public static let mempoolFull: ErrorCode = "MEMPOOL_FULL"
    public static let alreadyCommitted: ErrorCode = "ALREADY_COMMITTED"

    // Transaction rules (RuleError).
    public static let outOfGas: ErrorCode = "OUT_OF_GAS"
    public static let insufficientFunds: ErrorCode = "INSUFFICIENT_FUNDS"
    public static let insufficientFee: ErrorCode = "INSUFFICIENT_FEE"
    public static let invalidAmount: ErrorCode = "INVALID_AMOUNT"
    public static let balanceOverflow: ErrorCode = "BALANCE_OVERFLOW"
    public static let badNonce: ErrorCode = "BAD_NONCE"
    public static let wrongChain: ErrorCode = "WRONG_CHAIN"
    public static let txExpired: ErrorCode = "TX_EXPIRED"
    public static let gasLimitTooHigh: ErrorCode = "GAS_LIMIT_TOO_HIGH"
    public static let gasLimitTooLow: ErrorCode = "GAS_LIMIT_TOO_LOW"
    public static let badSignature: ErrorCode = "BAD_SIGNATURE"

    // Proofs (record log, state tree).
    public static let noLogKey: ErrorCode = "NO_LOG_KEY"
    public static let badOrigin: ErrorCode = "BAD_ORIGIN"
    public static let tilePathMalformed: ErrorCode = "TILE_PATH_MALFORMED"
    public static let stateTreeVersionPruned: ErrorCode = "STATE_TREE_VERSION_PRUNED"
}
