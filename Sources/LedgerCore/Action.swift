/// Moves native tokens from the sender to another account.
public struct TransferAction: Hashable, Sendable, CanonicalCodable {
    public var to: Address
    public var amount: UInt64

    public init(to: Address, amount: UInt64) {
        self.to = to
        self.amount = amount
    }

    public func encode(to w: inout CanonicalWriter) {
        w.address(to)
        w.u64(amount)
    }

    public init(from r: inout CanonicalReader) throws {
        to = try r.address()
        amount = try r.u64()
    }
}

/// The typed operations a transaction carries. Encoded as a u16 tag followed by the payload;
/// new kinds get new tags and old tags never change meaning.
public enum Action: Hashable, Sendable, CanonicalCodable {
    case transfer(TransferAction)

    public enum Tag: UInt16, Sendable {
        case transfer = 1
    }

    public var tag: Tag {
        switch self {
        case .transfer: .transfer
        }
    }

    /// The name used in JSON, receipts and the CLI.
    public var name: String {
        switch self {
        case .transfer: "transfer"
        }
    }

    public func encode(to w: inout CanonicalWriter) {
        w.u16(tag.rawValue)
        switch self {
        case let .transfer(a): a.encode(to: &w)
        }
    }

    public init(from r: inout CanonicalReader) throws {
        let raw = try r.u16()
        guard let tag = Tag(rawValue: raw) else { throw CodecError.unknownTag(type: "action", tag: UInt64(raw)) }
        switch tag {
        case .transfer: self = .transfer(try TransferAction(from: &r))
        }
    }
}
