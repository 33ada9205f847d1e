import DeskgymSandbox
import Foundation

/// Processes that spin on the CPU beside a benchmark's sessions, so that their programs wait for
/// a core as they would on a loaded machine. Each is a shell looping on `:` (no system call),
/// in a process group of its own; ``stop()`` ends each by its PID and reaps it.
public final class CPUHog: Sendable {
    /// The spinning processes.
    public let processes: [ChildProcess]

    private init(processes: [ChildProcess]) {
        self.processes = processes
    }

    /// Starts `count` spinning processes (none for 0).
    /// - Throws: ``BenchmarkError`` when one cannot be started; those already started are ended.
    public static func start(count: Int) async throws -> CPUHog {
        var started: [ChildProcess] = []
        for index in 0..<max(0, count) {
            do {
                started.append(
                    try ChildProcess.spawn(
                        "/bin/sh", arguments: ["-c", "while :; do :; done"], environment: ["PATH": "/usr/bin:/bin"],
                        name: "cpu hog \(index + 1)"))
            } catch {
                for process in started { _ = await process.terminate(grace: .milliseconds(200)) }
                throw BenchmarkError(benchmark: "settle", message: "cannot start CPU hog \(index + 1) of \(count): \(error)")
            }
        }
        return CPUHog(processes: started)
    }

    /// `pid, pid, …` of the spinning processes.
    public var pids: String { processes.map { "\($0.pid)" }.joined(separator: ", ") }

    /// Ends every spinning process (SIGTERM to its group by PID, SIGKILL after a short grace) and
    /// reaps it.
    public func stop() async {
        for process in processes { _ = await process.terminate(grace: .milliseconds(500)) }
    }
}
