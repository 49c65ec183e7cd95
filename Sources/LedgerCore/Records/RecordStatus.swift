/// A contribution record's status (Docs/PROTOCOL.md, "Record status"): set to `registered` at
/// registration, to `retracted` by a retraction, and otherwise by the `dataset.status` policy, which
/// must return one of these names.
///
/// Stored as one byte (the raw value); RPC JSON and the wallet use the names, which are the strings
/// stored before the enum existed. Names are compared as bytes, never as Unicode-equivalent text.
public enum RecordStatus: UInt8, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case registered = 1
    case reviewed = 2
    case reproduced = 3
    case disputed = 4
    case retracted = 5

    /// The canonical name (RPC JSON, policy results, events).
    public var name: String {
        switch self {
        case .registered: "registered"
        case .reviewed: "reviewed"
        case .reproduced: "reproduced"
        case .disputed: "disputed"
        case .retracted: "retracted"
        }
    }

    public var description: String { name }

    /// The status with this exact name (UTF-8 bytes), or nil.
    public init?(name: String) {
        guard let s = Self.allCases.first(where: { $0.name.utf8.elementsEqual(name.utf8) }) else { return nil }
        self = s
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let s = RecordStatus(name: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "unknown record status '\(text)'")
        }
        self = s
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}
