import LedgerAPI
import LedgerCore
import LedgerRPC
import Synchronization

/// A `NodeAPI` with canned answers, so routes are tested without a chain, RocksDB or sockets.
/// Unset answers throw `NOT_FOUND`; `submitResult` is what every submission gets; `gate`, when
/// set, holds `block(height:)` and `mode=commit` submissions until opened (to fill the in-flight limit).
final class FakeNode: NodeAPI {
    let submitResult: SubmitResultDTO
    let gate: Gate?
    private let submitted = Mutex<[SubmitMode]>([])
    private let simulated = Mutex<[[UInt8]]>([])
    private let pages = Mutex<[String]>([])

    init(submitResult: SubmitResultDTO = SubmitResultDTO(hash: nil, accepted: true), gate: Gate? = nil) {
        self.submitResult = submitResult
        self.gate = gate
    }

    var modes: [SubmitMode] { submitted.withLock { $0 } }
    /// The decoded bytes each `POST /simulate` passed to the node, in order.
    var simulations: [[UInt8]] { simulated.withLock { $0 } }
    /// The paging arguments each `GET /members` and `GET /versions` passed to the node, in order.
    var pageRequests: [String] { pages.withLock { $0 } }

    static let hash = Hash(unchecked: [UInt8](repeating: 0xAB, count: 32))

    func status() async throws -> StatusDTO {
        StatusDTO(chainID: "fake-1", version: "0", latestHeight: 7, latestHash: Self.hash, latestTime: "2026-01-01T00:00:00.000Z",
                  latestTimeMillis: 0, genesisHash: Self.hash, validatorAddress: nil, validatorPubKey: nil, mempoolSize: 0)
    }
    func genesisJSON() async throws -> [UInt8] { Array("{}".utf8) }
    func block(height: UInt64?) async throws -> BlockDTO {
        if let gate { await gate.wait() }
        throw APIError.notFound("no block")
    }
    func blocks(from: UInt64, to: UInt64) async throws -> [BlockDTO] { [] }
    func transaction(id: Hash) async throws -> TransactionDTO { throw APIError(code: .pending, message: "in the mempool") }
    func account(address: Address) async throws -> AccountDTO { throw APIError.notFound("fake") }
    func mempool() async throws -> MempoolDTO { MempoolDTO(count: 0, bytes: 0, maxCount: 1, maxBytes: 1) }
    func submit(_ raw: [UInt8], mode: SubmitMode, timeoutMillis: UInt64) async throws -> SubmitResultDTO {
        submitted.withLock { $0.append(mode) }
        // Like NodeCore: a commit waiter gives its in-flight slot back, then waits (for the gate).
        if mode == .commit, let gate {
            InFlightSlot.current?.release()
            await gate.wait()
        }
        return submitResult
    }
    func submitBatch(_ raws: [[UInt8]], mode: SubmitMode, timeoutMillis: UInt64) async throws -> [SubmitResultDTO] {
        raws.map { _ in submitResult }
    }

    func contribution(id: Hash) async throws -> ContributionDTO { throw APIError.notFound("fake") }
    func contribution(digest: [UInt8]) async throws -> ContributionDTO { throw APIError.notFound("fake") }
    func contributions(contributor: Address, limit: Int, after: Hash?) async throws -> ContributionPageDTO { throw APIError.notFound("fake") }
    func lineage(id: Hash, depth: Int) async throws -> LineageDTO { throw APIError.notFound("fake") }
    func descendants(id: Hash, depth: Int) async throws -> LineageDTO { throw APIError.notFound("fake") }
    func versions(id: Hash, after: Hash?, limit: Int) async throws -> ContributionPageDTO {
        pages.withLock { $0.append("versions after=\(after?.hex ?? "-") limit=\(limit)") }
        return ContributionPageDTO(items: [], nextCursor: nil)
    }
    func citations(id: Hash, limit: Int, after: Hash?) async throws -> ContributionPageDTO { throw APIError.notFound("fake") }
    func attestation(id: Hash) async throws -> AttestationDTO { throw APIError.notFound("fake") }
    func attestations(subject: Hash, after: Hash?, limit: Int) async throws -> AttestationListDTO { throw APIError.notFound("fake") }
    func attestations(attester: Address, after: Hash?, limit: Int) async throws -> AttestationListDTO { throw APIError.notFound("fake") }
    func proposal(id: UInt64) async throws -> ProposalDTO { throw APIError.notFound("fake") }
    func proposals(status: String?, after: UInt64, limit: Int) async throws -> ProposalListDTO { throw APIError.notFound("fake") }
    func members(after: Address?, limit: Int) async throws -> MembersDTO {
        pages.withLock { $0.append("members after=\(after?.bech32 ?? "-") limit=\(limit)") }
        return MembersDTO(members: [])
    }
    func params() async throws -> ParamsDTO { throw APIError.notFound("fake") }
    func policy(name: String) async throws -> PolicyDTO { throw APIError.notFound("fake") }
    func policies() async throws -> [PolicyDTO] { [] }
    func treasury() async throws -> TreasuryDTO { throw APIError.notFound("fake") }
    func stateProof(key: [UInt8], height: UInt64?) async throws -> StateProofDTO { throw APIError.notFound("fake") }
    /// Bytes `[0x01]` simulate as includable with a receipt; anything else as `BAD_SIGNATURE`.
    func simulate(_ raw: [UInt8]) async throws -> SimulateResultDTO {
        simulated.withLock { $0.append(raw) }
        guard raw == [0x01] else {
            return SimulateResultDTO(hash: Self.hash, includable: false, code: "BAD_SIGNATURE", message: "bad signature", minimumFee: 20)
        }
        let receipt = Receipt(transactionID: Self.hash, status: .success, gasUsed: 4_676, feePaid: 20)
        return SimulateResultDTO(hash: Self.hash, includable: true, gasUsed: 4_676, minimumFee: 20, receipt: ReceiptDTO(receipt))
    }
}

/// Holds waiters until `open()`; `waiting` counts those held.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    var waiting: Int { state.withLock { $0.waiters.count } }

    func wait() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { s -> Bool in
                if s.open { return true }
                s.waiters.append(c)
                return false
            }
            if resumeNow { c.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.open = true
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume() }
    }
}
