import CSodium
import LedgerCore

/// SHA-256 from libsodium (`crypto_hash_sha256`).
public enum SHA256 {
    public static func hash(_ data: [UInt8]) -> Hash {
        data.withUnsafeBytes { hash(raw: $0) }
    }

    public static func hash(_ data: ArraySlice<UInt8>) -> Hash {
        data.withUnsafeBytes { hash(raw: $0) }
    }

    public static func hash(raw input: UnsafeRawBufferPointer) -> Hash {
        Sodium.ready()
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBufferPointer { o in
            _ = crypto_hash_sha256(o.baseAddress!, input.bindMemory(to: UInt8.self).baseAddress, UInt64(input.count))
        }
        return Hash(unchecked: out)
    }
}

/// Streaming SHA-256 for files too large to hold in memory. Not shared between tasks.
public struct SHA256Hasher: ~Copyable {
    private let state: UnsafeMutablePointer<crypto_hash_sha256_state>

    public init() {
        Sodium.ready()
        state = .allocate(capacity: 1)
        crypto_hash_sha256_init(state)
    }

    deinit { state.deallocate() }

    public mutating func update(_ data: [UInt8]) {
        data.withUnsafeBytes { update(raw: $0) }
    }

    public mutating func update(raw input: UnsafeRawBufferPointer) {
        _ = crypto_hash_sha256_update(state, input.bindMemory(to: UInt8.self).baseAddress, UInt64(input.count))
    }

    public consuming func finalize() -> Hash {
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBufferPointer { _ = crypto_hash_sha256_final(state, $0.baseAddress!) }
        return Hash(unchecked: out)
    }
}
