import LedgerCore

/// Why a transaction or action was refused or failed. Each case has a stable code (for machines,
/// receipts and RPC) and a sentence (for people).
public enum RuleError: Error, Equatable, Sendable, CustomStringConvertible {
    case outOfGas(limit: UInt64, needed: UInt64)
    case insufficientFunds(needed: UInt64, available: UInt64)
    case insufficientFee(minimum: UInt64, got: UInt64)
    case invalidAmount(String)
    case balanceOverflow
    case wrongNonce(expected: UInt64, got: UInt64)
    case wrongChain(expected: String, got: String)
    case expired(expiry: UInt64, height: UInt64)
    case gasLimitTooHigh(limit: UInt64, max: UInt64)
    /// The gas limit does not cover the transaction's intrinsic gas, so it could only ever fail —
    /// while its bytes would fill blocks for the price of a tiny gas limit.
    case gasLimitTooLow(limit: UInt64, intrinsic: UInt64)
    case invalidSignature
    /// A contract's own refusal: a stable code (e.g. `DUPLICATE_CONTENT`) and a sentence.
    case rejected(code: String, message: String)

    public var code: String {
        switch self {
        case let .rejected(code, _): code
        case .outOfGas: "OUT_OF_GAS"
        case .insufficientFunds: "INSUFFICIENT_FUNDS"
        case .insufficientFee: "INSUFFICIENT_FEE"
        case .invalidAmount: "INVALID_AMOUNT"
        case .balanceOverflow: "BALANCE_OVERFLOW"
        case .wrongNonce: "BAD_NONCE"
        case .wrongChain: "WRONG_CHAIN"
        case .expired: "TX_EXPIRED"
        case .gasLimitTooHigh: "GAS_LIMIT_TOO_HIGH"
        case .gasLimitTooLow: "GAS_LIMIT_TOO_LOW"
        case .invalidSignature: "BAD_SIGNATURE"
        }
    }

    /// `code` as a typed constant (LedgerCore `ErrorCode`); receipts keep the string.
    public var errorCode: ErrorCode { ErrorCode(code) }

    public var description: String {
        switch self {
        case let .rejected(_, message): message
        case let .outOfGas(limit, needed): "out of gas: the limit is \(limit), at least \(needed) needed"
        case let .insufficientFunds(needed, available): "insufficient funds: needed \(needed), available \(available)"
        case let .insufficientFee(minimum, got): "fee too low: the minimum is \(minimum), got \(got)"
        case let .invalidAmount(why): "invalid amount: \(why)"
        case .balanceOverflow: "the recipient's balance would overflow"
        case let .wrongNonce(expected, got): "wrong nonce: expected \(expected), got \(got)"
        case let .wrongChain(expected, got): "wrong chain id: expected '\(expected)', got '\(got)'"
        case let .expired(expiry, height): "transaction expired at height \(expiry); the chain is at \(height)"
        case let .gasLimitTooHigh(limit, max): "gas limit \(limit) exceeds the block gas limit \(max)"
        case let .gasLimitTooLow(limit, intrinsic): "gas limit \(limit) is below the transaction's intrinsic gas \(intrinsic) (base + bytes)"
        case .invalidSignature: "the signature does not match the sender's key and the transaction bytes"
        }
    }
}
