/// SplitMix64: a tiny, fully specified PRNG, so a seed replays identically on every platform.
/// Shared by the consensus tests' simulation and the `desci-sim` simulator (never used by consensus itself).
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in 0..<n (n > 0); the modulo bias is irrelevant for a simulation.
    public mutating func below(_ n: UInt64) -> UInt64 { next() % n }

    /// True with probability `percent`/100.
    public mutating func chance(_ percent: UInt64) -> Bool { below(100) < percent }
}
