import Foundation

/// Wall-clock timing and progress lines (progress always goes to stderr so `--json` stays clean).
enum Clock {
    static func now() -> ContinuousClock.Instant { ContinuousClock.now }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        seconds(start.duration(to: ContinuousClock.now))
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Runs `body` and returns its result with the elapsed seconds.
    static func timeAsync<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
        let start = ContinuousClock.now
        let value = try await body()
        return (value, seconds(since: start))
    }

    static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = now()
        let result = try body()
        return (result, seconds(since: start))
    }
}

enum Progress {
    static func say(_ line: String) {
        FileHandle.standardError.write(Data("• \(line)\n".utf8))
    }
}

/// A scratch folder removed when the benchmark ends.
struct ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("desci-bench-\(getpid())-\(UInt32.random(in: 0 ... .max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func sub(_ name: String) -> URL { url.appendingPathComponent(name) }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
