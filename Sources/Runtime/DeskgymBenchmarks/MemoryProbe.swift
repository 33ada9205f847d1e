import Foundation

/// Memory readings from `/proc`.
enum MemoryProbe {
    /// The proportional set size of `pids` together, in KiB: shared pages (fonts, libraries) are
    /// split among the processes that map them, so that the sum is what they really cost.
    static func proportionalSetKiB(of pids: [Int32]) -> Int {
        pids.reduce(0) { total, pid in
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/smaps_rollup", encoding: .utf8) else { return total }
            let line = text.split(separator: "\n").first { $0.hasPrefix("Pss:") }
            let value = line?.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) } ?? 0
            return total + value
        }
    }

    /// This process's resident set, in KiB.
    static func serverResident() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) } ?? 0
    }
}
