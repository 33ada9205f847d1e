import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A child process owned by a session: started with `posix_spawn` as the leader of its own process
/// group (so its process group ID equals its pid), and torn down with its whole group.
///
/// Start one with ``spawn(_:arguments:environment:workingDirectory:output:passing:name:logger:)``.
/// Reaping is per pid (`waitpid(pid, …)`), never `waitpid(-1, …)`, so other code in this process
/// keeps its own children; signals go to this group only, never to processes found by name.
///
/// Why a `final class` with a `Mutex` rather than an actor: the pid never changes and the only
/// mutable state is the cached exit status, which must be filled exactly once because a pid can be
/// reaped only once. A mutex held across a non-blocking `waitpid(WNOHANG)` gives that with a
/// synchronous ``poll()`` that any code (a deinit, a signal path, a non-async caller) can use,
/// while the long waits (``waitForExit(timeout:)``, ``terminate(grace:)``) are `async` and sleep
/// between polls instead of blocking a thread. An actor would force `await` on every status check
/// and add nothing the mutex does not already guarantee.
///
/// If a `ChildProcess` is released while its leader has not been reaped, its deinit SIGKILLs the
/// group and, in a task of its own, reaps the leader if it exits within 100 ms: a safety net, not
/// a substitute for ``terminate(grace:)``.
public final class ChildProcess: Sendable {
    /// The leader's process ID.
    public let pid: pid_t
    /// The process group ID: the same as ``pid``, since the child leads its own group.
    public var processGroupID: pid_t { pid }
    /// A label for logs and error messages (the program name unless given).
    public let name: String
    /// The program path that was executed, after `PATH` lookup.
    public let executablePath: String

    private let logger: Logger?
    /// The pids spawned here and not yet reaped: the stray-zombie reaper
    /// (``ProcessTree/reapStrayZombies()``) leaves these to their owners. Held across `posix_spawn`
    /// so that a child that dies at once is not mistaken for a stray.
    static let owned = Mutex<Set<pid_t>>([])
    /// The leader's exit status once reaped.
    private let reaped = Mutex<ExitStatus?>(nil)

    init(pid: pid_t, name: String, executablePath: String, logger: Logger?) {
        self.pid = pid
        self.name = name
        self.executablePath = executablePath
        self.logger = logger
    }

    deinit {
        let unreaped = reaped.withLock { $0 == nil }
        guard unreaped else { return }
        // The leader is alive or a zombie, so its pid (and thus the group ID) cannot have been reused.
        signalGroup(SIGKILL)
        // The last reference may drop on a thread of the concurrency pool: the reaping waits in a
        // task of its own, which sleeps between polls instead of blocking that thread.
        let pid = self.pid
        Task.detached {
            for _ in 0..<50 {
                var raw: Int32 = 0
                let result = waitpid(pid, &raw, WNOHANG)
                if result == pid || (result == -1 && errno != EINTR) { break }
                try? await Task.sleep(for: .milliseconds(2))  // a detached task: never cancelled
            }
            Self.owned.withLock { _ = $0.remove(pid) }
        }
        logger?.warning(
            "child process released without terminate(); killed its group",
            metadata: ["process.name": "\(name)", "process.pid": "\(pid)"])
    }

    // MARK: Status

    /// The exit status if the leader has exited, reaping it (`waitpid(pid, WNOHANG)`); `nil` while
    /// it runs. The result is cached, so later calls return the same status.
    public func poll() -> ExitStatus? {
        reaped.withLock { cached in
            if let cached { return cached }
            var raw: Int32 = 0
            while true {
                let result = waitpid(pid, &raw, WNOHANG)
                if result == pid {
                    cached = ExitStatus(waitStatus: raw)
                    Self.owned.withLock { _ = $0.remove(pid) }
                    return cached
                }
                if result == 0 { return nil }
                if errno == EINTR { continue }
                // ECHILD: someone else collected this pid's status.
                cached = .unknown
                Self.owned.withLock { _ = $0.remove(pid) }
                return cached
            }
        }
    }

