import LedgerCore
import LedgerRules
import Testing

/// Committed state for the tests: a fixed dictionary.
struct FixedState: StateReader {
    var values: [[UInt8]: [UInt8]]
    func read(_ key: [UInt8]) throws -> [UInt8]? { values[key] }
    func scan(prefix: [UInt8], from: [UInt8], _ body: ([UInt8], [UInt8]) throws -> Bool) throws {
        for (k, v) in values.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) })
        where k.starts(with: prefix) && !k.lexicographicallyPrecedes(from) {
            if try !body(k, v) { return }
        }
    }
}

@Suite("StateOverlay scans")
struct StateOverlayScanTests {
    @Test("a scan merges base entries with puts and hides deletes, in key order")
    func mergedScan() throws {
        let overlay = StateOverlay(base: FixedState(values: [[1, 1]: [1], [1, 3]: [3], [1, 5]: [5], [2, 1]: [9]]))
        overlay.write([1, 2], [2])
        overlay.write([1, 3], [33])
        overlay.delete([1, 5])
        overlay.write([1, 6], [6])
        overlay.write([0, 9], [0])
        var seen: [[UInt8]] = []
        try overlay.scan(prefix: [1], from: [1]) { k, v in
            seen.append(k + v)
            return true
        }
        #expect(seen == [[1, 1, 1], [1, 2, 2], [1, 3, 33], [1, 6, 6]])
        seen = []
        try overlay.scan(prefix: [1], from: [1, 2]) { k, _ in
            seen.append(k)
            return seen.count < 2
        }
        #expect(seen == [[1, 2], [1, 3]])
    }
}

@Suite("StateOverlay")
struct StateOverlayTests {
    @Test("reads fall through to the base; writes shadow it")
    func readThrough() throws {
        let overlay = StateOverlay(base: FixedState(values: [[1]: [10], [2]: [20]]))
        #expect(try overlay.read([1]) == [10])
        #expect(try overlay.read([3]) == nil)
        #expect(overlay.writes.isEmpty)
        overlay.write([1], [11])
        overlay.write([3], [])
        #expect(try overlay.read([1]) == [11])
        #expect(try overlay.read([2]) == [20])
        #expect(try overlay.read([3]) == [], "an empty value is a value, not a delete")
    }

    @Test("a delete shadows the base, and a later write replaces the delete")
    func deleteShadowsBase() throws {
        let base = FixedState(values: [[1]: [10], [2]: [20]])
        let overlay = StateOverlay(base: base)
        overlay.delete([1])
        #expect(try overlay.read([1]) == nil, "the deleted key must not fall through to the base")
        #expect(try base.read([1]) == [10], "the base itself is untouched")
        #expect(overlay.writes.count == 1)
        #expect(overlay.writes[[1]] == .some(nil), "the delete is recorded, not forgotten")
        #expect(overlay.sortedChanges().count == 1)
        #expect(overlay.sortedChanges()[0].key == [1])
        #expect(overlay.sortedChanges()[0].value == nil)

        overlay.write([1], [12])
        #expect(try overlay.read([1]) == [12])
        overlay.delete([1])
        #expect(try overlay.read([1]) == nil)

        // Deleting a key the base never had is still recorded (harmless), and reads nil.
        overlay.delete([9])
        #expect(try overlay.read([9]) == nil)
        #expect(overlay.writes[[9]] == .some(nil))
    }

    @Test("a child sees its parent, the parent does not see the child until it absorbs it")
    func childAbsorb() throws {
        let parent = StateOverlay(base: FixedState(values: [[1]: [10], [2]: [20], [3]: [30]]))
        parent.write([2], [21])
        parent.write([4], [40])
        let parentBefore = parent.writes

        let child = StateOverlay(base: parent)
        #expect(try child.read([2]) == [21], "the child reads the parent's writes")
        #expect(try child.read([3]) == [30], "and through the parent, the base")
        child.write([2], [22])
        child.delete([3])   // shadows the base through the parent
        child.delete([4])   // shadows the parent's own write
        child.write([5], [50])

        #expect(try child.read([2]) == [22])
        #expect(try child.read([3]) == nil)
        #expect(try child.read([4]) == nil)
        #expect(parent.writes == parentBefore, "nothing reaches the parent before absorb")
        #expect(try parent.read([2]) == [21])
        #expect(try parent.read([3]) == [30])
        #expect(try parent.read([5]) == nil)

        parent.absorb(child)
        #expect(try parent.read([1]) == [10])
        #expect(try parent.read([2]) == [22])
        #expect(try parent.read([3]) == nil, "a child's delete must shadow the base after absorb")
        #expect(try parent.read([4]) == nil, "a child's delete must remove the parent's write")
        #expect(try parent.read([5]) == [50])
        #expect(parent.writes[[3]] == .some(nil))
        #expect(parent.writes[[4]] == .some(nil))
        #expect(parent.writes.count == 4)
        // Absorbing leaves the child as it was.
        #expect(child.writes.count == 4)
    }

