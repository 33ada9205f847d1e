import Foundation

/// How `deskgym record --stop` reaches a running recorder: the recorder writes its process id to
/// `recorder.pid` in the recording folder; SIGUSR1 asks it to finish as done, SIGUSR2 as
/// infeasible. The file is removed once the folder is complete.
public enum RecordingControl {
    public static let pidFileName = "recorder.pid"

    /// The signal that asks for `outcome`.
    public static func signal(for outcome: RecordingOutcome) -> Int32 {
        outcome == .done ? SIGUSR1 : SIGUSR2
    }

    /// Writes this process's id into `folder`.
    public static func writePidFile(in folder: URL) throws {
        try Data("\(getpid())\n".utf8).write(to: folder.appendingPathComponent(pidFileName))
    }

    public static func removePidFile(in folder: URL) {
        try? FileManager.default.removeItem(at: folder.appendingPathComponent(pidFileName))
    }

    /// Whether the folder has a recorder running (its pid file names a live process).
    public static func isRunning(in folder: URL) -> Bool {
        (try? runningPid(in: folder)) != nil
    }

    /// Asks the recorder of `folder` to finish as `outcome`; returns its process id.
    @discardableResult
    public static func requestStop(in folder: URL, outcome: RecordingOutcome) throws(RecordingError) -> Int32 {
        let pid = try runningPid(in: folder)
        guard kill(pid, signal(for: outcome)) == 0 else {
            throw RecordingError(kind: .badInput, message: "cannot signal recorder process \(pid): \(String(cString: strerror(errno)))")
        }
        return pid
    }

    private static func runningPid(in folder: URL) throws(RecordingError) -> Int32 {
        let file = folder.appendingPathComponent(pidFileName)
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw RecordingError(kind: .badInput, message: "\(folder.path) has no \(pidFileName): no recording is running there")
        }
        guard let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0 else {
            throw RecordingError(kind: .badInput, message: "\(file.path) does not hold a process id")
        }
        guard kill(pid, 0) == 0 else {
            throw RecordingError(kind: .badInput, message: "the recorder of \(folder.path) (process \(pid)) is not running")
        }
        // A pid file left by a recorder that was killed may name a process that took its number
        // since: SIGUSR1 would end that one. Signal only a `… record …` command line.
        if let commandLine = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")),
            !commandLine.split(separator: 0).contains(where: { String(decoding: $0, as: UTF8.self) == "record" })
        {
            throw RecordingError(
                kind: .badInput, message: "process \(pid) named by \(file.path) is not a deskgym recorder (a stale pid file)")
        }
        return pid
    }
}
