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
    public static func internalError(_ error: any Error) -> RuleError {
        .rejected(code: "INTERNAL", message: "internal error: \(error)")
    }
}
