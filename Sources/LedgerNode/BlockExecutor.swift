import LedgerCore
import LedgerCrypto
import LedgerProofs
import LedgerRules
import LedgerStorage

/// A block after execution, ready to be committed.
struct ExecutedBlock: Sendable {
    var block: Block
    var transactions: [Transaction]
    var receipts: [Receipt]
    /// Events of the end-block hooks (proposal tallies, executions), committed to by the results root.
    var endBlockEvents: [Event] = []
    var stateChanges: [(key: [UInt8], value: [UInt8]?)]
    /// The state tree's new version (height), written in the block's batch.
    var stateTree: StateTreeUpdate
    /// Record-log writes for the `log` column (entries, completed nodes, size).
    var logWrites: [(key: [UInt8], value: [UInt8])] = []
    /// The set this block announces for the next height, when it differs from the block's own set.
    var validatorSetChange: [ValidatorUpdate]? = nil
    /// Candidates that could not be included, with the reason (for mempool eviction).
    var rejected: [(id: Hash, error: RuleError)]
    /// The Swift descriptions of the `INTERNAL` errors met while executing (`InternalErrorLog`):
    /// for the node's log only, never committed (the receipts and events carry stable codes).
    var internalDiagnostics: [String] = []

    /// What failed with `INTERNAL` (a record that no longer decodes, a broken invariant): the same on
    /// every validator, so the block goes on, but it is a bug or corruption and the node logs it
    /// loudly. Storage faults never get here: `StateReadFault` stops execution (Docs/PROTOCOL.md).
    var internalFailures: [String] {
        receipts.filter { $0.code == "INTERNAL" }.map { "transaction \($0.transactionID): \($0.message)" }
            + rejected.filter { $0.error.code == "INTERNAL" }.map { "transaction \($0.id): \($0.error)" }
            + endBlockEvents.filter { $0.kind == "end_block_item_failed" || $0.kind == "end_block_failed" }
            .map { e in "end-block: " + e.attributes.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
            + internalDiagnostics.map { "cause: " + $0 }
    }
}

public enum BlockValidationError: Error, CustomStringConvertible {
    case invalidTransaction(index: Int, reason: String)
    case mismatch(field: String, expected: Hash, got: Hash)
    case wrongHeight(expected: UInt64, got: UInt64)
    case wrongPrevious
    case nonMonotonicTime
    case overLimit(String)
    case invalidEvidence(height: UInt64, validator: UInt32, reason: String)

    public var description: String {
        switch self {
        case let .invalidTransaction(i, r): "transaction \(i) is invalid: \(r)"
        case let .mismatch(f, e, g): "\(f) mismatch: header says \(e), execution gives \(g)"
        case let .wrongHeight(e, g): "expected height \(e), got \(g)"
        case .wrongPrevious: "previous block hash does not match the chain"
        case .nonMonotonicTime: "block time is not after the previous block's"
        case let .overLimit(what): "block exceeds \(what)"
        case let .invalidEvidence(h, v, r): "evidence against validator \(v) at height \(h) is invalid: \(r)"
        }
    }
}

/// Runs transactions over the committed state and yields the block's receipts, changes and roots.
/// Deterministic: the result depends only on the transactions, the prior state and the header fields.
enum BlockExecutor {
    struct Header {
        var chainID: String
        var height: UInt64
        var timeMillis: UInt64
        var previousHash: Hash
        var proposer: Address
        /// The previous height's commit (nil at height 1); the block carries it and the header its hash.
        var lastCommit: Commit? = nil
        /// Equivocation evidence to include (proposer) or that the block carries (replay).
        var evidence: [EquivocationEvidence] = []
    }

    /// Evidence older than this many heights is refused.
    static let evidenceWindow: UInt64 = 100

    /// Proposer mode: takes candidates in order, skipping those that may not be included and stopping
    /// at the block's byte and gas limits.
    static func propose(candidates: [Transaction], header h: Header, store: ChainStore, verifySignatures: Bool = false) throws -> ExecutedBlock {
        try run(candidates: candidates, header: h, store: store, verifySignatures: verifySignatures, strict: false)
    }

