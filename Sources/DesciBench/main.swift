import Foundation
import Logging

// desci-bench: (a) raw Ed25519 verification, (b) mempool admission, (c) block execution + commit,
// (d) end to end through the RPC server. Docs/BENCHMARKS.md explains each figure.

let options: BenchOptions
do { options = try BenchOptions.parse(Array(CommandLine.arguments.dropFirst())) } catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(2)
}
if CommandLine.arguments.contains("--calibrate") {
    do { print(try Calibration.run()) } catch {
        FileHandle.standardError.write(Data("desci-bench --calibrate failed: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}
if options.hashing {
    do {
        let r = try HashBench.run(megabytes: options.quick ? 64 : options.hashMegabytes)
        if options.json {
            FileHandle.standardError.write(Data((r.table + "\n").utf8))
            print(String(decoding: try JSONSerialization.data(withJSONObject: ["hashing": r.json], options: [.sortedKeys]), as: UTF8.self))
        } else {
            print(r.table)
        }
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("desci-bench --hashing failed: \(error)\n".utf8))
        exit(1)
    }
}
LoggingSystem.bootstrap { BenchLogHandler(label: $0) }
var logger = Logger(label: "desci-bench")
logger.logLevel = .warning

do {
    if options.worstBlock {
        print(try await WorstBlockBench.run(options, logger: logger))
        exit(0)
    }
    if options.cluster {
        print(try await ClusterBench.run(options, logger: logger))
        exit(0)
    }
    if options.bundle {
        print(try await BundleBench.run(options, logger: logger))
        exit(0)
    }
    if options.stateScale {
        print(try await StateScaleBench.run(options, logger: logger))
        exit(0)
    }
    let report = try await Bench.run(options, logger: logger)
    if options.json {
        FileHandle.standardError.write(Data((report.table + "\n").utf8))
        print(try report.jsonDocument())
    } else {
        print(report.table)
    }
} catch {
    FileHandle.standardError.write(Data("desci-bench failed: \(error)\n".utf8))
    exit(1)
}
