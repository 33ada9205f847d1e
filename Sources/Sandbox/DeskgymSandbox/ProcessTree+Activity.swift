import Foundation

extension ProcessTree {
    /// What a session's processes were doing at one moment: which ran, how much CPU time they had
    /// used, and which were runnable or waiting on a disk.
    struct Activity: Sendable, Equatable {
        /// The session's processes.
        var members: Set<Entry>
        /// The members' user plus system CPU time, in nanoseconds.
        var cpuTime: UInt64
        /// `name (pid)` of the members in state R (running or runnable) or D (disk sleep), and
        /// the terminals' shells that wait for a foreground job (a typed `sleep 5; …` sleeps, but
        /// the shell has not given the terminal back).
        var busy: [String]

        /// Whether nothing happened between `earlier` and this sample, `elapsed` apart: the same
        /// processes, none busy now, and less CPU time used than ``idleShare`` of `elapsed`
        /// (timers — a blinking cursor, a browser's housekeeping — are not work).
        func isQuiet(since earlier: Activity, elapsed: Duration) -> Bool {
            let allowance = UInt64(max(0, elapsed / .nanoseconds(1)) * Self.idleShare)
            return busy.isEmpty && members == earlier.members && cpuTime &- earlier.cpuTime <= allowance
        }

        /// The share of one CPU below which the session's programs count as idle: 5 %.
        static let idleShare = 0.05

        /// Adds `stat`'s process (`pid`) to the sample: as a member, its state, and — when
        /// `countTime` — its CPU time.
        mutating func add(_ pid: Int32, _ stat: Stat, countTime: Bool) {
            members.insert(Entry(pid: pid, startTime: stat.startTime))
            if countTime { cpuTime += stat.cpuTicks * Self.nanosecondsPerTick }
            if stat.state == "R" || stat.state == "D" { busy.append("\(stat.name) (\(pid))") }
            if stat.session == pid, stat.terminal != 0, stat.terminalForegroundGroup > 0,
                stat.terminalForegroundGroup != stat.processGroup
            {
                busy.append("a foreground job of \(stat.name) (\(pid))")
            }
        }

        static let nanosecondsPerTick = UInt64(1_000_000_000 / max(1, sysconf(Int32(_SC_CLK_TCK))))
    }

    /// Samples `roots`, their descendants and this process's adopted children whose HOME is
    /// `home`, reading `/proc` once.
    static func activity(roots: [Int32], home: String) -> Activity {
        var activity = Activity(members: [], cpuTime: 0, busy: [])
        for (pid, stat) in members(roots: roots, home: home) { activity.add(pid, stat, countTime: true) }
        activity.busy.sort()
        return activity
    }

    /// The processes of a session, read from `/proc` once: `roots`, their descendants, and this
    /// process's adopted children whose HOME is `home` (as ``adoptedOrphans(home:roots:)`` finds
    /// them) with their descendants.
    static func members(roots: [Int32], home: String) -> [Int32: Stat] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [:] }
        var stats: [Int32: Stat] = [:]
        var children: [Int32: [Int32]] = [:]
        for entry in entries {
            guard let pid = Int32(entry), let stat = Stat(pid: pid) else { continue }
            stats[pid] = stat
            children[stat.parent, default: []].append(pid)
        }
        let me = getpid()
        let spawned = ChildProcess.owned.withLock { $0 }
        let wanted = Data("HOME=\(home)".utf8)
        let orphans = (children[me] ?? []).filter { pid in
            guard !roots.contains(pid), !spawned.contains(pid),
                let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ")
            else { return false }
            return environment.split(separator: 0).contains { $0.elementsEqual(wanted) }
        }
        var found: [Int32: Stat] = [:]
        var queue = roots + orphans
        while let pid = queue.popLast() {
            guard found[pid] == nil, let stat = stats[pid] else { continue }
            found[pid] = stat
            queue += children[pid] ?? []
        }
        return found
    }
}
