import Foundation
import LedgerAPI
import LedgerCore
import LedgerRPC

/// A `NodeAPI` with no chain behind it, for driving the RPC routes. It checks that every call the
/// routes make respects the limits the routes promise (Docs/RPC.md), answers a few calls with
/// fixed values and the rest with 404, and remembers the first broken promise.
final class FakeNode: NodeAPI, @unchecked Sendable {
    let config: RPCConfig
    private let lock = NSLock()
    private var broken: String?

    init(config: RPCConfig) { self.config = config }

    /// The first broken promise since the last call, and forget it.
    func takeBrokenPromise() -> String? {
        lock.lock()
        defer { lock.unlock() }
        defer { broken = nil }
        return broken
    }

    private func promise(_ ok: Bool, _ what: @autoclosure () -> String) {
        guard !ok else { return }
        lock.lock()
        if broken == nil { broken = what() }
        lock.unlock()
    }

    private func none() -> APIError { .notFound("the fake node holds no data") }

    private func checkPage(_ limit: Int, max: Int) { promise(limit >= 1 && limit <= max, "page limit \(limit) outside 1...\(max)") }
    private func checkDepth(_ depth: Int) { promise(depth >= 0 && depth <= 1000, "depth \(depth) outside 0...1000") }
    private func checkTimeout(_ t: UInt64) { promise(t >= 1 && t <= 600_000, "timeout \(t) outside 1...600000") }

    func status() async throws -> StatusDTO { throw none() }
    func genesisJSON() async throws -> [UInt8] { Array(#"{"chain_id":"fuzz"}"#.utf8) }
    func block(height: UInt64?) async throws -> BlockDTO { throw none() }
    func blocks(from: UInt64, to: UInt64) async throws -> [BlockDTO] {
        promise(from <= to && to - from < config.maxBlocksPerRequest, "blocks \(from)...\(to) breaks the range limit")
        return []
    }
    func transaction(id: Hash) async throws -> TransactionDTO { throw none() }
    func account(address: Address) async throws -> AccountDTO { AccountDTO(address: address, balance: 0, nonce: 0, pendingNonce: 0) }
    func mempool() async throws -> MempoolDTO { MempoolDTO(count: 0, bytes: 0, maxCount: 0, maxBytes: 0) }
    func submit(_ raw: [UInt8], mode: SubmitMode, timeoutMillis: UInt64) async throws -> SubmitResultDTO {
        promise(raw.count <= config.maxBodyBytes, "submitted \(raw.count) bytes, body limit \(config.maxBodyBytes)")
        checkTimeout(timeoutMillis)
        return SubmitResultDTO(hash: nil, accepted: false, code: "DECODE", message: "the fake node accepts nothing")
    }
    func submitBatch(_ raws: [[UInt8]], mode: SubmitMode, timeoutMillis: UInt64) async throws -> [SubmitResultDTO] {
        promise(raws.count <= config.maxBatch, "batch of \(raws.count), limit \(config.maxBatch)")
        checkTimeout(timeoutMillis)
        return raws.map { _ in SubmitResultDTO(hash: nil, accepted: false, code: "DECODE", message: "the fake node accepts nothing") }
    }

    func contribution(id: Hash) async throws -> ContributionDTO { throw none() }
    func contribution(digest: [UInt8]) async throws -> ContributionDTO { throw none() }
    func contributions(contributor: Address, limit: Int, after: Hash?) async throws -> ContributionPageDTO { checkPage(limit, max: 100); throw none() }
    func lineage(id: Hash, depth: Int) async throws -> LineageDTO { checkDepth(depth); throw none() }
    func descendants(id: Hash, depth: Int) async throws -> LineageDTO { checkDepth(depth); throw none() }
    func versions(id: Hash, after: Hash?, limit: Int) async throws -> ContributionPageDTO { throw none() }
    func citations(id: Hash, limit: Int, after: Hash?) async throws -> ContributionPageDTO { checkPage(limit, max: 100); throw none() }

    func attestation(id: Hash) async throws -> AttestationDTO { throw none() }
    func attestations(subject: Hash, after: Hash?, limit: Int) async throws -> AttestationListDTO { checkPage(limit, max: AttestationPaging.maxLimit); throw none() }
    func attestations(attester: Address, after: Hash?, limit: Int) async throws -> AttestationListDTO { checkPage(limit, max: AttestationPaging.maxLimit); throw none() }

    func proposal(id: UInt64) async throws -> ProposalDTO { throw none() }
    func proposals(status: String?, after: UInt64, limit: Int) async throws -> ProposalListDTO { checkPage(limit, max: 100); throw none() }
    func members(after: Address?, limit: Int) async throws -> MembersDTO { MembersDTO(members: []) }
    func params() async throws -> ParamsDTO { throw none() }
    func policy(name: String) async throws -> PolicyDTO { throw none() }
    func policies() async throws -> [PolicyDTO] { [] }
    func treasury() async throws -> TreasuryDTO { throw none() }
    func stateProof(key: [UInt8], height: UInt64?) async throws -> StateProofDTO { throw none() }
    func simulate(_ raw: [UInt8]) async throws -> SimulateResultDTO { throw none() }
}
