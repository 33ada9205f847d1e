import Foundation
import Testing

/// `deskgym eval` and `deskgym report` through the real binary: a run, Ctrl-C in the middle, the
/// resume, the report.
@Suite("deskgym eval and report", .serialized, .timeLimit(.minutes(4)))
struct EvalCommandTests {
    private let tasks = [
        "tasks/os/count-lines.json", "tasks/os/create-hello-file.json", "tasks/os/sort-names.json",
        "tasks/os/rename-draft.json",
    ]

    @Test("SIGINT stops the run with exit 130 and a consistent store; a rerun resumes and finishes")
    func interruptAndResume() async throws {
        let folder = temporaryPath("deskgym-eval-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = deskgym
        process.arguments = ["eval"] + tasks + ["--out", folder.path, "--parallel", "1"]
        process.currentDirectoryURL = repository
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        // Interrupt once the first episode has finished (its progress line is out). A thread of its
        // own watches: under the full test run the concurrency pool can be busy for longer than the
        // three other episodes take, and a watcher on it once saw the line only after the run ended.
        let watched = await interrupt(process, whenStandardErrorShows: "[1/4]", reading: err.fileHandleForReading)
        process.waitUntilExit()
        #expect(watched.signalled, "the line never came, or the run had ended when it did: \(watched.stderr)")
        #expect(process.terminationStatus == 130, "\(watched.stderr)\n\(watched.timeline.joined(separator: "\n"))")
        #expect(watched.stderr.contains("interrupted"), "\(watched.stderr)")
        // The store answers, and holds the finished episode but not all four.
        let store = folder.appendingPathComponent("deskgym.sqlite").path
        let counts = try runProgram("/usr/bin/sqlite3", [store, "SELECT status, count(*) FROM episodes GROUP BY status ORDER BY status"])
        #expect(counts.contains("finished|"), "\(counts)")
        #expect(!counts.contains("finished|4"), "the run stopped early: \(counts)")

        let resumed = try await runDeskgymAsync(
            ["eval"] + tasks + ["--out", folder.path, "--parallel", "2", "--fail-below", "1", "--report"])
        #expect(resumed.status == 0, "\(resumed.out)\n\(resumed.err)")
        #expect(resumed.out.contains("resuming:"), "\(resumed.out)")
        #expect(resumed.out.contains("total"), "\(resumed.out)")
        let finished = try runProgram("/usr/bin/sqlite3", [store, "SELECT count(*) FROM episodes WHERE status = 'finished' AND score = 1"])
        #expect(finished.trimmingCharacters(in: .whitespacesAndNewlines) == "4")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report/index.html").path))
    }

    @Test("report on a folder that is no run names it; a bad --parallel is a usage error")
    func badInput() throws {
        let missing = temporaryPath("deskgym-no-run")
        let report = try runDeskgym(["report", missing.path])
        #expect(report.status != 0)
        #expect(report.err.contains(missing.lastPathComponent), "\(report.err)")
        let eval = try runDeskgym(["eval", "tasks/os", "--parallel", "0"])
        #expect(eval.status == 64)
        #expect(eval.err.contains("--parallel"), "\(eval.err)")
    }
}

/// What ``interrupt(_:whenStandardErrorShows:reading:)`` saw.
private struct WatchedRun: Sendable {
    /// Whether SIGINT reached the process (it still ran when the line came).
    var signalled: Bool
    /// Everything the process wrote to standard error.
    var stderr: String
    /// When each chunk came, and the kill, from the start of the watch.
    var timeline: [String]
}

/// Reads `stderr` on a thread of its own and sends SIGINT to `process` as soon as a whole line
/// containing `marker` has come, then reads on to the end.
private func interrupt(
    _ process: Process, whenStandardErrorShows marker: String,
    reading stderr: FileHandle
) async -> WatchedRun {
    let pid = process.processIdentifier
    return await withCheckedContinuation { continuation in
        Thread {
            let clock = ContinuousClock()
            let started = clock.now
            var seen = Data()
            var signalled = false
            var sent = false
            var timeline: [String] = []
            // read(2) itself: FileHandle.read(upToCount:) here waits for the whole count or the end.
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(stderr.fileDescriptor, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                let chunk = Data(buffer[..<count])
                seen += chunk
                timeline.append("\(clock.now - started): \(chunk.count) bytes")
                guard !sent, let lastNewline = seen.lastIndex(of: UInt8(ascii: "\n")) else { continue }
                if String(decoding: seen[..<lastNewline], as: UTF8.self).contains(marker) {
                    sent = true
                    let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? "no /proc entry"
                    signalled = kill(pid, SIGINT) == 0
                    timeline.append("\(clock.now - started): kill → \(signalled), stat before: \(state)")
                }
            }
            timeline.append("\(clock.now - started): end of file")
            continuation.resume(
                returning: WatchedRun(
                    signalled: signalled, stderr: String(decoding: seen, as: UTF8.self),
                    timeline: timeline))
        }.start()
    }
}

/// Runs a program and returns its standard output.
private func runProgram(_ path: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}
