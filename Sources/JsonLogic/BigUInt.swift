/// A small unsigned big integer, just enough for exact decimal ⇄ binary conversion of doubles
/// (`DecimalConversion`, `NumberFormatting`). Little-endian 32-bit limbs without leading zero limbs.
/// Sizes stay below ~4,000 bits: callers bound the decimal exponents they scale by.
struct BigUInt: Equatable {
    private(set) var limbs: [UInt32]

    init(_ value: UInt64) {
        limbs = []
        var v = value
        while v != 0 {
            limbs.append(UInt32(truncatingIfNeeded: v))
            v >>= 32
        }
    }

    /// The integer spelled by decimal digit values (0...9), most significant first.
    init(decimalDigits digits: ArraySlice<UInt8>) {
        self.init(0)
        var chunk: UInt32 = 0
        var chunkLength = 0
        for d in digits {
            chunk = chunk * 10 + UInt32(d)
            chunkLength += 1
            if chunkLength == 9 {
                multiply(by: 1_000_000_000)
                add(chunk)
                chunk = 0
                chunkLength = 0
            }
        }
        if chunkLength > 0 {
            multiply(by: Self.smallPowersOf10[chunkLength])
            add(chunk)
        }
    }

    static let smallPowersOf10: [UInt32] = [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
    ]

    var isZero: Bool { limbs.isEmpty }

    /// Number of significant bits (0 for zero).
    var bitWidth: Int {
        guard let top = limbs.last else { return 0 }
        return limbs.count * 32 - top.leadingZeroBitCount
    }

    mutating func multiply(by m: UInt32) {
        guard m != 0 else {
            limbs = []
            return
        }
        var carry: UInt64 = 0
        for i in limbs.indices {
            let p = UInt64(limbs[i]) * UInt64(m) + carry
            limbs[i] = UInt32(truncatingIfNeeded: p)
            carry = p >> 32
        }
        if carry != 0 { limbs.append(UInt32(carry)) }
    }

    mutating func add(_ a: UInt32) {
        var carry = UInt64(a)
        var i = 0
        while carry != 0 {
            if i == limbs.count { limbs.append(0) }
            let s = UInt64(limbs[i]) + carry
            limbs[i] = UInt32(truncatingIfNeeded: s)
            carry = s >> 32
            i += 1
        }
    }

    mutating func multiply(byPowerOf10 n: Int) {
        precondition(n >= 0)
        var n = n
        while n >= 9 {
            multiply(by: 1_000_000_000)
            n -= 9
        }
        if n > 0 { multiply(by: Self.smallPowersOf10[n]) }
    }

    mutating func shiftLeft(_ n: Int) {
        precondition(n >= 0)
        guard n > 0, !isZero else { return }
        let bits = n % 32
        if bits != 0 {
            var carry: UInt32 = 0
            for i in limbs.indices {
                let v = limbs[i]
                limbs[i] = (v << UInt32(bits)) | carry
                carry = v >> UInt32(32 - bits)
            }
            if carry != 0 { limbs.append(carry) }
        }
        let words = n / 32
        if words > 0 { limbs.insert(contentsOf: repeatElement(0, count: words), at: 0) }
    }

    func shiftedLeft(_ n: Int) -> BigUInt {
        var copy = self
        copy.shiftLeft(n)
        return copy
    }

    /// self -= other; requires self >= other.
    mutating func subtract(_ other: BigUInt) {
        precondition(BigUInt.compare(self, other) >= 0)
        var borrow: UInt64 = 0
        for i in limbs.indices {
            let o = i < other.limbs.count ? UInt64(other.limbs[i]) : 0
            let a = UInt64(limbs[i])
            let d = a &- o &- borrow
            limbs[i] = UInt32(truncatingIfNeeded: d)
            borrow = (a < o + borrow) ? 1 : 0
        }
        normalize()
    }

    static func + (a: BigUInt, b: BigUInt) -> BigUInt {
        var result = a
        if result.limbs.count < b.limbs.count {
            result.limbs.append(contentsOf: repeatElement(0, count: b.limbs.count - result.limbs.count))
        }
        var carry: UInt64 = 0
        for i in result.limbs.indices {
            let s = UInt64(result.limbs[i]) + (i < b.limbs.count ? UInt64(b.limbs[i]) : 0) + carry
            result.limbs[i] = UInt32(truncatingIfNeeded: s)
            carry = s >> 32
        }
        if carry != 0 { result.limbs.append(UInt32(carry)) }
        return result
    }

    /// -1, 0 or 1.
    static func compare(_ a: BigUInt, _ b: BigUInt) -> Int {
        if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count ? -1 : 1 }
        var i = a.limbs.count - 1
        while i >= 0 {
            if a.limbs[i] != b.limbs[i] { return a.limbs[i] < b.limbs[i] ? -1 : 1 }
            i -= 1
        }
        return 0
    }

    private mutating func normalize() {
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }
}
