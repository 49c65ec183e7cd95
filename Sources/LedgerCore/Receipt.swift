/// Something a contract reports happened, for indexes and subscribers.
public struct Event: Hashable, Sendable, CanonicalCodable, Codable {
    public var kind: String
    public var attributes: [Attribute]

    public struct Attribute: Hashable, Sendable, Codable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    public init(kind: String, attributes: [(String, String)]) {
        self.kind = kind
        self.attributes = attributes.map { Attribute(key: $0.0, value: $0.1) }
    }

    public func encode(to w: inout CanonicalWriter) {
        w.string(kind)
        w.list(attributes) { w, a in
            w.string(a.key)
            w.string(a.value)
        }
    }

    public init(from r: inout CanonicalReader) throws {
        kind = try r.string(field: "event kind", limit: ProtocolLimits.maxStringBytes)
        attributes = try r.list(field: "event attributes", limit: 64) { r in
            Attribute(key: try r.string(field: "attribute key", limit: ProtocolLimits.maxStringBytes),
                      value: try r.string(field: "attribute value", limit: ProtocolLimits.maxStringBytes))
        }
    }
}

/// The outcome of one transaction in a block. A failed transaction still pays its fee and
/// advances the sender's nonce; none of its actions take effect.
public struct Receipt: Hashable, Sendable, CanonicalCodable, Codable {
    public enum Status: UInt8, Sendable, Codable {
        case success = 0
        case failed = 1
    }

    public var transactionID: Hash
    public var status: Status
    public var gasUsed: UInt64
    public var feePaid: UInt64
    /// Stable machine-readable code on failure (e.g. `OUT_OF_GAS`), empty on success.
    public var code: String
    public var message: String
    public var events: [Event]

    public init(transactionID: Hash, status: Status, gasUsed: UInt64, feePaid: UInt64, code: String = "", message: String = "", events: [Event] = []) {
        self.transactionID = transactionID
        self.status = status
        self.gasUsed = gasUsed
        self.feePaid = feePaid
        self.code = code
        self.message = message
        self.events = events
    }

    /// The bytes the block's results root commits to: the receipt without its human sentence, so
    /// rewording an error message can never change consensus.
    public var commitmentBytes: [UInt8] {
        var w = CanonicalWriter()
        w.fixed(transactionID)
        w.u8(status.rawValue)
        w.u64(gasUsed)
        w.u64(feePaid)
        w.string(code)
        w.list(events) { $0.value($1) }
        return w.bytes
    }

    public func encode(to w: inout CanonicalWriter) {
        w.fixed(transactionID)
        w.u8(status.rawValue)
        w.u64(gasUsed)
        w.u64(feePaid)
        w.string(code)
        w.string(message)
        w.list(events) { $0.value($1) }
    }

    public init(from r: inout CanonicalReader) throws {
        transactionID = try r.fixed(Hash.self)
        let s = try r.u8()
        guard let status = Status(rawValue: s) else { throw CodecError.unknownTag(type: "receipt status", tag: UInt64(s)) }
        self.status = status
        gasUsed = try r.u64()
        feePaid = try r.u64()
        code = try r.string(field: "code", limit: ProtocolLimits.maxStringBytes)
        message = try r.string(field: "message", limit: ProtocolLimits.maxStringBytes)
        events = try r.list(field: "events", limit: ProtocolLimits.maxEventsPerReceipt) { try Event(from: &$0) }
    }
}

/// An account's native balance and its next expected nonce.
public struct Account: Hashable, Sendable, CanonicalCodable, Codable {
    public var balance: UInt64
    public var nonce: UInt64

    public init(balance: UInt64 = 0, nonce: UInt64 = 0) {
        self.balance = balance
        self.nonce = nonce
    }

    public func encode(to w: inout CanonicalWriter) {
        w.u64(balance)
        w.u64(nonce)
    }

    public init(from r: inout CanonicalReader) throws {
        balance = try r.u64()
        nonce = try r.u64()
    }
}

extension String {
    /// The longest prefix of at most `maxBytes` UTF-8 bytes that ends on a scalar boundary.
    /// Deterministic: it depends only on the bytes, never on Unicode tables.
    public func truncatedUTF8(maxBytes: Int) -> String {
        guard utf8.count > maxBytes else { return self }
        var bytes = Array(utf8.prefix(maxBytes))
        // Find where the last scalar starts (continuation bytes are 10xxxxxx) and drop it if the
        // cut left it incomplete.
        var start = bytes.count - 1
        while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        if start >= 0, !bytes.isEmpty {
            let lead = bytes[start]
            let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            if start + length > bytes.count { bytes.removeSubrange(start...) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Event {
    /// The event with its kind, keys and values cut to the protocol's string limit, so that every
    /// receipt execution produces can be decoded again (Docs/PROTOCOL.md).
    public var clamped: Event {
        var e = self
        e.kind = kind.truncatedUTF8(maxBytes: ProtocolLimits.maxStringBytes)
        e.attributes = attributes.prefix(64).map {
            Attribute(key: $0.key.truncatedUTF8(maxBytes: ProtocolLimits.maxStringBytes),
                      value: $0.value.truncatedUTF8(maxBytes: ProtocolLimits.maxStringBytes))
        }
        return e
    }
}
