/// An account address: the first 20 bytes of SHA-256(public key), shown as bech32 with prefix `desci`.
/// Deriving it from a key needs SHA-256 and lives in LedgerCrypto (`Address(publicKey:)`).
public struct Address: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public static let byteCount = 20
    public static let prefix = "desci"
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws {
        guard bytes.count == Self.byteCount else {
            throw FixedBytesError.wrongLength(type: "address", expected: Self.byteCount, got: bytes.count)
        }
        self.bytes = bytes
    }

    init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// Parses `desci1…`; a mistyped address fails its checksum.
    public init(bech32 text: String) throws {
        let (hrp, data5) = try Bech32.decode(text)
        guard hrp == Self.prefix else { throw Bech32.Error.wrongPrefix(expected: Self.prefix, got: hrp) }
        let raw = try Bech32.convertBits(data5, from: 5, to: 8, pad: false)
        try self.init(bytes: raw)
    }

    public var bech32: String {
        // Converting 8-bit to 5-bit groups with padding cannot fail.
        Bech32.encode(hrp: Self.prefix, data5: (try? Bech32.convertBits(bytes, from: 8, to: 5, pad: true)) ?? [])
    }

    public var description: String { bech32 }
    public static func < (l: Address, r: Address) -> Bool { l.bytes.lexicographicallyPrecedes(r.bytes) }

    public init(from decoder: Decoder) throws {
        try self.init(bech32: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(bech32)
    }
}
