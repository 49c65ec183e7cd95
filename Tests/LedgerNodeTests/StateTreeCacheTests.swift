import LedgerCore
@testable import LedgerNode
import LedgerProofs
import Testing

/// The in-memory upper levels of the state tree: exact by version, never replaced by an older node,
/// nothing below `maxDepth` or other than a node key kept.
@Suite("State tree cache")
struct StateTreeCacheTests {
    static func key(version: UInt64, depth: Int, path: UInt8 = 0) -> [UInt8] {
        StateTreeKeys.node(version: version, depth: depth, path: [path] + [UInt8](repeating: 0, count: 31))
    }

    @Test func hitsOnlyTheVersionItHoldsAndKeepsTheNewest() {
        let cache = StateTreeCache()
        cache.offer(Self.key(version: 5, depth: 3), [5])
        #expect(cache.get(Self.key(version: 5, depth: 3)) == [5])
        #expect(cache.get(Self.key(version: 4, depth: 3)) == nil)
        // An older node (a proof at an older height) does not evict the newer one.
        cache.offer(Self.key(version: 4, depth: 3), [4])
        #expect(cache.get(Self.key(version: 5, depth: 3)) == [5] && cache.get(Self.key(version: 4, depth: 3)) == nil)
        // A newer one read from storage replaces it.
        cache.offer(Self.key(version: 6, depth: 3), [6])
        #expect(cache.get(Self.key(version: 6, depth: 3)) == [6] && cache.get(Self.key(version: 5, depth: 3)) == nil)
        // Other positions are independent.
        #expect(cache.get(Self.key(version: 6, depth: 3, path: 0x80)) == nil)
    }

    @Test func keepsOnlyUpperNodeKeys() {
        let cache = StateTreeCache()
        let deep = Self.key(version: 1, depth: StateTreeCache.maxDepth + 1)
        cache.offer(deep, [1])
        #expect(cache.get(deep) == nil)
        let edge = Self.key(version: 1, depth: StateTreeCache.maxDepth)
        cache.offer(edge, [2])
        #expect(cache.get(edge) == [2])
        let root = StateTreeKeys.root(version: 1)
        cache.offer(root, [3])
        #expect(cache.get(root) == nil)
        cache.clear()
        #expect(cache.get(edge) == nil)
    }
}
