import LedgerCore
@testable import LedgerRules
import Testing

/// Query walks are bounded by what the caller allows, however many records others derive from one.
@Suite struct LineageBoundsTests {
    @Test func aWideFanOutIsReadOnlyUpToTheNodeCap() throws {
        let w = ContributionWorld()
        let root = try w.register(work("root", kind: .dataset))
        for i in 0..<12 { _ = try w.register(work("child\(i)", kind: .dataset, derivedFrom: [root])) }
        let g = try #require(try ContributionLineage.walk(.descendants, from: root, depth: 5, maxNodes: 5, in: w.state))
        #expect(g.truncated)
        #expect(g.nodes.count == 5)
        // Before the cap applied to neighbours too, all 12 edges were listed (and scanned).
        #expect(g.edges.count == 5)
    }
}

/// Counts every index entry a scan hands out and every point read, to measure a walk's work.
private final class CountingReader: StateReader {
    let base: any StateReader
    var entriesScanned = 0
    var reads = 0
    init(_ base: any StateReader) { self.base = base }
    func read(_ key: [UInt8]) throws -> [UInt8]? {
        reads += 1
        return try base.read(key)
    }
    func scan(prefix: [UInt8], from: [UInt8], _ body: ([UInt8], [UInt8]) throws -> Bool) throws {
        try base.scan(prefix: prefix, from: from) { k, v in
            entriesScanned += 1
            return try body(k, v)
        }
    }
}

@Suite struct LineageWorkBoundTests {
    /// Nine records derived from a root, eleven records derived from all nine. With room for 10
    /// nodes the walk fills up on the first level; the old walk still scanned up to `maxNodes + 1`
    /// children of every frontier node (≈ maxNodes² entries for a request, 10^8 at the RPC's cap),
    /// though it could list none of them. The whole walk's scanning is bounded linearly in the cap.
    @Test func aFullWalkStopsScanning() throws {
        let w = ContributionWorld()
        let root = try w.register(work("root", kind: .dataset))
        var middle: [Hash] = []
        for i in 0..<9 { middle.append(try w.register(work("mid\(i)", kind: .dataset, derivedFrom: [root]))) }
        for i in 0..<11 { _ = try w.register(work("leaf\(i)", kind: .dataset, derivedFrom: middle)) }
        let reader = CountingReader(w.state)
        let maxNodes = 10
        let g = try #require(try ContributionLineage.walk(.descendants, from: root, depth: 5, maxNodes: maxNodes, in: reader))
        #expect(g.truncated)
        #expect(g.nodes.count == maxNodes)
        #expect(g.edges.count <= 4 * maxNodes)
        #expect(reader.entriesScanned <= 5 * maxNodes, "scanned \(reader.entriesScanned) index entries")
        #expect(reader.reads <= 2 * maxNodes, "read \(reader.reads) records")
    }
}
