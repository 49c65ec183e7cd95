import LedgerCore
import LedgerCrypto

/// Why the signer refused a message. `code` is stable.
public enum SignerRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// `SignedState.check` refused: the message would regress or conflict.
    case guarded(SignedState.Refusal)
    /// No signer record was found (a wiped data folder, or a key moved to a new machine) and no
    /// safe height is known yet: the node watches the chain pass one height before signing.
    case awaitingSafeHeight(highestSeen: UInt64)
    /// The message is at or below the safe height.
    case belowSafeHeight(signAfter: UInt64, requested: UInt64)
    /// The record could not be written, so nothing is signed.
    case storage(String)

    public var code: String {
        switch self {
        case let .guarded(r): r.code
        case .awaitingSafeHeight: "SIGN_AWAITING_SAFE_HEIGHT"
        case .belowSafeHeight: "SIGN_BELOW_SAFE_HEIGHT"
        case .storage: "SIGN_STATE_UNWRITABLE"
        }
    }

    public var description: String {
        switch self {
        case let .guarded(r): r.description
        case let .awaitingSafeHeight(h):
            "no signer state on disk: waiting to see the chain commit a height (highest seen \(h)) before signing; "
                + "or start with --unsafe-sign-after-height"
        case let .belowSafeHeight(s, r): "signing is allowed only above height \(s); refusing height \(r)"
        case let .storage(why): "cannot persist the signer state: \(why)"
        }
    }
}

/// The validator's signer with the double-sign guard on disk: before any vote or proposal is
/// signed, the new `SignedState` is written durably to the `SignerRecordStore`; a message that
/// `SignedState.check` refuses, or that is at or below the safe height, is never signed.
///
/// Without a record (first start of a wiped data folder) the signer refuses everything until
/// either the operator gives `unsafeSignAfterHeight` (then it signs only above it), or the engine
/// reports the first height the chain commits (`observeCommit`): the safe height is then the
/// highest height seen in any consensus message or commit until then, so a signature the old
/// instance may have made before the wipe (at most at the network's height at restart) is never
/// contradicted. Docs/CONSENSUS.md, "Double-sign guard".
public final class PersistentSigner {
    private let key: SigningKey
    public let chain: ChainIdentity
    public let publicKey: PublicKey
    private let store: SignerRecordStore
    public private(set) var record: SignerRecord?
    public private(set) var highestSeen: UInt64 = 0

    public init(key: SigningKey, chain: ChainIdentity, store: SignerRecordStore, unsafeSignAfterHeight: UInt64? = nil) throws {
        self.key = key
        self.chain = chain
        publicKey = key.publicKey
        self.store = store
        record = try store.load()
        if record == nil, let h = unsafeSignAfterHeight {
            let created = SignerRecord(last: nil, signAfterHeight: h)
            try store.save(created)
            record = created
        }
    }

    /// Whether the signer may sign at all yet.
    public var isArmed: Bool { record != nil }

    /// A consensus message of height `h` was seen (only matters while no record exists).
    public func observe(height h: UInt64) {
        if record == nil { highestSeen = max(highestSeen, h) }
    }

    /// The local chain committed height `h`. Without a record, this fixes the safe height.
    public func observeCommit(height h: UInt64) throws {
        guard record == nil else { return }
        let created = SignerRecord(last: nil, signAfterHeight: max(highestSeen, h))
        try store.save(created)
        record = created
    }

    public func sign(_ vote: Vote) -> Result<Vote, SignerRefusal> {
        authorise(height: vote.height) {
            SignedState.check($0, vote: vote, chain: chain)
        } recording: {
            SignedState.recording(vote: vote, chain: chain)
        }.map { () in
            var signed = vote
            signed.signature = key.sign(vote.signingMessage(chain: chain))
            return signed
        }
    }

    public func sign(_ proposal: Proposal) -> Result<Proposal, SignerRefusal> {
        authorise(height: proposal.height) {
            SignedState.check($0, proposal: proposal, chain: chain)
        } recording: {
            SignedState.recording(proposal: proposal, chain: chain)
        }.map { () in
            var signed = proposal
            signed.signature = key.sign(proposal.signingMessage(chain: chain))
            return signed
        }
    }

    /// The guard: safe height, then `SignedState.check`, then the durable write; only then may the caller sign.
    private func authorise(height: UInt64, check: (SignedState?) -> SignedState.Verdict,
                           recording: () -> SignedState) -> Result<Void, SignerRefusal> {
        guard let current = record else { return .failure(.awaitingSafeHeight(highestSeen: highestSeen)) }
        guard height > current.signAfterHeight else {
            return .failure(.belowSafeHeight(signAfter: current.signAfterHeight, requested: height))
        }
        switch check(current.last) {
        case let .refuse(why): return .failure(.guarded(why))
        case .resign: return .success(())
        case .sign:
            let next = SignerRecord(last: recording(), signAfterHeight: current.signAfterHeight)
            do { try store.save(next) } catch { return .failure(.storage("\(error)")) }
            record = next
            return .success(())
        }
    }
}
