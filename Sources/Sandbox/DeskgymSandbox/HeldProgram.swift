import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A session program started while its sandbox is still being built, held before it enters it.
///
/// Moving a process into a cgroup waits for an RCU grace period on cgroup v1 (5–25 ms measured
/// here), once per program; done in the order of start-up (the window manager, then each app
/// after it) it added ~30 ms to a session's start. A held program is a shell that joins the
/// session's cgroups at once, while Xvfb and bubblewrap start, and then waits on a pipe for the
/// sandbox's PID 1; ``release(into:)`` writes it, and the shell becomes `nsenter` and the program,
/// as ``SessionSandbox/spawn(_:arguments:environment:output:name:)`` would have started it.
/// Closing the pipe without a PID (``drop()``) makes the shell exit with status 125.
final class HeldProgram: Sendable {
    /// What the program is: it stands in for a spawn of exactly this.
    struct Request: Sendable, Hashable {
        var name: String
        var command: String
        var arguments: [String]
        var environment: [String: String]
        var output: ChildProcess.Output
    }

    let request: Request
    /// The shell, which becomes the program once released.
    let process: ChildProcess
    /// This process's end of the pipe the shell waits on; -1 once released or dropped.
    private let gate: Mutex<Int32>

    private init(request: Request, process: ChildProcess, gate: Int32) {
        self.request = request
        self.process = process
        self.gate = Mutex(gate)
    }

    deinit { drop() }

    /// Starts `request` held, inside `limits`; nil when the limits need no shell (nothing to gain
    /// by holding) or the program cannot be started (the spawn at its turn then says why).
    static func start(_ request: Request, limits: SessionLimits) -> HeldProgram? {
        guard (try? ChildProcess.resolve(request.command, searchPath: request.environment["PATH"] ?? SessionSandbox.path)) != nil
        else { return nil }
        guard let command = limits.wrapHeld(SessionSandbox.enterArguments(request.command, request.arguments)) else { return nil }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return nil }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        defer { close(ends[0]) }
        guard
            let process = try? ChildProcess.spawn(
                command[0], arguments: Array(command.dropFirst()), environment: request.environment, output: request.output,
                passing: [3: ends[0]], name: request.name)
        else {
            close(ends[1])
            return nil
        }
        return HeldProgram(request: request, process: process, gate: ends[1])
    }

    /// Lets the program enter the sandbox whose PID 1 is `initPID`. False when it had already
    /// ended (its status then tells why).
    func release(into initPID: pid_t) -> Bool {
        gate.withLock { end in
            guard end >= 0 else { return false }
            defer {
                close(end)
                end = -1
            }
            // A shell that has died would turn this write into a SIGPIPE for the whole server.
            signal(SIGPIPE, SIG_IGN)
            let line = Array("\(initPID)\n".utf8)
            return line.withUnsafeBytes { write(end, $0.baseAddress, $0.count) } == line.count
        }
    }

    /// Drops the program and reaps its shell.
    func end() async {
        drop()
        _ = await process.terminate(grace: .milliseconds(500))
    }

    /// Closes the pipe without a PID: the shell, if still waiting, exits.
    func drop() {
        gate.withLock { end in
            if end >= 0 { close(end) }
            end = -1
        }
    }
}