    /// Whether the leader is still running; ``poll()`` underneath, so an exited leader is reaped.
    public var isRunning: Bool { poll() == nil }

    /// Waits for the leader to exit, polling with short sleeps (1 ms growing to 20 ms), and reaps it.
    /// - Returns: its status, or `nil` if it still runs after `timeout` or the task is cancelled.
    public func waitForExit(timeout: Duration) async -> ExitStatus? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var delay = Duration.milliseconds(1)
        while true {
            if let status = poll() { return status }
            let now = clock.now
            if now >= deadline || Task.isCancelled { return nil }
            try? await Task.sleep(for: min(delay, now.duration(to: deadline)))
            delay = min(delay * 2, .milliseconds(20))
        }
    }

    // MARK: Signals

    /// Sends `signal` to the whole process group (or to the leader only), unless the leader has
    /// already been reaped (its pid may then belong to another process).
    /// - Throws: ``ProcessError`` when `kill` fails for another reason than the process being gone.
    public func send(signal: Int32, toGroup: Bool = true) throws(ProcessError) {
        try reaped.withLock { (cached: inout ExitStatus?) throws(ProcessError) in
            guard cached == nil else { return }
            if kill(toGroup ? -pid : pid, signal) != 0, errno != ESRCH {
                throw ProcessError(program: name, operation: .signal, detail: "\(signal)", errno: errno)
            }
        }
    }

    /// The live members of this process group: processes whose process group is ``processGroupID``,
    /// in this session, that have not exited (zombies are left out). Includes the leader while it runs.
    public func groupMembers() -> [pid_t] {
        ProcessTable.liveMembers(ofGroup: pid, session: getsid(0))
    }

    // MARK: Teardown

    /// Ends the process and everything in its group: SIGTERM to the group, up to `grace` for the
    /// leader and the rest of the group to exit, then SIGKILL to the group; reaps the leader last,
    /// after the group is empty, so its pid (the group ID) cannot be reused while signals are sent.
    ///
    /// The teardown runs to the end even if the calling task is cancelled. A process that already
    /// exited returns its status at once, after killing any members left in its group.
    public func terminate(grace: Duration = .seconds(2)) async -> ExitStatus {
        await Task.detached { await self.runTermination(grace: grace) }.value
    }

    private func runTermination(grace: Duration) async -> ExitStatus {
        let clock = ContinuousClock()
        let session = getsid(0)
        let others = { ProcessTable.liveMembers(ofGroup: self.pid, session: session).filter { $0 != self.pid } }

        if let status = reaped.withLock({ $0 }) {
            // Already reaped: kill whatever is left of the group.
            signalGroup(SIGKILL)
            _ = await waitUntil(deadline: clock.now.advanced(by: .seconds(2))) { others().isEmpty }
            return status
        }

        logger?.debug(
            "terminating child process",
            metadata: ["process.name": "\(name)", "process.pid": "\(pid)", "grace": "\(grace)"])
        signalGroup(SIGTERM)
        let graceful = await waitUntil(deadline: clock.now.advanced(by: grace)) {
            self.leaderHasExited() && others().isEmpty
        }
        if !graceful {
            logger?.notice(
                "child process group did not exit within grace; sending SIGKILL",
                metadata: ["process.name": "\(name)", "process.pid": "\(pid)"])
            signalGroup(SIGKILL)
            // SIGKILL cannot be ignored; only a process stuck in uninterruptible sleep delays this.
            _ = await waitUntil(deadline: nil) { self.leaderHasExited() }
            let settled = await waitUntil(deadline: clock.now.advanced(by: .seconds(2))) { others().isEmpty }
            if !settled {
                logger?.warning(
                    "members of the child's process group survived SIGKILL",
                    metadata: [
                        "process.name": "\(name)", "process.pid": "\(pid)",
                        "process.members": "\(others())",
                    ])
            }
        }
        let status = poll() ?? .unknown
        logger?.debug(
            "child process ended",
            metadata: ["process.name": "\(name)", "process.pid": "\(pid)", "status": "\(status)"])
        return status
    }

    /// Sends `signal` to the group; to the leader alone if there is no such group (the child
    /// changed its own group), so teardown cannot hang on a leader it failed to reach.
    ///
    /// The lock is held across `kill`, so a concurrent ``poll()`` cannot reap the leader in
    /// between: while unreaped (alive or a zombie) it keeps its pid, and so the group ID, from
    /// being reused. Once reaped, the group ID stays reserved only while members remain, so the
    /// group is signalled only if some are seen.
    private func signalGroup(_ signal: Int32) {
        let session = getsid(0)
        reaped.withLock { cached in
            if cached == nil {
                if kill(-pid, signal) != 0, errno == ESRCH { _ = kill(pid, signal) }
            } else if !ProcessTable.liveMembers(ofGroup: pid, session: session).isEmpty {
                _ = kill(-pid, signal)
            }
        }
    }

    /// Whether the leader has exited, without reaping it (`waitid` with `WNOWAIT`), so that its
    /// zombie keeps the pid, and with it the group ID, reserved.
    private func leaderHasExited() -> Bool {
        reaped.withLock { cached in
            if cached != nil { return true }
            var info = siginfo_t()
            while true {
                if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 {
                    return info._sifields._sigchld.si_pid == pid
                }
                if errno == EINTR { continue }
                return true  // ECHILD: gone, collected elsewhere; poll() will say .unknown
            }
        }
    }

    /// Polls `condition` with sleeps from 1 ms growing to 20 ms until it holds (true) or `deadline`
    /// passes (false). Runs inside the detached teardown task, which is never cancelled.
    private func waitUntil(deadline: ContinuousClock.Instant?, _ condition: () -> Bool) async -> Bool {
        let clock = ContinuousClock()
        var delay = Duration.milliseconds(1)
        while true {
            if condition() { return true }
            let now = clock.now
            if let deadline, now >= deadline { return false }
            var pause = delay
            if let deadline { pause = min(pause, now.duration(to: deadline)) }
            // One resumption a poll: a busy pool delays each one, and teardown must not crawl.
            // A cancelled task's own sleep returns at once, so only then the detached pause.
            if Task.isCancelled {
                await Self.pause(pause)
            } else {
                try? await Task.sleep(for: pause)
            }
            delay = min(delay * 2, .milliseconds(20))
        }
    }

    /// Sleeps for `duration` even in a cancelled task (whose own `Task.sleep` returns at once and
    /// would make a poll loop spin), without blocking its thread: the sleep is a detached task's,
    /// which the caller's cancellation does not reach.
    private static func pause(_ duration: Duration) async {
        await Task.detached { try? await Task.sleep(for: duration) }.value
    }
}

/// Reads `/proc` to find the members of a process group.
enum ProcessTable {
    /// The state, process group and session of `pid` from `/proc/PID/stat`, or `nil` if it is gone.
    static func stat(_ pid: pid_t) -> (state: Character, processGroup: pid_t, session: pid_t)? {
        let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        // "pid (comm) S ppid pgrp session …"; comm may contain spaces and parentheses.
        guard let close = buffer[0..<count].lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = String(decoding: buffer[(close + 1)..<count], as: UTF8.self).split(separator: " ")
        guard fields.count >= 4, let state = fields[0].first,
            let group = pid_t(fields[2]), let session = pid_t(fields[3])
        else { return nil }
        return (state, group, session)
    }

    /// Processes in group `group` (and in `session`) that are not zombies.
    static func liveMembers(ofGroup group: pid_t, session: pid_t) -> [pid_t] {
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var members: [pid_t] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard let pid = pid_t(name), let info = stat(pid) else { continue }
            if info.processGroup == group, info.session == session, info.state != "Z", info.state != "X" {
                members.append(pid)
            }
        }
        return members
    }
}
