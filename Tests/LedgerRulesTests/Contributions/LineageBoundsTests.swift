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
