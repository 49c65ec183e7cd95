/// A set of distinct byte keys kept in order for `StateOverlay`: insertion is O(log n) amortised
/// and a range is walked in key order, without the O(n) shift of inserting into one sorted array
/// (which made a block's writes cost the square of their number, uncharged).
///
/// It is the logarithmic method (Bentley–Saxe): level k is empty or one sorted array of 2^k keys.
/// An insert merges the full levels below the first empty one into it, like a binary counter's
/// carry, so each key is moved O(log n) times over its life. A walk merges the levels' cursors.
/// Everything is determined by the keys alone (no hashing, no randomness).
struct SortedKeyLevels {
    private(set) var levels: [[[UInt8]]] = []
    private(set) var count = 0
    /// Keys moved by merges since creation: the work inserts did (tests bound it).
    private(set) var moves = 0

    /// Adds `key`, which must not be present (the overlay's dictionary decides that).
    mutating func insert(_ key: [UInt8]) {
        var carry = [key]
        var k = 0
        while k < levels.count, !levels[k].isEmpty {
            carry = Self.merge(levels[k], carry)
            moves += carry.count
            levels[k] = []
            k += 1
        }
        if k == levels.count { levels.append(carry) } else { levels[k] = carry }
        count += 1
    }

    /// Every key in order.
    func sorted() -> [[UInt8]] {
        var out: [[UInt8]] = []
        out.reserveCapacity(count)
        var c = cursor(from: [])
        while let k = c.next() { out.append(k) }
        return out
    }

    /// A cursor at the first key not before `start`.
    func cursor(from start: [UInt8]) -> Cursor { Cursor(levels: levels, start: start) }

    /// Walks the levels in key order; a snapshot (the arrays are copy-on-write).
    struct Cursor {
        private let levels: [[[UInt8]]]
        private var positions: [Int]

        fileprivate init(levels: [[[UInt8]]], start: [UInt8]) {
            self.levels = levels
            positions = levels.map { SortedKeyLevels.firstIndex(in: $0, notBefore: start) }
        }

        /// The next key without consuming it.
        func peek() -> [UInt8]? { best().map { levels[$0][positions[$0]] } }

        mutating func next() -> [UInt8]? {
            guard let l = best() else { return nil }
            defer { positions[l] += 1 }
            return levels[l][positions[l]]
        }

        /// The level whose current key is smallest (keys are distinct across levels).
        private func best() -> Int? {
            var found: Int?
            for l in levels.indices where positions[l] < levels[l].count {
                if let f = found, !levels[l][positions[l]].lexicographicallyPrecedes(levels[f][positions[f]]) { continue }
                found = l
            }
            return found
        }
    }

    static func firstIndex(in keys: [[UInt8]], notBefore key: [UInt8]) -> Int {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid].lexicographicallyPrecedes(key) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private static func merge(_ a: [[UInt8]], _ b: [[UInt8]]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count, j < b.count {
            if b[j].lexicographicallyPrecedes(a[i]) {
                out.append(b[j]); j += 1
            } else {
                out.append(a[i]); i += 1
            }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }
}
