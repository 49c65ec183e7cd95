import LedgerCore

/// Read access to committed state. Storage failures are not rule failures: `StateOverlay` wraps
/// whatever its base throws in `StateReadFault`, and the node stops rather than commit a block
/// computed from a failed read.
public protocol StateReader {
    func read(_ key: [UInt8]) throws -> [UInt8]?
    /// Visits entries with `key >= from` that start with `prefix`, in key order, until `body` returns false.
    func scan(prefix: [UInt8], from: [UInt8], _ body: ([UInt8], [UInt8]) throws -> Bool) throws
}

/// Buffered writes over a reader. A block has one overlay over committed state; each transaction's
/// actions run in a child overlay that is merged into the block's only if every action succeeds.
public final class StateOverlay: StateReader {
    private let base: any StateReader
    /// `nil` value = deleted.
    public private(set) var writes: [[UInt8]: [UInt8]?] = [:]
    /// The keys of `writes` in byte order, so a scan finds its range by binary search instead of
    /// filtering the whole buffer (a block's scans would otherwise cost the square of its writes),
    /// and a write costs O(log n) amortised (a sorted-array insert would cost O(n)).
    private var sortedKeys = SortedKeyLevels()

    public init(base: any StateReader) {
        self.base = base
    }

    public func read(_ key: [UInt8]) throws -> [UInt8]? {
        if let w = writes[key] { return w }
        do { return try base.read(key) } catch let fault as StateReadFault { throw fault } catch {
            throw StateReadFault(underlying: error)
        }
    }

    public func write(_ key: [UInt8], _ value: [UInt8]) { put(key, value) }
    public func delete(_ key: [UInt8]) { put(key, nil) }

    /// Records a write (`nil` = delete), adding a new key to `sortedKeys`.
    private func put(_ key: [UInt8], _ value: [UInt8]?) {
        if writes.updateValue(value, forKey: key) == nil { sortedKeys.insert(key) }
    }

    /// Keys moved in `sortedKeys` by this overlay's writes so far (tests bound the work of writes).
    var sortedKeyMoves: Int { sortedKeys.moves }

    /// Merges the base's entries with this overlay's writes (deletes hide, puts replace or add).
    public func scan(prefix: [UInt8], from: [UInt8], _ body: ([UInt8], [UInt8]) throws -> Bool) throws {
        try scanEntries(prefix: prefix, from: from) { k, v in
            guard let v else { return true }
            return try body(k, v)
        }
    }

    /// Like `scan`, but also visits the keys deleted in this overlay or in overlays below it (value
    /// nil), which a scan walks past all the same: metered scans charge for them
    /// (`ExecutionContext.scan`), so deletions cannot make a scan's work free.
    public func scanEntries(prefix: [UInt8], from: [UInt8], _ body: ([UInt8], [UInt8]?) throws -> Bool) throws {
        let start = from.lexicographicallyPrecedes(prefix) ? prefix : from
        // Copy-on-write snapshots (O(1) unless `body` writes to this overlay): the scan sees the
        // writes as they were when it started, and walks only the keys in its range.
        var cursor = sortedKeys.cursor(from: start)
        let values = writes
        func mineKey() -> [UInt8]? { cursor.peek().flatMap { $0.starts(with: prefix) ? $0 : nil } }
        var stopped = false
        // Emits overlay entries before `key` (all of them when nil); false when the body asked to stop.
        func flush(before key: [UInt8]?) throws -> Bool {
            while let k = mineKey(), key.map({ k.lexicographicallyPrecedes($0) }) ?? true {
                _ = cursor.next()
                if try !body(k, values[k]!) { return false }
            }
            return true
        }
        // Errors of `body` are carried past the base's scan so that only the base's own errors are
        // wrapped as storage faults.
        var bodyError: (any Error)?
        func visit(_ k: [UInt8], _ v: [UInt8]?) throws -> Bool {
            guard try flush(before: k) else {
                stopped = true
                return false
            }
            if let mk = mineKey(), mk == k {
                let nv = values[mk]!
                _ = cursor.next()
                if try !body(k, nv) {
                    stopped = true
                    return false
                }
                return true
            }
            if try !body(k, v) {
                stopped = true
                return false
            }
            return true
        }
        do {
            func baseVisit(_ k: [UInt8], _ v: [UInt8]?) -> Bool {
                do { return try visit(k, v) } catch {
                    bodyError = error
                    return false
                }
            }
            if let below = base as? StateOverlay {
                try below.scanEntries(prefix: prefix, from: start) { k, v in baseVisit(k, v) }
            } else {
                try base.scan(prefix: prefix, from: start) { k, v in baseVisit(k, v) }
            }
        } catch let fault as StateReadFault { throw fault } catch {
            throw StateReadFault(underlying: error)
        }
        if let bodyError { throw bodyError }
        if !stopped { _ = try flush(before: nil) }
    }

    /// Applies a child overlay's writes to this one.
    public func absorb(_ child: StateOverlay) {
        for (k, v) in child.writes { put(k, v) }
    }

    /// The writes in key order, ready for a storage batch and the state root.
    public func sortedChanges() -> [(key: [UInt8], value: [UInt8]?)] {
        sortedKeys.sorted().map { (key: $0, value: writes[$0]!) }
    }
}

/// A reader over nothing: the state before genesis.
public struct EmptyState: StateReader {
    public init() {}
    public func read(_ key: [UInt8]) throws -> [UInt8]? { nil }
    public func scan(prefix: [UInt8], from: [UInt8], _ body: ([UInt8], [UInt8]) throws -> Bool) throws {}
}
