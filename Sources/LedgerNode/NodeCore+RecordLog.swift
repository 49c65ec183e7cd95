import LedgerAPI
import LedgerCore
import LedgerCrypto
import LedgerProofs

/// The record log's queries (Docs/RPC.md, "Record log"; formats in Docs/PROOFS.md). Every size is
/// bounded by the committed log size; proofs read O(log n) stored nodes.
extension NodeCore {
    /// The checkpoint origin (and signed-note key name): `desci-ledger/<chain id>/log`.
    public var logOrigin: String { Checkpoint.origin(chainID: genesis.chainID) }

    func logState() throws -> (size: UInt64, root: Hash, nodes: RecordLog.Nodes) {
        let nodes = RecordLog.Nodes(kv: chain.kv)
        let size = try RecordLog.size(chain.kv)
        return (size, try LogTree.root(size: size, reader: nodes), nodes)
    }

    func signedCheckpoint(size: UInt64, root: Hash) throws -> String {
        guard let validator else {
            throw APIError(code: "NO_LOG_KEY", message: "this node has no validator key to sign checkpoints")
        }
        let origin = logOrigin
        guard SignedNote.isValidKeyName(origin) else {
            throw APIError(code: "BAD_ORIGIN", message: "the chain id cannot form a signed-note key name")
        }
        return checkpoints.note(size: size, root: root) {
            SignedNote.sign(text: Checkpoint(origin: origin, size: size, root: root).text, name: origin,
                            publicKey: validator.publicKey, sign: validator.sign)
        }
    }

    private func checkSize(_ size: UInt64?, current: UInt64, name: String) throws -> UInt64 {
        let s = size ?? current
        guard s <= current else { throw APIError.badRequest("LOG_SIZE_OUT_OF_RANGE", "'\(name)' \(s) is above the log size \(current)") }
        return s
    }

    public func logCheckpoint() async throws -> String {
        let (size, root, _) = try logState()
        return try signedCheckpoint(size: size, root: root)
    }

    public func logInclusionProof(index: UInt64, size: UInt64?) async throws -> LogInclusionProofDTO {
        let state = try logState()
        let n = try checkSize(size, current: state.size, name: "size")
        guard index < n else { throw APIError.badRequest("LOG_INDEX_OUT_OF_RANGE", "'index' \(index) must be below the size \(n)") }
        let proof = try LogTree.inclusionProof(index: index, size: n, reader: state.nodes)
        return LogInclusionProofDTO(index: index, size: n, leafHash: try state.nodes.node(level: 0, index: index),
                                    root: try LogTree.root(size: n, reader: state.nodes), proof: proof)
    }

    public func logConsistencyProof(from: UInt64, to: UInt64?) async throws -> LogConsistencyProofDTO {
        let state = try logState()
        let n = try checkSize(to, current: state.size, name: "to")
        guard from <= n else { throw APIError.badRequest("LOG_SIZE_OUT_OF_RANGE", "'from' \(from) must not be above 'to' \(n)") }
        return LogConsistencyProofDTO(from: from, to: n, fromRoot: try LogTree.root(size: from, reader: state.nodes),
                                      toRoot: try LogTree.root(size: n, reader: state.nodes),
                                      proof: try LogTree.consistencyProof(from: from, to: n, reader: state.nodes))
    }

    public func logEntry(index: UInt64) async throws -> LogEntryDTO {
        let state = try logState()
        guard index < state.size else { throw APIError.notFound("no log entry \(index); the log has \(state.size)") }
        guard let entry = try chain.kv.get(.log, RecordLog.entryKey(index)) else { throw APIError(code: "INTERNAL", message: "log entry missing") }
        let leaf = try LogLeaf(entry: entry)
        let proof = try LogTree.inclusionProof(index: index, size: state.size, reader: state.nodes)
        let note = validator == nil ? nil : try signedCheckpoint(size: state.size, root: state.root)
        var txID: Hash?
        var action: String?
        switch leaf.payload {
        case let .transaction(wire):
            let tx = try Transaction.decode(wire)
            txID = tx.id
            action = tx.body.actions[Int(leaf.actionIndex)].name
        case let .transactionDigest(id, _, _, tag, _):
            txID = id
            action = Action.Tag(rawValue: tag)?.name
        case let .execution(event): action = event.kind
        case .executionDigest: action = nil
        }
        return LogEntryDTO(index: index, size: state.size, height: leaf.height, position: leaf.position, actionIndex: leaf.actionIndex,
                           transactionID: txID, action: action, entry: entry, leafHash: MerkleTree.leafHash(entry),
                           tlogProof: note.map { TlogProof(index: index, proof: proof, checkpointNote: $0).text })
    }

    /// A tile or entry bundle by its tlog-tiles path (the part after `tile/`); the flag says whether
    /// it is a full tile, which never changes.
    public func logTile(path: String) async throws -> (bytes: [UInt8], full: Bool) {
        let tile: TilePath
        do { tile = try TilePath(parsing: path) } catch let e as LogError {
            throw APIError(code: ErrorCode(e.code), message: e.description)
        }
        let size = try RecordLog.size(chain.kv)
        let first = tile.index.multipliedReportingOverflow(by: TilePath.width)
        guard !first.overflow else { throw APIError.notFound("tile index too large") }
        let start = first.partialValue
        if let level = tile.level {
            let count = level * TilePath.height >= 64 ? 0 : size >> UInt64(level * TilePath.height)
            guard start < count, tile.width <= count - start else {
                throw APIError.notFound("tile \(tile.path) is beyond the log (size \(size))")
            }
            let nodes = RecordLog.Nodes(kv: chain.kv)
            var out: [UInt8] = []
            out.reserveCapacity(Int(tile.width) * 32)
            for i in 0..<tile.width { out += try nodes.node(level: level * TilePath.height, index: start + i).bytes }
            return (out, tile.isFull)
        }
        guard start < size, tile.width <= size - start else { throw APIError.notFound("entry bundle \(tile.path) is beyond the log (size \(size))") }
        var out: [UInt8] = []
        for i in 0..<tile.width {
            guard let e = try chain.kv.get(.log, RecordLog.entryKey(start + i)) else { throw APIError(code: "INTERNAL", message: "log entry missing") }
            out.append(UInt8(e.count >> 8))
            out.append(UInt8(e.count & 0xFF))
            out += e
        }
        return (out, tile.isFull)
    }
}
