import Foundation

extension DesktopSession {
    /// A program running in the session.
    public struct Program: Sendable, Equatable {
        public var pid: Int32
        /// The kernel's name for it (`/proc/PID/comm`: the executable's name, at most 15 bytes).
        public var name: String
        /// Its arguments, the program first.
        public var commandLine: [String]
    }

    /// The session's programs other than Xvfb: what it started, their descendants, and the
    /// programs that detached and carry its HOME; zombies left out. A `vnc` or `qemu` session
    /// lists only what it launched on this machine.
    public var programs: [Program] {
        let infrastructure = sandboxPIDs
        return ProcessTree.members(roots: treeRoots, home: home.path)
            .filter { $0.key != xvfbPID && !infrastructure.contains($0.key) && $0.value.state != "Z" }
            .map { pid, stat in
                let arguments =
                    FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")?
                    .split(separator: 0).map { String(decoding: $0, as: UTF8.self) } ?? []
                return Program(pid: pid, name: stat.name, commandLine: arguments)
            }
            .sorted { $0.pid < $1.pid }
    }

    /// Ends the session's programs that `matching` picks, as `pkill` inside the session would but
    /// without reaching another session's programs (OSWorld's tasks run `pkill chrome` in a VM of
    /// their own; here sessions share the machine and the user): SIGTERM, then SIGKILL to those
    /// still running after `grace`. Their deaths are not reported as crashes by ``checkHealth()``.
    /// Returns the programs it ended.
    @discardableResult
    public func endPrograms(where matching: (Program) -> Bool, grace: Duration = .seconds(3)) async -> [Program] {
        let targets = programs.filter(matching)
        guard !targets.isEmpty else { return [] }
        let entries = targets.compactMap { target in
            ProcessTree.Stat(pid: target.pid).map { ProcessTree.Entry(pid: target.pid, startTime: $0.startTime) }
        }
        endedOnPurpose.withLock { $0.formUnion(entries.map(\.pid)) }
        for entry in entries { kill(entry.pid, SIGTERM) }
        let clock = ContinuousClock()
        let deadline = clock.now + grace
        let owned = processes
        func running() -> [ProcessTree.Entry] {
            // The session's own children are reaped here; the others by their parents.
            for process in owned where entries.contains(where: { $0.pid == process.pid }) { _ = process.poll() }
            return entries.filter { entry in
                guard let stat = ProcessTree.Stat(pid: entry.pid), stat.startTime == entry.startTime else { return false }
                return stat.state != "Z"
            }
        }
        while !running().isEmpty, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        for entry in running() { kill(entry.pid, SIGKILL) }
        let killedBy = clock.now + .seconds(1)
        while !running().isEmpty, clock.now < killedBy {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return targets
    }
}
