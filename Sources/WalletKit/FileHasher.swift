import Crypto
import Foundation

/// Bulk SHA-256 of files, for registration and audits.
///
/// Why swift-crypto here and libsodium elsewhere: auditors hash terabytes, and libsodium's portable
/// SHA-256 runs at about a quarter of the speed of an implementation using the CPU's SHA
/// instructions (BoringSSL, inside swift-crypto, has those). Content digests are computed off chain
/// and only their bytes are signed, so which library computed them does not matter to consensus;
/// signatures, ids and everything consensus hashes stay on libsodium (`LedgerCrypto`).
public enum FileHasher {
    /// What hashing a file yields.
    public struct Result: Sendable, Equatable {
        /// The 32-byte SHA-256 digest.
        public var digest: [UInt8]
        /// Bytes read.
        public var size: UInt64
        /// The SHA-256 multihash (0x12 0x20 || digest), as records store it.
        public var multihash: [UInt8] { [0x12, 0x20] + digest }
    }

    /// Read size: large enough that the per-call overhead vanishes, small enough to stay in L2/L3.
    public static let chunkSize = 1 << 20

    /// Streams `path` through SHA-256. `progress(done, total)` is called after each chunk (total is
    /// the size `stat` reported at the start, 0 if unknown).
    public static func hash(path: String, progress: ((UInt64, UInt64) -> Void)? = nil) throws -> Result {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw WalletError("cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        let total: UInt64 = fstat(fd, &st) == 0 && st.st_size > 0 ? UInt64(st.st_size) : 0
        #if os(Linux)
        // Tell the kernel we read front to back, so read-ahead is aggressive.
        _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        #endif
        var hasher = SHA256()
        var done: UInt64 = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, chunkSize)
            if n < 0 {
                if errno == EINTR { continue }
                throw WalletError("cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            done += UInt64(n)
            progress?(done, total)
        }
        return Result(digest: Array(hasher.finalize()), size: done)
    }

    /// A progress bar on stderr, redrawn when the percentage changes; nil when stderr is not a terminal.
    public static func terminalProgress(label: String = "hashing") -> ((UInt64, UInt64) -> Void)? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        let bar = ProgressBar(label: label)
        return { done, total in bar.update(done: done, total: total) }
    }

    /// Ends the progress bar's line (call after `hash` when a progress bar was shown).
    public static func endProgress(_ progress: ((UInt64, UInt64) -> Void)?) {
        if progress != nil { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// The stderr progress bar of `FileHasher.terminalProgress`. A class because the closure keeps the
/// last percentage between calls; used from one thread only.
final class ProgressBar {
    let label: String
    var lastPercent = -1

    init(label: String) { self.label = label }

    func update(done: UInt64, total: UInt64) {
        guard total > 0 else { return }
        let percent = Int(min(done, total) * 100 / total)
        guard percent != lastPercent else { return }
        lastPercent = percent
        let filled = percent * 30 / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: 30 - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(percent)% \(done)/\(total) bytes".utf8))
    }
}
