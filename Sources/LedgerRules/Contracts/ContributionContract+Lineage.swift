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

    /// The retracted records this one depends on: every retracted record reachable through
    /// `derived_from` links (the record itself excluded), nearest first.
    public static func retractedAncestors(of id: Hash, in state: any StateReader) throws -> [Hash] {
        guard let graph = try walk(.ancestors, from: id, depth: Int.max, maxNodes: 100_000, in: state) else { return [] }
        return graph.nodes.dropFirst().filter { $0.record.retraction != nil }.map(\.record.id)
    }

    /// The whole version history `id` belongs to, oldest first.
    public static func versions(of id: Hash, in state: any StateReader, limit: Int = 10_000) throws -> [ContributionRecord] {
        guard var first = try ContributionStore.record(id, in: state) else { return [] }
        var steps = 0
        while let prev = first.registration.previousVersion, steps < limit, let p = try ContributionStore.record(prev, in: state) {
            first = p
            steps += 1
        }
        var out = [first]
        while out.count < limit, let next = try scanIDs(prefix: ContributionKeys.nextVersionPrefix(out[out.count - 1].id), limit: 1, in: state).first,
              let r = try ContributionStore.record(next, in: state) {
            out.append(r)
        }
        return out
    }
}
