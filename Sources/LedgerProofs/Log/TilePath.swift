/// C2SP tlog-tiles paths: `tile/<L>/<N>[.p/<W>]` for hash tiles and `tile/entries/<N>[.p/<W>]` for
/// entry bundles. N is written in zero-padded 3-digit elements, every one but the last prefixed
/// with `x` (1234067 → `x001/x234/067`). Tiles have height 8: a full tile holds 256 hashes.
public struct TilePath: Equatable, Sendable {
    public static let height = 8
    public static let width: UInt64 = 256

    /// nil for an entry bundle, otherwise the tile level.
    public var level: Int?
    public var index: UInt64
    /// 256 for a full tile, 1…255 for a partial one.
    public var width: UInt64

    public init(level: Int?, index: UInt64, width: UInt64 = TilePath.width) {
        self.level = level
        self.index = index
        self.width = width
    }

    public var isFull: Bool { width == Self.width }

    public static func encodeIndex(_ n: UInt64) -> String {
        var groups: [UInt64] = []
        var v = n
        repeat {
            groups.append(v % 1000)
            v /= 1000
        } while v > 0
        groups.reverse()
        return groups.enumerated().map { i, g in
            let digits = String(g)
            let padded = String(repeating: "0", count: 3 - digits.count) + digits
            return i == groups.count - 1 ? padded : "x" + padded
        }.joined(separator: "/")
    }

    /// The path relative to the log's prefix, e.g. `tile/0/x001/234.p/7`.
    public var path: String {
        "tile/" + (level.map(String.init) ?? "entries") + "/" + Self.encodeIndex(index) + (isFull ? "" : ".p/" + String(width))
    }

    /// Parses the part after `tile/`, strictly (canonical form only).
    public init(parsing rest: String) throws {
        var parts = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { throw LogError.malformedTilePath("expected <level>/<index>") }
        let first = parts.removeFirst()
        if first == "entries" { level = nil } else {
            guard let l = Self.decimal(first), l <= 63 else { throw LogError.malformedTilePath("bad level '\(first)'") }
            level = Int(l)
        }
        width = Self.width
        if parts.count >= 2, parts[parts.count - 2].hasSuffix(".p") {
            guard let w = Self.decimal(parts[parts.count - 1]), w >= 1, w < Self.width else {
                throw LogError.malformedTilePath("partial width must be 1…255")
            }
            width = w
            parts.removeLast()
            parts[parts.count - 1] = String(parts[parts.count - 1].dropLast(2))
        }
        guard parts.count <= 7 else { throw LogError.malformedTilePath("index too long") }
        var n: UInt64 = 0
        for (i, p) in parts.enumerated() {
            let last = i == parts.count - 1
            var digits = Substring(p)
            if !last {
                guard digits.hasPrefix("x") else { throw LogError.malformedTilePath("inner index elements start with x") }
                digits = digits.dropFirst()
            }
            guard digits.count == 3, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let g = UInt64(digits) else {
                throw LogError.malformedTilePath("index elements are 3 digits")
            }
            if i == 0, !last, g == 0 { throw LogError.malformedTilePath("leading zero element") }
            let (m, o1) = n.multipliedReportingOverflow(by: 1000)
            let (s, o2) = m.addingReportingOverflow(g)
            guard !o1, !o2 else { throw LogError.malformedTilePath("index too large") }
            n = s
        }
        index = n
    }

    private static func decimal(_ s: String) -> UInt64? {
        guard !s.isEmpty, s.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), s == "0" || !s.hasPrefix("0") else { return nil }
        return UInt64(s)
    }
}
