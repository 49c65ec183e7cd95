import Foundation
import LedgerCore
import LedgerCrypto
#if canImport(Glibc)
import Glibc
#endif

/// One input of the state machine as the engine logs it before handling it (Docs/CONSENSUS.md,
/// "Write-ahead log"). Proposals carry their block, so a replay needs nothing from the network.
public enum WALEntry: Hashable, Sendable, CanonicalCodable {
    /// A proposal with its block: received, or this validator's own after signing.
    case proposal(Proposal, Block)
    /// A vote: received, or this validator's own after signing.
    case vote(Vote)
    case timeout(TimeoutKind, height: UInt64, round: UInt32)
    /// The block this validator built for its own proposal at `(height, round)`.
    case built(height: UInt64, round: UInt32, Block)

    public var height: UInt64 {
        switch self {
        case let .proposal(p, _): p.height
        case let .vote(v): v.height
        case let .timeout(_, h, _): h
        case let .built(h, _, _): h
        }
    }

    /// `u8 tag || fields`: 1 proposal || block, 2 vote, 3 u8 kind || u64 height || u32 round,
    /// 4 u64 height || u32 round || block.
    public func encode(to w: inout CanonicalWriter) {
        switch self {
        case let .proposal(p, b):
            w.u8(1)
            w.value(p)
            w.value(b)
        case let .vote(v):
            w.u8(2)
            w.value(v)
        case let .timeout(kind, h, r):
            w.u8(3)
            w.u8(kind.rawValue)
            w.u64(h)
            w.u32(r)
        case let .built(h, r, b):
            w.u8(4)
            w.u64(h)
            w.u32(r)
            w.value(b)
        }
    }

    public init(from r: inout CanonicalReader) throws {
        let tag = try r.u8()
        switch tag {
        case 1: self = .proposal(try r.value(Proposal.self), try r.value(Block.self))
        case 2: self = .vote(try r.value(Vote.self))
        case 3:
            let k = try r.u8()
            guard let kind = TimeoutKind(rawValue: k) else { throw CodecError.unknownTag(type: "timeout kind", tag: UInt64(k)) }
            self = .timeout(kind, height: try r.u64(), round: try r.u32())
        case 4: self = .built(height: try r.u64(), round: try r.u32(), try r.value(Block.self))
        default: throw CodecError.unknownTag(type: "wal entry", tag: UInt64(tag))
        }
    }
}

/// The consensus write-ahead log of the current height. `append` is durable when it returns;
/// `reset` empties the log when a height is committed (its entries are no longer needed).
public protocol ConsensusWAL: AnyObject {
    func append(_ entry: WALEntry) throws
    func entries() throws -> [WALEntry]
    func reset() throws
}

/// The log in memory: for the simulator and tests, where a "crash" keeps it as a disk would.
public final class MemoryWAL: ConsensusWAL {
    public private(set) var log: [WALEntry]

    public init(_ log: [WALEntry] = []) { self.log = log }

    public func append(_ entry: WALEntry) throws { log.append(entry) }
    public func entries() throws -> [WALEntry] { log }
    public func reset() throws { log.removeAll() }
}

/// The log in a file (`HOME/data/cs.wal`): records `u32 length || 4 bytes of SHA-256(body) ||
/// body`, each appended with one write and an fsync. A torn or corrupt tail (a crash mid-append)
/// ends the log: it is cut off when the file is opened, as that entry was never handled.
public final class FileWAL: ConsensusWAL {
    public let path: String
    private var fd: Int32
    /// The largest entry accepted (a block is at most 16 MiB; the rest is small).
    public static let maxEntryBytes = 32 << 20

    public init(path: String) throws {
        self.path = path
        let created = !FileManager.default.fileExists(atPath: path)
        fd = open(path, O_RDWR | O_CREAT, 0o600)
        guard fd >= 0 else { throw DurableFile.fail("open", path) }
        if created { try DurableFile.syncFolder(of: path) }
        let (_, validLength) = try Self.scan(fd: fd, path: path)
        let end = lseek(fd, 0, SEEK_END)
        if end > validLength {
            guard ftruncate(fd, off_t(validLength)) == 0, fsync(fd) == 0 else { throw DurableFile.fail("truncate", path) }
        }
        lseek(fd, 0, SEEK_END)
    }

    deinit { close(fd) }

    public func append(_ entry: WALEntry) throws {
        let body = entry.canonicalBytes
        var w = CanonicalWriter(capacity: body.count + 8)
        w.u32(UInt32(body.count))
        w.raw(SHA256.hash(body).bytes.prefix(4))
        w.raw(body)
        try DurableFile.writeAll(fd, w.bytes, path: path)
        guard fsync(fd) == 0 else { throw DurableFile.fail("fsync", path) }
    }

    public func entries() throws -> [WALEntry] { try Self.scan(fd: fd, path: path).entries }

    public func reset() throws {
        guard ftruncate(fd, 0) == 0, fsync(fd) == 0 else { throw DurableFile.fail("truncate", path) }
        lseek(fd, 0, SEEK_SET)
    }

    /// Every whole, intact entry from the start, and the length they cover.
    private static func scan(fd: Int32, path: String) throws -> (entries: [WALEntry], validLength: Int) {
        let end = lseek(fd, 0, SEEK_END)
        guard end >= 0 else { throw DurableFile.fail("seek", path) }
        var bytes = [UInt8](repeating: 0, count: Int(end))
        var got = 0
        while got < bytes.count {
            let n = bytes[got...].withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(got)) }
            if n < 0 { if errno == EINTR { continue }; throw DurableFile.fail("read", path) }
            if n == 0 { break }
            got += n
        }
        var out: [WALEntry] = []
        var at = 0
        while bytes.count - at >= 8 {
            let len = Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
            guard len <= maxEntryBytes, bytes.count - at - 8 >= len else { break }
            let body = Array(bytes[(at + 8)..<(at + 8 + len)])
            guard Array(SHA256.hash(body).bytes.prefix(4)) == Array(bytes[(at + 4)..<(at + 8)]),
                  let entry = try? WALEntry(canonical: body) else { break }
            out.append(entry)
            at += 8 + len
        }
        return (out, at)
    }
}
