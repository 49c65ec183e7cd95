import LedgerCore

/// A failure of the storage below the block's state (an I/O error, a closed database): a node
/// fault, not a property of the transaction. `StateOverlay` wraps every error its base reader throws
/// in this type, so execution can tell it apart from deterministic errors (stored bytes that fail to
/// decode, a broken invariant), which happen alike on every validator. Execution lets a
/// `StateReadFault` propagate (the node stops and the block is not committed); any other error fails
/// only the transaction or end-block item that hit it, with code `INTERNAL` (Docs/PROTOCOL.md,
/// "Execution errors").
public struct StateReadFault: Error, CustomStringConvertible {
    public let underlying: any Error

    public init(underlying: any Error) {
        self.underlying = underlying
    }

    public var description: String { "storage read failed: \(underlying)" }
}

extension RuleError {
    /// A deterministic error that is not a rule's refusal (a record that fails to decode, a broken
    /// invariant): it fails one transaction or end-block item with code `INTERNAL`.
    ///
    /// The committed message is fixed by the protocol — `internal error: decode` for a stored value
    /// that fails to decode (`CodecError`, `FixedBytesError`, a bech32 error), `internal error:
    /// invariant` for anything else — never the Swift rendering of `error`, which depends on the
    /// toolchain. The rendering goes to `InternalErrorLog.current` for the node's log.
    public static func internalError(_ error: any Error) -> RuleError {
        if let rule = error as? RuleError, rule.code == "INTERNAL" { return rule }
        InternalErrorLog.note(error)
        return .rejected(code: "INTERNAL", message: "internal error: " + InternalFault(error).rawValue)
    }
}

/// The protocol-defined detail of an `INTERNAL` failure (Docs/PROTOCOL.md, "Execution errors").
public enum InternalFault: String, Sendable, CaseIterable {
    /// Stored bytes that fail to decode.
    case decode
    /// Any other deterministic error: a broken invariant.
    case invariant

    public init(_ error: any Error) {
        switch error {
        case is CodecError, is FixedBytesError, is Bech32.Error: self = .decode
        default: self = .invariant
        }
    }
}
