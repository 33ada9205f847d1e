import Foundation

/// Samples what a session's programs are doing (``ProcessTree/Activity``), as cheaply as the
/// session allows: a sandboxed session with a cgroup is read from it — the CPU time of all its
/// programs from one file, their list from another, and only their own `/proc` entries — plus
/// the processes outside it that serve it (Xvfb); any other session from a scan of `/proc` for
/// its process tree.
struct ActivityProbe: Sendable {
    /// Where the samples come from.
    enum Source: Sendable {
        /// The cgroup's usage file (v1 `cpuacct.usage` or v2 `cpu.stat`) and `cgroup.procs`.
        case cgroup(usage: String, members: String)
        /// The process tree of these roots, with the orphans that carry this HOME.
        case processTree(roots: [Int32], home: String)
    }

    let source: Source
    /// Processes outside the cgroup sampled too (Xvfb).
    let outside: [Int32]
    /// Processes whose state counts (runnable is busy) but not their CPU time (see
    /// ``DesktopSession/XvfbSampling/stateOnly``).
    let watched: [Int32]
    /// A process tree's members as the last scan of `/proc` found them, and when: between scans
    /// (``treeRescan`` apart) only they are read, so a settle sampling every few milliseconds
    /// does not read every process of the machine each time.
    private var known: (pids: [Int32], at: ContinuousClock.Instant)?

    /// How often a process tree is looked for in all of `/proc`; a process started between two
    /// scans is seen at the next (its parent's CPU time, spent forking it, is seen at once).
    static let treeRescan = Duration.milliseconds(25)

    /// The most members of a cgroup one sample reads the state of: a settle samples every few
    /// milliseconds, and a session's programs can fork as many processes as its limits allow.
    static let memberCap = 4096

    init(source: Source, outside: [Int32], watched: [Int32] = []) {
        self.source = source
        self.outside = outside
        self.watched = watched
    }

    /// One sample.
    mutating func sample() -> ProcessTree.Activity {
        var activity = sampleSource()
        for pid in watched {
            guard let stat = ProcessTree.Stat(pid: pid) else { continue }
            activity.add(pid, stat, countTime: false)
        }
        activity.busy.sort()
        return activity
    }

    private mutating func sampleSource() -> ProcessTree.Activity {
        guard case .cgroup(let usage, let membersFile) = source, let cpuTime = Self.cgroupCPUTime(usage) else {
            guard case .processTree(let roots, let home) = source else { return ProcessTree.activity(roots: outside, home: "") }
            let now = ContinuousClock.now
            if let known, now - known.at < Self.treeRescan {
                var activity = ProcessTree.Activity(members: [], cpuTime: 0, busy: [])
                for pid in known.pids {
                    guard let stat = ProcessTree.Stat(pid: pid) else { continue }
                    activity.add(pid, stat, countTime: true)
                }
                return activity
            }
            let activity = ProcessTree.activity(roots: roots, home: home)
            known = (activity.members.map(\.pid), now)
            return activity
        }
        var activity = ProcessTree.Activity(members: [], cpuTime: cpuTime, busy: [])
        let listed = (try? String(contentsOfFile: membersFile, encoding: .utf8)) ?? ""
        // The session decides how many processes it has: past the cap, the rest is not read.
        for line in listed.split(separator: "\n").prefix(Self.memberCap) {
            guard let pid = Int32(line), let stat = ProcessTree.Stat(pid: pid) else { continue }
            activity.add(pid, stat, countTime: false)
        }
        for pid in outside {
            guard let stat = ProcessTree.Stat(pid: pid) else { continue }
            activity.add(pid, stat, countTime: true)
        }
        return activity
    }

    /// The CPU time a cgroup's processes used, in nanoseconds: v1's `cpuacct.usage` as it is,
    /// v2's `cpu.stat` `usage_usec` line times 1000; nil when it cannot be read.
    static func cgroupCPUTime(_ file: String) -> UInt64? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        if file.hasSuffix("cpu.stat") {
            for line in text.split(separator: "\n") where line.hasPrefix("usage_usec ") {
                return UInt64(line.dropFirst("usage_usec ".count)).map { $0 * 1000 }
            }
            return nil
        }
        return UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
