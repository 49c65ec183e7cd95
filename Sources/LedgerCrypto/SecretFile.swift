#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files that hold secrets (plaintext node and validator keys, encrypted wallet keys).
///
/// They are created with `open(O_CREAT | O_EXCL | O_NOFOLLOW, 0600)` so the secret is never on disk,
/// even for an instant, with wider permissions, and an existing file or symlink is never followed or
/// overwritten. Loading refuses a file that group or others may read or write, as ssh does.
public enum SecretFile {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// Code `KEY_FILE_EXISTS`.
        case exists(path: String)
        /// Code `KEY_FILE_IO`.
        case io(path: String, errno: Int32)
        /// Code `KEY_FILE_PERMISSIONS`: group or others have access.
        case tooOpen(path: String, mode: UInt32)

        public var code: String {
            switch self {
            case .exists: "KEY_FILE_EXISTS"
            case .io: "KEY_FILE_IO"
            case .tooOpen: "KEY_FILE_PERMISSIONS"
            }
        }

        public var description: String {
            switch self {
            case let .exists(path): "\(path) already exists; refusing to overwrite a key file"
            case let .io(path, e): "cannot access \(path): \(String(cString: strerror(e)))"
            case let .tooOpen(path, mode):
                "permissions \(String(mode & 0o777, radix: 8)) for \(path) are too open: the key must not be readable by group or others; run `chmod 600 \(path)`"
            }
        }
    }

    /// Creates `path` with mode 0600 (never an existing file) and writes `bytes`, then syncs.
    public static func create(path: String, bytes: [UInt8]) throws(Failure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let e = errno
            throw e == EEXIST ? Failure.exists(path: path) : Failure.io(path: path, errno: e)
        }
        // The umask can only remove bits; make the mode exactly 0600 whatever it was.
        guard fchmod(fd, 0o600) == 0 else { let e = errno; close(fd); unlink(path); throw .io(path: path, errno: e) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                close(fd)
                unlink(path)
                throw .io(path: path, errno: e)
            }
            written += n
        }
        guard fsync(fd) == 0 else { let e = errno; close(fd); unlink(path); throw .io(path: path, errno: e) }
        close(fd)
    }

    /// Throws `.tooOpen` when group or others have any permission on `path` (ssh's rule for private keys).
    public static func checkPrivate(path: String) throws(Failure) {
        var st = stat()
        guard stat(path, &st) == 0 else { throw .io(path: path, errno: errno) }
        let mode = UInt32(st.st_mode)
        guard mode & 0o077 == 0 else { throw .tooOpen(path: path, mode: mode) }
    }
}
