import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Small durable file operations for consensus state (Docs/CONSENSUS.md, "What is on disk"):
/// an atomic replace (write temp, fsync, rename, fsync the folder) and a synced append.
public enum DurableFile {
    public struct Failure: Error, CustomStringConvertible {
        public let operation: String
        public let path: String
        public let errno: Int32
        public var code: String { "CONSENSUS_FILE_IO" }
        public var description: String { "\(operation) \(path): \(String(cString: strerror(errno)))" }
    }

    static func fail(_ op: String, _ path: String) -> Failure { Failure(operation: op, path: path, errno: errno) }

    /// Replaces `path` with `bytes` so that after a crash the file holds either the old or the new
    /// bytes, never a mix, and the new bytes are on disk when this returns.
    public static func replace(path: String, with bytes: [UInt8]) throws {
        let temp = path + ".tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw fail("open", temp) }
        do {
            try writeAll(fd, bytes, path: temp)
            guard fsync(fd) == 0 else { throw fail("fsync", temp) }
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        guard rename(temp, path) == 0 else { throw fail("rename", path) }
        try syncFolder(of: path)
    }

    /// The whole file, or nil if it does not exist.
    public static func read(path: String) throws -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw fail("read", path) }
        return [UInt8](data)
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw fail("write", path)
            }
            done += n
        }
    }

    /// fsync of the folder, so a rename or a newly created file survives a power cut.
    static func syncFolder(of path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY)
        guard fd >= 0 else { throw fail("open", folder) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw fail("fsync", folder) }
    }
}
