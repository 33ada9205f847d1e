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

    /// This machine's pid of the session's program that the session knows as `pid` (what its
    /// windows' `_NET_WM_PID` say): the same number outside a sandbox; inside one, the process in
    /// the session's PID namespace whose innermost pid is `pid`. Nil when none is.
    public func hostPID(ofSessionPID pid: Int32) -> Int32? {
        guard sandbox != nil else { return pid }
        for (candidate, _) in ProcessTree.members(roots: treeRoots, home: home.path) {
            guard let status = try? String(contentsOfFile: "/proc/\(candidate)/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("NSpid:") }),
                let innermost = line.split(whereSeparator: \.isWhitespace).last.flatMap({ Int32($0) })
            else { continue }
            // A process outside the namespace (nsenter, bubblewrap) has one pid, which is not it.
            if innermost == pid, line.split(whereSeparator: \.isWhitespace).count > 2 { return candidate }
        }
        return nil
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

extension DesktopSession {
    /// Every process of the session on this machine, Xvfb and the sandbox's own (bubblewrap, its
    /// init) included: what its memory is the sum of.
    public var memberPIDs: [Int32] {
        Array(Set(ProcessTree.members(roots: treeRoots, home: home.path).keys).union(xvfbPID.map { [$0] } ?? []))
    }

    /// The port on this machine's 127.0.0.1 that leads to 127.0.0.1:`port` as the session's
    /// programs see it: `port` itself without a sandbox; with one, a bridge into the sandbox's
    /// own loopback (for the getters that talk to a program of the session, such as Chromium's
    /// DevTools). Only the server reaches it: the bridge listens on this machine's loopback,
    /// which the session's programs cannot reach.
    public func reach(port: Int) async throws -> Int {
        guard let sandbox else { return port }
        return try await sandbox.reach(port: port)
    }

    /// Makes 127.0.0.1:`port` of this machine (a server of the episode's, such as its pages)
    /// answer at 127.0.0.1:`port` inside the session too; nothing to do without a sandbox.
    public func expose(hostPort port: Int) async throws {
        try await sandbox?.expose(port: port)
    }
}
