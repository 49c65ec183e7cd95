import Foundation
import LedgerCrypto
import WalletKit

/// `desci-bench --hashing`: bulk SHA-256 of one temp file with the wallet's `FileHasher`
/// (swift-crypto), side by side with `openssl dgst -sha256` and libsodium's streaming SHA-256
/// (Docs/BENCHMARKS.md, "Bulk file hashing"). The file is read once first so every tool reads it
/// from the page cache; each tool runs `runs` times and the best time counts.
enum HashBench {
    struct Result {
        var bytes: Int
        var fileHasherSeconds: Double
        var opensslSeconds: Double?
        var sodiumSeconds: Double
        var digest: String
        var opensslDigest: String?

        var ratio: Double? { opensslSeconds.map { $0 / fileHasherSeconds } }

        func mbps(_ seconds: Double) -> String { String(format: "%.0f MB/s", Double(bytes) / seconds / 1e6) }

        var table: String {
            var lines = ["bulk SHA-256 of a \(bytes >> 20) MiB file (best of runs, page cache warm)",
                         "  FileHasher (swift-crypto)   \(String(format: "%.3f", fileHasherSeconds)) s  \(mbps(fileHasherSeconds))"]
            if let o = opensslSeconds { lines.append("  openssl dgst -sha256        \(String(format: "%.3f", o)) s  \(mbps(o))") }
            lines.append("  libsodium (LedgerCrypto)    \(String(format: "%.3f", sodiumSeconds)) s  \(mbps(sodiumSeconds))")
            if let r = ratio { lines.append(String(format: "  FileHasher / openssl speed: %.1f %%", r * 100)) }
            lines.append("  digests agree: \(opensslDigest.map { $0 == digest ? "yes" : "NO (\($0) vs \(digest))" } ?? "openssl not found")")
            return lines.joined(separator: "\n")
        }

        var json: [String: Any] {
            var o: [String: Any] = ["bytes": bytes, "file_hasher_s": fileHasherSeconds, "sodium_s": sodiumSeconds, "digest": digest]
            if let s = opensslSeconds { o["openssl_s"] = s }
            if let r = ratio { o["ratio_vs_openssl"] = r }
            return o
        }
    }

    static func run(megabytes: Int, runs: Int = 3) throws -> Result {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("desci-bench-hash-\(getpid()).bin").path
        try writeFile(path: path, bytes: megabytes << 20)
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try FileHasher.hash(path: path)  // warm the page cache

        var best = Double.infinity
        var digest = ""
        for _ in 0..<runs {
            let t = Clock.now()
            let r = try FileHasher.hash(path: path)
            best = min(best, Clock.seconds(since: t))
            digest = r.digest.map { String(format: "%02x", $0) }.joined()
        }
        var opensslBest: Double?
        var opensslDigest: String?
        if let openssl = which("openssl") {
            for _ in 0..<runs {
                let t = Clock.now()
                let out = try runProcess(openssl, ["dgst", "-sha256", "-r", path])
                opensslBest = min(opensslBest ?? .infinity, Clock.seconds(since: t))
                opensslDigest = out.split(separator: " ").first.map(String.init)
            }
        }
        let t = Clock.now()
        try sodiumHash(path: path)
        let sodium = Clock.seconds(since: t)
        return Result(bytes: megabytes << 20, fileHasherSeconds: best, opensslSeconds: opensslBest, sodiumSeconds: sodium, digest: digest,
                      opensslDigest: opensslDigest)
    }

    /// Deterministic pseudo-random content (xorshift), so compression or zero pages cannot flatter anyone.
    static func writeFile(path: String, bytes: Int) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw HashBenchError("cannot create \(path)") }
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? h.close() }
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        var chunk = [UInt64](repeating: 0, count: (1 << 20) / 8)
        for _ in 0..<(bytes >> 20) {
            for i in chunk.indices {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17
                chunk[i] = x
            }
            try chunk.withUnsafeBytes { try h.write(contentsOf: $0) }
        }
    }

    static func sodiumHash(path: String) throws {
        guard let h = FileHandle(forReadingAtPath: path) else { throw HashBenchError("cannot read \(path)") }
        defer { try? h.close() }
        var hasher = SHA256Hasher()
        while let chunk = try h.read(upToCount: FileHasher.chunkSize), !chunk.isEmpty {
            chunk.withUnsafeBytes { hasher.update(raw: $0) }
        }
        _ = hasher.finalize()
    }

    static func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    static func runProcess(_ tool: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw HashBenchError("\(tool) exited with \(p.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }
}

struct HashBenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