    /// Validation mode: every transaction must be includable; any rejection makes the block invalid.
    static func replay(_ block: Block, store: ChainStore) throws -> ExecutedBlock {
        let txs = try block.transactions.enumerated().map { i, wire in
            do { return try Transaction.decode(wire) } catch {
                throw BlockValidationError.invalidTransaction(index: i, reason: "\(error)")
            }
        }
        let hd = block.header
        let executed = try run(candidates: txs, header: Header(chainID: hd.chainID, height: hd.height, timeMillis: hd.timeMillis,
                                                              previousHash: hd.previousHash, proposer: hd.proposer, lastCommit: block.lastCommit,
                                                              evidence: block.evidence),
                               store: store, verifySignatures: true, strict: true)
        let got = executed.block.header
        if got.validatorsHash != hd.validatorsHash {
            throw BlockValidationError.mismatch(field: "validators hash", expected: hd.validatorsHash, got: got.validatorsHash)
        }
        if got.lastCommitHash != hd.lastCommitHash {
            throw BlockValidationError.mismatch(field: "last commit hash", expected: hd.lastCommitHash, got: got.lastCommitHash)
        }
        if got.transactionsRoot != hd.transactionsRoot { throw BlockValidationError.mismatch(field: "transactions root", expected: hd.transactionsRoot, got: got.transactionsRoot) }
        if got.resultsRoot != hd.resultsRoot { throw BlockValidationError.mismatch(field: "results root", expected: hd.resultsRoot, got: got.resultsRoot) }
        if got.nextValidatorsHash != hd.nextValidatorsHash {
            throw BlockValidationError.mismatch(field: "next validators hash", expected: hd.nextValidatorsHash, got: got.nextValidatorsHash)
        }
        if got.stateRoot != hd.stateRoot { throw BlockValidationError.mismatch(field: "state root", expected: hd.stateRoot, got: got.stateRoot) }
        if got.logRoot != hd.logRoot || got.logSize != hd.logSize {
            throw BlockValidationError.mismatch(field: "log root (size \(hd.logSize) vs \(got.logSize))", expected: hd.logRoot, got: got.logRoot)
        }
        return executed
    }

    private static func run(candidates: [Transaction], header h: Header, store: ChainStore, verifySignatures: Bool, strict: Bool) throws -> ExecutedBlock {
        // The descriptions of INTERNAL errors are collected for the log, outside consensus state.
        let diagnostics = InternalErrorLog()
        var executed = try InternalErrorLog.$current.withValue(diagnostics) {
            try execute(candidates: candidates, header: h, store: store, verifySignatures: verifySignatures, strict: strict)
        }
        executed.internalDiagnostics = diagnostics.recorded
        return executed
    }

    private static func execute(candidates: [Transaction], header h: Header, store: ChainStore, verifySignatures: Bool, strict: Bool) throws -> ExecutedBlock {
        let params = try store.params()
        let context = BlockContext(chainID: h.chainID, genesisHash: try store.genesisHash(), height: h.height, timeMillis: h.timeMillis,
                                   proposer: h.proposer, params: params)
        let overlay = StateOverlay(base: store.stateReader)
        // Begin block: a validator set scheduled for this height takes effect (Docs/CONSENSUS.md).
        let sets = try ValidatorSetState.beginBlock(height: h.height, state: overlay)
        var included: [Transaction] = []
        var receipts: [Receipt] = []
        var rejected: [(id: Hash, error: RuleError)] = []
        var bytes: UInt64 = 0
        var gas: UInt64 = 0
        included.reserveCapacity(candidates.count)
        receipts.reserveCapacity(candidates.count)

        for (i, tx) in candidates.enumerated() {
            let size = UInt64(tx.wire.count)
            // `gas` never exceeds the limit, so the subtraction cannot underflow; `gas + gasLimit` could overflow.
            if bytes + size > params.maxBlockBytes || tx.body.gasLimit > params.maxBlockGas - gas {
                if strict { throw BlockValidationError.overLimit(bytes + size > params.maxBlockBytes ? "max_block_bytes" : "max_block_gas") }
                continue
            }
            switch try TransactionExecutor.apply(tx, block: context, state: overlay, verifySignature: verifySignatures) {
            case let .success(receipt):
                included.append(tx)
                receipts.append(receipt)
                bytes += size
                gas += tx.body.gasLimit
            case let .failure(error):
                if strict { throw BlockValidationError.invalidTransaction(index: i, reason: "\(error.code): \(error)") }
                rejected.append((tx.id, error))
            }
        }

        let evidence = try recordEvidence(h, store: store, state: overlay, strict: strict)

        // End-block hooks run over the block's state after its transactions (Docs/PROTOCOL.md). They
        // fail item by item; only a storage fault (StateReadFault) comes out of here.
        let endBlockEvents = evidence.events + (try Contracts.endBlock(block: context, state: overlay, proposer: h.proposer))

        let changes = overlay.sortedChanges()
        let stateTree = try store.stateTree.update(version: h.height, changes: changes)
        let stateRoot = stateTree.rootHash
        let txRoot = MerkleTree.root(leaves: included.map(\.id.bytes))
        var resultLeaves = receipts.map { SHA256.hash($0.commitmentBytes).bytes }
        if !endBlockEvents.isEmpty { resultLeaves.append(SHA256.hash(endBlockEventsBytes(endBlockEvents)).bytes) }
        let resultsRoot = MerkleTree.root(leaves: resultLeaves)
        // The record log is appended here and written in step 6 with the block (Docs/PROOFS.md).
        let log = try RecordLog.append(RecordLog.leaves(height: h.height, transactions: included, receipts: receipts, endBlockEvents: endBlockEvents),
                                       kv: store.kv)
        let header = BlockHeader(chainID: h.chainID, height: h.height, timeMillis: h.timeMillis, previousHash: h.previousHash,
                                 transactionsRoot: txRoot, resultsRoot: resultsRoot, stateRoot: stateRoot,
                                 validatorsHash: ValidatorSetState.hash(sets.current), nextValidatorsHash: ValidatorSetState.hash(sets.next),
                                 lastCommitHash: Block.lastCommitHash(h.lastCommit), proposer: h.proposer,
                                 transactionCount: UInt32(included.count), logSize: log.size, logRoot: log.root)
        return ExecutedBlock(block: Block(header: header, transactions: included.map(\.wire), lastCommit: h.lastCommit, evidence: evidence.kept),
                             transactions: included,
                             receipts: receipts, endBlockEvents: endBlockEvents, stateChanges: changes, stateTree: stateTree, logWrites: log.writes,
                             validatorSetChange: sets.next == sets.current ? nil : sets.next, rejected: rejected)
    }

