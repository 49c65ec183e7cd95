import Foundation

/// How much of the machine other processes used while the benchmark ran (Linux `/proc`), so a run
/// disturbed by a concurrent build or test can be recognised and repeated.
struct SystemLoad: Sendable {
    /// CPU time of all processes and of this one, in clock ticks.
    var machineBusy: Double
    var own: Double
    var at: ContinuousClock.Instant

    static func sample() -> SystemLoad? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let cpu = stat.split(separator: "\n").first, cpu.hasPrefix("cpu "),
              let mine = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let close = mine.lastIndex(of: ")")
        else { return nil }
        // user nice system idle iowait irq softirq steal
        let f = cpu.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard f.count >= 8 else { return nil }
        // After "pid (comm)": state is field 3; utime and stime are fields 14 and 15.
        let p = mine[mine.index(after: close)...].split(separator: " ")
        guard p.count > 12, let utime = Double(p[11]), let stime = Double(p[12]) else { return nil }
        return SystemLoad(machineBusy: f[0] + f[1] + f[2] + f[5] + f[6] + f[7], own: utime + stime, at: Clock.now())
    }

    /// Fraction of the machine's CPU capacity other processes used between `start` and now.
    static func othersShare(since start: SystemLoad?) -> Double? {
        guard let start, let end = sample() else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let capacity = Clock.seconds(start.at.duration(to: end.at)) * Double(ProcessInfo.processInfo.activeProcessorCount)
        let others = ((end.machineBusy - start.machineBusy) - (end.own - start.own)) / ticks
        return max(0, others / capacity)
    }
}
