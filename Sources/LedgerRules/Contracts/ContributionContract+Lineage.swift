import LedgerCore

/// Unmetered walks over committed contribution state for queries (never called during execution).
/// Each costs in proportion to what it returns: it follows the `derived_from` links stored in records
/// (ancestors) or scans the `02 03 | parent` edge index (descendants).
public enum ContributionLineage {
    public struct Node: Sendable {
        public var record: ContributionRecord
        /// Distance from the starting record (0 for itself).
        public var depth: Int
    }

    /// An edge `child` was derived from `parent` (PROV wasDerivedFrom).
    public struct Edge: Sendable, Hashable {
        public var child: Hash
        public var parent: Hash
        public init(child: Hash, parent: Hash) {
            self.child = child
            self.parent = parent
        }
    }

    public struct Graph: Sendable {
        public var nodes: [Node] = []
        public var edges: [Edge] = []
        /// True when the depth or node limit cut the walk short.
        public var truncated = false
    }

    public enum Direction: Sendable { case ancestors, descendants }

    /// Breadth-first from `start` (included at depth 0), at most `depth` steps and `maxNodes` nodes.
    /// Each node appears once, at its shortest distance; edges are listed once each.
    public static func walk(_ direction: Direction, from start: Hash, depth: Int, maxNodes: Int = 10_000,
                            in state: any StateReader) throws -> Graph? {
        guard let root = try ContributionStore.record(start, in: state) else { return nil }
        var graph = Graph()
        graph.nodes.append(Node(record: root, depth: 0))
        var seen: Set<Hash> = [start]
        var frontier = [root]
        var level = 0
        while !frontier.isEmpty {
            if level >= depth {
                // Anything further is beyond the limit.
                for r in frontier {
                    if try !neighbours(direction, of: r, in: state, limit: 1).isEmpty {
                        graph.truncated = true
                        break
                    }
                }
                break
            }
            level += 1
            var next: [ContributionRecord] = []
            // Bounded per node and for the whole walk: a record with a million derived children
            // must not make one query scan them all, and once the edge budget is spent nothing more
            // is scanned (else every frontier node would still scan up to `cap + 1` children that
            // could not be listed: about maxNodes² entries for one request).
            let cap = min(maxNodes, 1 << 40)
            let edgeBudget = 4 * cap
            for r in frontier {
                guard graph.edges.count < edgeBudget else { graph.truncated = true; break }
                let around = try neighbours(direction, of: r, in: state, limit: min(cap, edgeBudget - graph.edges.count) + 1)
                if around.count > cap { graph.truncated = true }
                for n in around.prefix(cap) {
                    guard graph.edges.count < edgeBudget else { graph.truncated = true; break }
                    graph.edges.append(direction == .ancestors ? Edge(child: r.id, parent: n) : Edge(child: n, parent: r.id))
                    guard !seen.contains(n) else { continue }
                    guard graph.nodes.count < maxNodes else { graph.truncated = true; continue }
                    guard let rec = try ContributionStore.record(n, in: state) else { continue }
                    seen.insert(n)
                    graph.nodes.append(Node(record: rec, depth: level))
                    next.append(rec)
                }
            }
            frontier = next
        }
        return graph
    }

    static func neighbours(_ direction: Direction, of r: ContributionRecord, in state: any StateReader, limit: Int) throws -> [Hash] {
        switch direction {
        case .ancestors: return Array(r.registration.derivedFrom.prefix(limit))
        case .descendants: return try scanIDs(prefix: ContributionKeys.derivedPrefix(r.id), limit: limit, in: state)
        }
    }

    /// The ids that follow `prefix` in index keys `prefix | id`, in key order, after `after` when given.
    public static func scanIDs(prefix: [UInt8], after: Hash? = nil, limit: Int, in state: any StateReader) throws -> [Hash] {
        var out: [Hash] = []
        guard limit > 0 else { return out }
        let from = after.map { prefix + $0.bytes + [0] } ?? prefix
        try state.scan(prefix: prefix, from: from) { key, _ in
            guard key.count == prefix.count + 32 else { return true }
            out.append(Hash(unchecked: Array(key[prefix.count...])))
            return out.count < limit
        }
        return out
    }

    /// The most records a version walk reads: back to the first version, or between two versions
    /// when checking that a cursor belongs to a history.
    public static let maxVersionSteps = 10_000

    /// `after` is not a version of the history being paged.
    public struct NotInHistory: Error, Sendable {}

    /// One page of the version history `id` belongs to, oldest first: the versions that follow
    /// `after` (a version of the same history), or from the first version when `after` is nil; at
    /// most `limit`, and `more` when another version follows the page. nil when `id` is unknown.
    /// Throws `NotInHistory` when `after` is unknown or belongs to another history.
    public static func versions(of id: Hash, after: Hash?, limit: Int,
                                in state: any StateReader) throws -> (records: [ContributionRecord], more: Bool)? {
        guard let record = try ContributionStore.record(id, in: state) else { return nil }
        guard limit > 0 else { return ([], false) }
        var last: ContributionRecord
        var out: [ContributionRecord] = []
        if let after {
            guard let cursor = try ContributionStore.record(after, in: state), try sameHistory(cursor, record, in: state) else { throw NotInHistory() }
            last = cursor
        } else {
            last = record
            var steps = 0
            while let prev = last.registration.previousVersion, steps < maxVersionSteps, let p = try ContributionStore.record(prev, in: state) {
                last = p
                steps += 1
            }
            out.append(last)
        }
        // One more than asked tells whether there is a next page.
        while out.count <= limit, let next = try scanIDs(prefix: ContributionKeys.nextVersionPrefix(last.id), limit: 1, in: state).first,
              let r = try ContributionStore.record(next, in: state) {
            out.append(r)
            last = r
        }
        return (Array(out.prefix(limit)), out.count > limit)
    }

    /// Whether `a` and `b` are versions of one history: walks back from the later one to the
    /// earlier one's version number (histories are linear and numbered by one per version).
    static func sameHistory(_ a: ContributionRecord, _ b: ContributionRecord, in state: any StateReader) throws -> Bool {
        var (later, earlier) = a.version >= b.version ? (a, b) : (b, a)
        var steps = 0
        while later.version > earlier.version, steps < maxVersionSteps, let prev = later.registration.previousVersion,
              let p = try ContributionStore.record(prev, in: state) {
            later = p
            steps += 1
        }
        return later.id == earlier.id
    }
}
