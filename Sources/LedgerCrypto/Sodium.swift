import CSodium

/// Process-wide libsodium initialisation. `sodium_init` is thread-safe and idempotent; every entry
/// point in this module calls `Sodium.ready()` before touching libsodium.
enum Sodium {
    private static let initialised: Bool = sodium_init() >= 0

    @inline(__always)
    static func ready() {
        precondition(initialised, "libsodium failed to initialise")
    }
}

/// Fills `count` bytes from libsodium's CSPRNG.
public func secureRandomBytes(_ count: Int) -> [UInt8] {
    Sodium.ready()
    var out = [UInt8](repeating: 0, count: count)
    out.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, count) }
    return out
}
