import LedgerCore

/// The one table from error code to HTTP status (Docs/RPC.md, "Errors"). Node code throws codes;
/// only this table decides the status. Codes not listed (contract refusals such as
/// `DUPLICATE_CONTENT`, rule errors such as `BAD_NONCE`) are the client's fault: 400.
public enum ErrorStatus {
    public static let table: [ErrorCode: Int] = [
        .notFound: 404,
        .pending: 404,
        .methodNotAllowed: 405,
        .bodyTooLarge: 413,
        .alreadyCommitted: 409,
        .busy: 503,
        .tooManySubscribers: 503,
        .replayTooFar: 410,
        .mempoolFull: 503,
        .timeout: 504,
        .internal: 500,
        .noLogKey: 404,
        .badOrigin: 500,
        .tilePathMalformed: 404,
        .stateTreeVersionPruned: 404,
        "STATE_TREE_MISSING_NODE": 500,
        "STATE_TREE_CORRUPT": 500,
    ]

    public static func status(for code: ErrorCode) -> Int { table[code] ?? 400 }
}
