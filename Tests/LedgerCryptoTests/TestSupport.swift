import LedgerCore
import Testing

struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Hex literal to bytes; a malformed literal is a bug in the test itself.
func hex(_ text: String) -> [UInt8] {
    guard let b = Hex.decode(text.filter { !$0.isWhitespace }) else { fatalError("bad hex literal in test: \(text)") }
    return b
}

func flippingBit(_ bytes: [UInt8], _ bit: Int) -> [UInt8] {
    var b = bytes
    b[bit / 8] ^= UInt8(1 << (bit % 8))
    return b
}
