import LedgerCore
import LedgerRules

/// Why a submitted transaction was not accepted, with a stable code for machines.
public struct SubmitError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String

    public init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    static func from(_ e: RuleError) -> SubmitError { SubmitError(e.errorCode, e.description) }

    static func from(decoding e: Error) -> SubmitError {
        if let c = e as? CodecError {
            if case let .unknownTag(type, tag) = c, type == "action" {
                return SubmitError(.unknownAction, "unknown action type \(tag)")
            }
            if case let .lengthTooLarge(field, length, limit) = c, field == "transaction" {
                return SubmitError(.txTooLarge, "transaction is \(length) bytes; the limit is \(limit)")
            }
            return SubmitError(.malformedTx, "the transaction bytes are not a canonical transaction: \(c)")
        }
        return SubmitError(.malformedTx, "\(e)")
    }
}
