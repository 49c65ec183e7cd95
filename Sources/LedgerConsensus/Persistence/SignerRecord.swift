import LedgerCore

/// What the validator's signer keeps on disk (`HOME/data/validator_state.bin`): the last message
/// it signed (`SignedState`) and the height at or below which it must never sign (the safe height,
/// set when the record is first created; Docs/CONSENSUS.md, "Double-sign guard").
///
/// Canonical bytes: `u8 version (1) || optional(SignedState) || u64 signAfterHeight`.
public struct SignerRecord: Hashable, Sendable, CanonicalCodable {
    public var last: SignedState?
    /// Messages of this height or lower are refused.
    public var signAfterHeight: UInt64

    public init(last: SignedState?, signAfterHeight: UInt64) {
        self.last = last
        self.signAfterHeight = signAfterHeight
    }

    public func encode(to w: inout CanonicalWriter) {
        w.u8(1)
        w.optional(last) { $0.value($1) }
        w.u64(signAfterHeight)
    }

    public init(from r: inout CanonicalReader) throws {
        let version = try r.u8()
        guard version == 1 else { throw CodecError.unknownTag(type: "signer record version", tag: UInt64(version)) }
        last = try r.optional { try $0.value(SignedState.self) }
        signAfterHeight = try r.u64()
    }
}

/// Where the signer record lives. `save` must be durable when it returns (the signer signs only
/// after it does).
public protocol SignerRecordStore: AnyObject {
    func load() throws -> SignerRecord?
    func save(_ record: SignerRecord) throws
}

/// The record in a file, replaced atomically and synced (DurableFile.replace).
public final class SignerRecordFile: SignerRecordStore {
    public let path: String

    public init(path: String) { self.path = path }

    public func load() throws -> SignerRecord? {
        guard let bytes = try DurableFile.read(path: path) else { return nil }
        return try SignerRecord(canonical: bytes)
    }

    public func save(_ record: SignerRecord) throws {
        try DurableFile.replace(path: path, with: record.canonicalBytes)
    }
}

/// The record in memory: for the simulator, where a "crash" keeps it as a disk would.
public final class MemorySignerRecordStore: SignerRecordStore {
    public private(set) var record: SignerRecord?
    /// How many saves happened (each one a durable write in the real store).
    public private(set) var saves = 0

    public init(_ record: SignerRecord? = nil) { self.record = record }

    public func load() throws -> SignerRecord? { record }

    public func save(_ record: SignerRecord) throws {
        self.record = record
        saves += 1
    }
}
