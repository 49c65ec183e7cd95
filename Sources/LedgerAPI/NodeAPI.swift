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

/// An error the API reports as `{"error": {"code", "message"}}`. The HTTP status follows from the
/// code through one table (LedgerRPC `ErrorStatus`), so node code never picks a status.
public struct APIError: Error, Sendable, Equatable {
    public var code: ErrorCode
    public var message: String

    public init(code: ErrorCode, message: String) {
        self.code = code
        self.message = message
    }

    public static func badRequest(_ code: ErrorCode, _ message: String) -> APIError { APIError(code: code, message: message) }
    public static func notFound(_ message: String) -> APIError { APIError(code: .notFound, message: message) }
}

/// Queries of the contributions contract (records, lineage, versions); DTOs in ContributionDTOs.swift.
public protocol ContributionQueries: Sendable {
    /// A record in full, or 404.
    func contribution(id: Hash) async throws -> ContributionDTO
    /// The record currently indexed for a content digest (a SHA-256 multihash), or 404.
    func contribution(digest: [UInt8]) async throws -> ContributionDTO
    /// Records listing `contributor` (by address), in id order, after `after`, at most `limit`.
    func contributions(contributor: Address, limit: Int, after: Hash?) async throws -> ContributionPageDTO
    /// Ancestors (`derived_from`, transitively) up to `depth` steps.
    func lineage(id: Hash, depth: Int) async throws -> LineageDTO
    /// Records derived from this one, transitively, up to `depth` steps.
    func descendants(id: Hash, depth: Int) async throws -> LineageDTO
    /// A page of the version history the record belongs to, oldest first: the versions after
    /// `after` (a version of the same history) or from the first, at most `limit` (1…100).
    func versions(id: Hash, after: Hash?, limit: Int) async throws -> ContributionPageDTO
    /// Records citing this one, in id order, after `after`, at most `limit`.
    func citations(id: Hash, limit: Int, after: Hash?) async throws -> ContributionPageDTO
}
/// Queries of the attestations contract (Docs/RPC.md, "Attestations").
public protocol AttestationQueries: Sendable {
    /// One attestation (revoked ones too); 404 when unknown.
    func attestation(id: Hash) async throws -> AttestationDTO
    /// A subject's attestations in id order after the cursor, with its status and summary; 404 when the subject is unknown.
    func attestations(subject: Hash, after: Hash?, limit: Int) async throws -> AttestationListDTO
    /// An attester's attestations in id order after the cursor.
    func attestations(attester: Address, after: Hash?, limit: Int) async throws -> AttestationListDTO
}
/// Queries of governance, policies and the treasury (implemented in LedgerNode/NodeCore+Governance.swift).
public protocol GovernanceQueries: Sendable {
    func proposal(id: UInt64) async throws -> ProposalDTO
    /// Proposals with id > `after`, optionally with a status, at most `limit`.
    func proposals(status: String?, after: UInt64, limit: Int) async throws -> ProposalListDTO
    /// Members with addresses after `after`, in address order, at most `limit` (1…100).
    func members(after: Address?, limit: Int) async throws -> MembersDTO
    func params() async throws -> ParamsDTO
    func policy(name: String) async throws -> PolicyDTO
    func policies() async throws -> [PolicyDTO]
    func treasury() async throws -> TreasuryDTO
}

/// What the RPC layer needs from a node. The node implements it; tests can use a fake.
public protocol NodeAPI: ContributionQueries, AttestationQueries, GovernanceQueries, RecordLogQueries, ValidatorQueries, EventQueries {
    func status() async throws -> StatusDTO
    func genesisJSON() async throws -> [UInt8]
    /// The block at `height`, or the latest when nil.
    func block(height: UInt64?) async throws -> BlockDTO
    func blocks(from: UInt64, to: UInt64) async throws -> [BlockDTO]
    func transaction(id: Hash) async throws -> TransactionDTO
    func account(address: Address) async throws -> AccountDTO
    /// A proof for state `key` at block `height` (latest when nil), present or absent.
    func stateProof(key: [UInt8], height: UInt64?) async throws -> StateProofDTO
    func mempool() async throws -> MempoolDTO
    func submit(_ raw: [UInt8], mode: SubmitMode, timeoutMillis: UInt64) async throws -> SubmitResultDTO
    func submitBatch(_ raws: [[UInt8]], mode: SubmitMode, timeoutMillis: UInt64) async throws -> [SubmitResultDTO]
    /// Runs a signed transaction against the latest committed state without committing (POST /simulate).
    func simulate(_ raw: [UInt8]) async throws -> SimulateResultDTO
    /// The offline audit bundle of a record (LedgerProofs `AuditBundle` bytes, Docs/PROOFS.md) at the latest height.
    func auditBundle(id: Hash) async throws -> [UInt8]
}

extension NodeAPI {
    /// Nodes (and test fakes) without bundles answer 404.
    public func auditBundle(id: Hash) async throws -> [UInt8] { throw APIError.notFound("this node serves no audit bundles") }
    /// Nodes (and test fakes) without an event hub answer 404.
    public func subscribeEvents(filter: EventFilter, resume: EventCursor?) throws -> any EventStream {
        throw APIError.notFound("this node serves no events")
    }
}
