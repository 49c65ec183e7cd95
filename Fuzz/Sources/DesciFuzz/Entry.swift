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
    let name = getenv("DESCI_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let known = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        fputs("desci-fuzz: set DESCI_FUZZ_TARGET to one of: \(known) (got '\(name)')\n", stderr)
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
        fputs("desci-fuzz: property violated: \(error)\n", stderr)
        abort()
    }
    return 0
}
