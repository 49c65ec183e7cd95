import Foundation
import DesciFuzzDriver
import FuzzTargets

#if canImport(Glibc)
import Glibc
#endif

// One libFuzzer executable for every target (Docs/FUZZING.md); DESCI_FUZZ_TARGET picks the
// target, so CI builds once. A broken property aborts, which libFuzzer reports as a crash and
// saves as `crash-<sha1>`.

nonisolated(unsafe) private var selected: FuzzTarget?

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<Int32>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> Int32 {
    if let dir = getenv("DESCI_FUZZ_WRITE_SEEDS").map({ String(cString: $0) }) {
        exit(writeSeeds(to: dir))
    }
    let name = getenv("DESCI_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let known = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        printError("desci-fuzz: set DESCI_FUZZ_TARGET to one of: \(known) (got '\(name)')")
        exit(2)
    }
    selected = target
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        try selected?.check(bytes)
    } catch {
        printError("desci-fuzz: property violated: \(error)")
        abort()
    }
    return 0
}

/// Writes a line to standard error (file descriptor 2; the C `stderr` global is not concurrency-safe).
private func printError(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

/// `DESCI_FUZZ_WRITE_SEEDS=Fuzz/corpus desci-fuzz` (from the repository root) writes the seed
/// corpus built by `SeedCorpus` and exits.
private func writeSeeds(to dir: String) -> Int32 {
    do {
        let genesis = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "Genesis/devnet.json")))
        for (target, inputs) in try SeedCorpus.seeds(genesisJSON: genesis) {
            let folder = URL(fileURLWithPath: dir).appendingPathComponent(target.rawValue)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for input in inputs {
                try target.check(input.bytes)
                try Data(input.bytes).write(to: folder.appendingPathComponent(input.name))
            }
        }
        return 0
    } catch {
        printError("desci-fuzz: cannot write seeds: \(error)")
        return 1
    }
}
