/// Small codec helpers shared by the record types.
extension CanonicalWriter {
    public mutating func optionalString(_ v: String?) { optional(v) { $0.string($1) } }
    public mutating func optionalHash(_ v: Hash?) { optional(v) { $0.fixed($1) } }
    public mutating func optionalAddress(_ v: Address?) { optional(v) { $0.address($1) } }
    public mutating func optionalU64(_ v: UInt64?) { optional(v) { $0.u64($1) } }
    public mutating func optionalData(_ v: [UInt8]?) { optional(v) { $0.data($1) } }
}

extension CanonicalReader {
    public mutating func text(_ field: String, max: Int) throws -> String { try string(field: field, limit: max) }
    public mutating func optionalText(_ field: String, max: Int) throws -> String? { try optional { try $0.string(field: field, limit: max) } }
    public mutating func optionalHash() throws -> Hash? { try optional { try $0.fixed(Hash.self) } }
    public mutating func optionalAddress() throws -> Address? { try optional { try $0.address() } }
    public mutating func optionalU64() throws -> UInt64? { try optional { try $0.u64() } }
    public mutating func optionalData(_ field: String, max: Int) throws -> [UInt8]? { try optional { try $0.data(field: field, limit: max) } }

    /// A u8 that must be one of an enum's raw values.
    public mutating func enumeration<E: RawRepresentable>(_: E.Type, _ name: String) throws -> E where E.RawValue == UInt8 {
        let raw = try u8()
        guard let v = E(rawValue: raw) else { throw CodecError.unknownTag(type: name, tag: UInt64(raw)) }
        return v
    }
}

/// Size limits of record fields (Docs/RECORDS.md).
public enum RecordLimits {
    public static let title = 512
    public static let name = 128
    public static let uri = 2048
    public static let uris = 8
    public static let doi = 256
    public static let license = 512
    public static let contributors = 64
    public static let references = 256
    public static let derivedFrom = 64
    public static let reason = 1024
    public static let comment = 4096
    public static let scores = 8
    public static let multihash = 64
    public static let proposalActions = 16
    public static let policyRule = 16 * 1024
    public static let milestones = 16
    public static let validatorUpdates = 64
}
