import LedgerCore
import Synchronization

/// The last signed record-log checkpoint, by tree size and root: `GET /log/checkpoint` (and every
/// proof carrying a checkpoint) is answered without a new Ed25519 signature until the log grows.
/// Ed25519 signatures are deterministic, so a cached note is byte-identical to a fresh one.
final class CheckpointCache: Sendable {
    private struct Entry {
        var size: UInt64
        var root: Hash
        var note: String
    }

    private let last = Mutex<Entry?>(nil)
    private let signed = Mutex(0)

    /// Notes signed so far (cache misses); tests count them.
    var signatures: Int { signed.withLock { $0 } }

    /// The note for `size`/`root`: the cached one, or `sign()`'s, which is then cached.
    func note(size: UInt64, root: Hash, sign: () throws -> String) rethrows -> String {
        if let e = last.withLock({ $0 }), e.size == size, e.root == root { return e.note }
        let note = try sign()
        signed.withLock { $0 += 1 }
        last.withLock { $0 = Entry(size: size, root: root, note: note) }
        return note
    }
}
