import Foundation

// desci-sim: the deterministic consensus simulator (Docs/CONSENSUS.md, "The simulator").
//   desci-sim --seed S --scenario NAME        replay one run, with its description
//   desci-sim --seeds N [--start S] [--scenario NAME|all]   sweep seeds; stop at the first failure
// Exit status 1 on any invariant violation, with the command that replays it.

struct Arguments {
    var seed: UInt64?
    var seeds: UInt64 = 100
    var start: UInt64 = 1
    var scenario = "all"
    var verbose = false

    init(_ args: [String]) throws {
        var it = args.dropFirst().makeIterator()
        func value(_ flag: String) throws -> String {
            guard let v = it.next() else { throw UsageError("\(flag) needs a value") }
            return v
        }
        func number(_ flag: String) throws -> UInt64 {
            let v = try value(flag)
            guard let n = UInt64(v) else { throw UsageError("\(flag) must be a whole number, got '\(v)'") }
            return n
        }
        while let a = it.next() {
            switch a {
            case "--seed": seed = try number(a)
            case "--seeds": seeds = try number(a)
            case "--start": start = try number(a)
            case "--scenario": scenario = try value(a)
            case "--verbose", "-v": verbose = true
            case "--help", "-h":
                print("usage: desci-sim [--seed S] [--seeds N] [--start S] [--scenario \(Scenario.Name.allCases.map(\.rawValue).joined(separator: "|"))|all] [--verbose]")
                exit(0)
            default: throw UsageError("unknown argument '\(a)'")
            }
        }
    }
}

struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

func names(_ arg: String) throws -> [Scenario.Name] {
    if arg == "all" { return Scenario.Name.allCases }
    guard let n = Scenario.Name(rawValue: arg) else { throw UsageError("unknown scenario '\(arg)'") }
    return [n]
}

/// Scenario of a seed in a sweep over several: seeds take turns.
func scenario(for seed: UInt64, among list: [Scenario.Name]) -> Scenario.Name { list[Int(seed % UInt64(list.count))] }

do {
    let args = try Arguments(CommandLine.arguments)
    let list = try names(args.scenario)
    let seeds: [UInt64] = args.seed.map { [$0] } ?? Array(args.start..<(args.start + args.seeds))
    let started = Date()
    var runs = 0, heights: UInt64 = 0, txs = 0, evidence = 0, maxRound: UInt32 = 0
    for seed in seeds {
        let name = args.seed != nil && list.count > 1 ? .mixed : scenario(for: seed, among: list)
        let plan = Scenario.plan(name, seed: seed)
        let sim = try Simulator(plan)
        let report = try sim.run()
        runs += 1
        heights += report.committedHeights
        txs += report.transactionsCommitted
        evidence += report.evidence
        maxRound = max(maxRound, report.maxRound)
        if args.verbose || args.seed != nil {
            print("seed \(seed) \(name.rawValue): \(plan)")
            print("  finished at \(report.finishedAtMillis.map { "\($0) ms" } ?? "—"), heights \(report.committedHeights), "
                  + "txs \(report.transactionsCommitted), evidence \(report.evidence), conflicting proposals seen \(report.conflictingProposalsSeen), "
                  + "max round \(report.maxRound), messages \(report.delivered)")
        }
        if !report.violations.isEmpty {
            print("FAIL seed \(seed) scenario \(name.rawValue): \(plan)")
            for v in report.violations.prefix(20) { print("  \(v)") }
            print("replay: make sim SEED=\(seed) SCENARIO=\(name.rawValue)")
            exit(1)
        }
    }
    let seconds = Date().timeIntervalSince(started)
    let perHour = seconds > 0 ? Int(Double(runs) / seconds * 3600) : 0
    print("desci-sim: \(runs) runs (\(list.map(\.rawValue).joined(separator: ","))) passed in \(String(format: "%.1f", seconds)) s, "
          + "\(perHour) scenarios/hour; \(heights) heights, \(txs) transactions, \(evidence) evidence reports, max round \(maxRound)")
} catch {
    FileHandle.standardError.write(Data("desci-sim: \(error)\n".utf8))
    exit(2)
}
