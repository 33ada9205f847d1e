internal import CProcessControl
import DeskgymCore
import Foundation

/// The descendants of a session's processes, found in `/proc`, so that teardown can end and reap
/// the ones that left their process group (a shell under xterm runs in a session of its own).
///
/// This process declares itself a child subreaper, so orphaned descendants are reparented to it
/// rather than to PID 1 (which in a container may never reap them), and teardown reaps them by pid.
public struct ProcessTree {
    /// A process identified by pid and start time, so a reused pid is never mistaken for it.
    struct Entry: Sendable, Hashable {
        var pid: Int32
        var startTime: UInt64
    }

    /// Whether this process adopts orphans (set once, on first use).
    static let isSubreaper: Bool = deskgym_become_child_subreaper() == 0

    /// Every live descendant of `roots` (not the roots themselves).
    static func descendants(of roots: [Int32]) -> [Entry] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var children: [Int32: [Entry]] = [:]
        for entry in entries {
            guard let pid = Int32(entry), let stat = Stat(pid: pid) else { continue }
            children[stat.parent, default: []].append(Entry(pid: pid, startTime: stat.startTime))
        }
        var found: [Entry] = []
        var queue = roots
        while let next = queue.popLast() {
            for child in children[next] ?? [] where !found.contains(child) {
                found.append(child)
                queue.append(child.pid)
            }
        }
        return found
    }

    /// The children of this process that are not `roots` and whose environment sets `HOME=home`:
    /// a session's programs that detached from its tree (Chromium's crash handler forks twice and
    /// starts a session of its own) and were adopted by this process, the subreaper. Found by
    /// HOME, which is the session's own folder, so another session's orphans are never taken.
    static func adoptedOrphans(home: String, roots: [Int32]) -> [Entry] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        let me = getpid()
        let wanted = Data("HOME=\(home)".utf8)
        // Children spawned here are roots of some session, not orphans: a server with many
        // sessions would otherwise read every one's environment.
        let spawned = ChildProcess.owned.withLock { $0 }
        return entries.compactMap { entry -> Entry? in
            guard let pid = Int32(entry), !roots.contains(pid), !spawned.contains(pid), let stat = Stat(pid: pid),
                stat.parent == me,
                let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ"),
                environment.split(separator: 0).contains(where: { $0.elementsEqual(wanted) })
            else { return nil }
            return Entry(pid: pid, startTime: stat.startTime)
        }
    }

    /// Reaps this process's zombie children that no ``ChildProcess`` owns: programs that
    /// daemonized (forked twice and exited, as gpg-agent and its helpers under LibreOffice do), were
    /// adopted by this process, the subreaper, and died. A zombie's environment is empty, so the
    /// teardown's search by HOME cannot find them; without this they pile up for the server's
    /// lifetime. Returns how many were reaped.
    @discardableResult
    public static func reapStrayZombies() -> Int {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return 0 }
        let me = getpid()
        return ChildProcess.owned.withLock { owned in
            var reaped = 0
            for entry in entries {
                guard let pid = Int32(entry), !owned.contains(pid), !ForeignChildren.contains(pid), let stat = Stat(pid: pid),
                    stat.parent == me, stat.state == "Z"
                else { continue }
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid { reaped += 1 }
            }
            return reaped
        }
    }

    /// Kills the descendants that still run, then reaps those that became this process's zombies;
    /// waits up to `timeout` for them to go.
    static func endAndReap(_ entries: [Entry], timeout: Duration) async {
        let me = getpid()
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var remaining = entries
        while !remaining.isEmpty {
            remaining = remaining.filter { entry in
                guard let stat = Stat(pid: entry.pid), stat.startTime == entry.startTime else { return false }
                if stat.state == "Z" {
                    guard stat.parent == me else { return false }  // its own parent reaps it
                    var status: Int32 = 0
                    return waitpid(entry.pid, &status, WNOHANG) != entry.pid
                }
                kill(entry.pid, SIGKILL)
                return true
            }
            if remaining.isEmpty || clock.now > deadline { return }
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    /// The fields of `/proc/PID/stat` that teardown needs.
    struct Stat {
        var name: String
        var state: Character
        var parent: Int32
        var processGroup: Int32
        var session: Int32
        /// The controlling terminal's device number; 0 for none.
        var terminal: Int32
        /// The foreground process group of the controlling terminal; -1 for none.
        var terminalForegroundGroup: Int32
        /// User plus system CPU time, in clock ticks.
        var cpuTicks: UInt64
        var startTime: UInt64

        init?(pid: Int32) {
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")")
            else { return nil }
            // After the name: state(3) ppid(4) pgrp(5) session(6) tty_nr(7) tpgid(8) … utime(14)
            // stime(15) … starttime(22), numbered as in proc(5).
            let fields = text[text.index(after: close)...].split(separator: " ")
            guard fields.count > 19, let state = fields[0].first, let parent = Int32(fields[1]),
                let group = Int32(fields[2]), let session = Int32(fields[3]), let terminal = Int32(fields[4]),
                let foreground = Int32(fields[5]), let user = UInt64(fields[11]), let system = UInt64(fields[12]),
                let start = UInt64(fields[19])
            else { return nil }
            self.name = String(text[text.index(after: open)..<close])
            self.state = state
            self.parent = parent
            self.processGroup = group
            self.session = session
            self.terminal = terminal
            self.terminalForegroundGroup = foreground
            self.cpuTicks = user + system
            self.startTime = start
        }
    }
}