    /// Records each piece of evidence in state (`04 0d ‖ public key ‖ sort key` → its bytes) with an
    /// `equivocation` event (Docs/PROTOCOL.md §5.5). Refused: evidence not below the block's height,
    /// older than `evidenceWindow`, invalid for the set of its height, or already recorded. In
    /// replay (`strict`) a refused piece makes the block invalid; a proposer drops it.
    static func recordEvidence(_ h: Header, store: ChainStore, state: StateOverlay, strict: Bool) throws
        -> (kept: [EquivocationEvidence], events: [Event]) {
        let chain = ChainIdentity(chainID: h.chainID, genesisHash: try store.genesisHash())
        var kept: [EquivocationEvidence] = []
        var events: [Event] = []
        for e in h.evidence.sorted(by: { $0.sortKey.lexicographicallyPrecedes($1.sortKey) }) {
            func refuse(_ why: String) throws {
                if strict { throw BlockValidationError.invalidEvidence(height: e.height, validator: e.validatorIndex, reason: why) }
            }
            guard e.height < h.height, h.height - e.height <= evidenceWindow else {
                try refuse("height \(e.height) is not within the \(evidenceWindow) heights below \(h.height)")
                continue
            }
            if let last = kept.last, last.sortKey == e.sortKey { try refuse("duplicate in the block"); continue }
            let set = try store.validatorSet(height: e.height).map { (publicKey: $0.publicKey, power: $0.power) }
            let member: (publicKey: PublicKey, power: UInt64)
            do { member = try EvidenceVerification.verify(e, validators: set, chain: chain) } catch let err as EvidenceVerificationError {
                try refuse("\(err)")
                continue
            }
            let key = ValidatorSetState.evidenceKey(member.publicKey, e.sortKey)
            guard try state.read(key) == nil else { try refuse("already recorded"); continue }
            state.write(key, e.canonicalBytes)
            kept.append(e)
            events.append(Event(kind: "equivocation", attributes: [
                ("validator", Address(publicKey: member.publicKey).bech32), ("pub_key", member.publicKey.hex), ("power", String(member.power)),
                ("height", String(e.height)), ("round", String(e.round)), ("vote_type", e.voteType == 1 ? "prevote" : "precommit"),
            ]))
        }
        return (kept, events)
    }

    /// The canonical encoding of the end-block events: a list (u32 count) of events.
    static func endBlockEventsBytes(_ events: [Event]) -> [UInt8] {
        var w = CanonicalWriter()
        w.list(events) { $1.encode(to: &$0) }
        return w.bytes
    }
}