    @Test("a discarded child leaves no trace")
    func discardedChild() throws {
        let parent = StateOverlay(base: EmptyState())
        parent.write([1], [1])
        let before = parent.writes
        do {
            let child = StateOverlay(base: parent)
            child.write([1], [2])
            child.delete([1])
            child.write([7], [7])
        }
        #expect(parent.writes == before)
    }

    @Test("sortedChanges is in bytewise key order and includes deletes")
    func sortedChanges() throws {
        let overlay = StateOverlay(base: FixedState(values: [[0x10]: [1]]))
        let keys: [[UInt8]] = [[0x02], [0x01, 0x01, 0x05], [0xFF], [0x01], [0x80, 0x00], [0x01, 0x00], [0x7F], [], [0x01, 0x01]]
        for (i, k) in keys.enumerated() { overlay.write(k, [UInt8(i)]) }
        overlay.delete([0x10])
        overlay.delete([0x01, 0x00])

        let changes = overlay.sortedChanges()
        #expect(changes.map(\.key) == [[], [0x01], [0x01, 0x00], [0x01, 0x01], [0x01, 0x01, 0x05], [0x02], [0x10], [0x7F], [0x80, 0x00], [0xFF]])
        for (a, b) in zip(changes, changes.dropFirst()) {
            #expect(a.key.lexicographicallyPrecedes(b.key))
        }
        let byKey = Dictionary(uniqueKeysWithValues: changes.map { ($0.key, $0.value) })
        #expect(byKey[[0x10]] == .some(nil))
        #expect(byKey[[0x01, 0x00]] == .some(nil))
        #expect(byKey[[0xFF]] == .some([2]))
        #expect(byKey[[]] == .some([7]))
    }

    @Test("scanEntries reports deletions of this overlay and of overlays below it; scan hides them")
    func deletionsAreVisited() throws {
        let base = StateOverlay(base: FixedState(values: [[1, 1]: [1], [1, 2]: [2], [1, 3]: [3]]))
        base.delete([1, 1])
        let child = StateOverlay(base: base)
        child.delete([1, 3])
        child.delete([1, 9])  // deleted without ever existing: still buffered, still walked
        var entries: [[UInt8]: [UInt8]?] = [:]
        var order: [[UInt8]] = []
        try child.scanEntries(prefix: [1], from: [1]) { k, v in
            entries[k] = v
            order.append(k)
            return true
        }
        #expect(order == [[1, 1], [1, 2], [1, 3], [1, 9]])
        #expect(entries[[1, 1]] == .some(nil) && entries[[1, 3]] == .some(nil) && entries[[1, 9]] == .some(nil))
        #expect(entries[[1, 2]] == .some([2]))
        var live: [[UInt8]] = []
        try child.scan(prefix: [1], from: [1]) { k, _ in
            live.append(k)
            return true
        }
        #expect(live == [[1, 2]])
    }

    @Test("a metered scan charges every entry it walks, deleted ones included")
    func meteredScanChargesDeletions() throws {
        let n = 50
        let parent = StateOverlay(base: EmptyState())
        for i in 0..<n { parent.write([7, UInt8(i)], [UInt8](repeating: 1, count: 8)) }
        let child = StateOverlay(base: parent)
        for i in 0..<n { child.delete([7, UInt8(i)]) }
        var ctx = ExecutionContext(block: testBlock(), sender: plainAddress(0xA1), transactionID: .zero, state: child,
                                   gasLimit: 10_000_000, gasUsed: 0)
        var visited = 0
        try ctx.scan(prefix: [7]) { _, _ in
            visited += 1
            return true
        }
        #expect(visited == 0)
        // Each deleted entry costs what a live entry with an empty value would.
        let perEntry = GasSchedule.readBase / 4 + 2 * GasSchedule.perByteRead
        #expect(ctx.gasUsed == GasSchedule.readBase + UInt64(n) * perEntry)
    }
}
