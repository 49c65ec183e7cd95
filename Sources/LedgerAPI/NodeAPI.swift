import LedgerCore

/// How long `POST /tx` waits.
public enum SubmitMode: String, Sendable, Codable {
    /// Return at once; the transaction is checked and pooled in the background.
    case async
    /// Return after mempool admission (default).
    case sync
    /// Return after the transaction is committed in a block, or on timeout.
    case commit
}

/// An error the API reports as `{"error": {"code", "message"}}` with an HTTP status.
public struct APIError: Error, Sendable, Equatable {
    public var status: Int
    public var code: String
    public var message: String

    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public static func badRequest(_ code: String, _ message: String) -> APIError { APIError(status: 400, code: code, message: message) }
    public static func notFound(_ message: String) -> APIError { APIError(status: 404, code: "NOT_FOUND", message: message) }
}

/// Queries of the contributions contract (records, lineage, versions). Filled in by LedgerAPI/ContributionAPI.swift.
public protocol ContributionQueries: Sendable {}
/// Queries of the attestations contract.
public protocol AttestationQueries: Sendable {}
/// Queries of governance, policies and the treasury (implemented in LedgerNode/NodeCore+Governance.swift).
public protocol GovernanceQueries: Sendable {
    func proposal(id: UInt64) async throws -> ProposalDTO
    /// Proposals with id > `after`, optionally with a status, at most `limit`.
    func proposals(status: String?, after: UInt64, limit: Int) async throws -> ProposalListDTO
    func members() async throws -> MembersDTO
    func params() async throws -> ParamsDTO
    func policy(name: String) async throws -> PolicyDTO
    func policies() async throws -> [PolicyDTO]
    func treasury() async throws -> TreasuryDTO
}

/// What the RPC layer needs from a node. The node implements it; tests can use a fake.
public protocol NodeAPI: ContributionQueries, AttestationQueries, GovernanceQueries {
    func status() async throws -> StatusDTO
    func genesisJSON() async throws -> [UInt8]
    /// The block at `height`, or the latest when nil.
    func block(height: UInt64?) async throws -> BlockDTO
    func blocks(from: UInt64, to: UInt64) async throws -> [BlockDTO]
    func transaction(id: Hash) async throws -> TransactionDTO
    func account(address: Address) async throws -> AccountDTO
    func mempool() async throws -> MempoolDTO
    func submit(_ raw: [UInt8], mode: SubmitMode, timeoutMillis: UInt64) async throws -> SubmitResultDTO
    func submitBatch(_ raws: [[UInt8]], mode: SubmitMode, timeoutMillis: UInt64) async throws -> [SubmitResultDTO]
}
