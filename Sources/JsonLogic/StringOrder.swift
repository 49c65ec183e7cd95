/// String equality, ordering and search by exact code units, independent of Swift's `String ==`
/// (which uses Unicode canonical equivalence and would make "é" equal "e\u{301}"). JavaScript, and so
/// JsonLogic, compares strings by UTF-16 code units; RFC 8785 sorts object keys the same way.
enum StringOrder {
    /// Same Unicode scalars (byte-identical UTF-8).
    static func equal(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8)
    }

    static func hash(_ s: String, into hasher: inout Hasher) {
        var s = s
        s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(s.utf8.count)
    }

    /// -1, 0 or 1 as `a` sorts before, equal to or after `b` in UTF-16 code-unit order.
    ///
    /// UTF-16 order equals code-point order except that supplementary characters (≥ U+10000, encoded
    /// with a leading surrogate 0xD800–0xDBFF) sort before BMP characters U+E000–U+FFFF.
    static func utf16Compare(_ a: String, _ b: String) -> Int {
        var ia = a.unicodeScalars.makeIterator()
        var ib = b.unicodeScalars.makeIterator()
        while true {
            switch (ia.next(), ib.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case let (x?, y?):
                if x == y { continue }
                return scalarOrder(x.value, y.value)
            }
        }
    }

    private static func scalarOrder(_ x: UInt32, _ y: UInt32) -> Int {
        let xSupplementary = x >= 0x10000
        let ySupplementary = y >= 0x10000
        if xSupplementary == ySupplementary { return x < y ? -1 : 1 }
        // One BMP scalar (never a surrogate) against a leading surrogate 0xD800–0xDBFF.
        let bmp = xSupplementary ? y : x
        let bmpFirst = bmp < 0xD800
        return (bmpFirst != xSupplementary) ? -1 : 1
    }

    /// Whether `needle` occurs in `haystack` as a run of UTF-8 bytes (equivalent to a UTF-16 code-unit
    /// search for well-formed strings). Knuth–Morris–Pratt: linear in both lengths, whatever the input.
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        if n.isEmpty { return true }
        let h = Array(haystack.utf8)
        if n.count > h.count { return false }
        var failure = [Int](repeating: 0, count: n.count)
        var k = 0
        for i in 1..<n.count {
            while k > 0 && n[i] != n[k] { k = failure[k - 1] }
            if n[i] == n[k] { k += 1 }
            failure[i] = k
        }
        k = 0
        for byte in h {
            while k > 0 && byte != n[k] { k = failure[k - 1] }
            if byte == n[k] { k += 1 }
            if k == n.count { return true }
        }
        return false
    }
}
