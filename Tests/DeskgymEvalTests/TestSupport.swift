import DeskgymSandbox
import Foundation
import Logging
import Testing

/// A temporary folder removed when the test ends.
struct TemporaryFolder: ~Copyable {
    let url: URL

    init(_ label: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-eval-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

/// A logger that keeps quiet unless something is wrong.
func quietLogger() -> Logger {
    var logger = Logger(label: "deskgym.tests.eval")
    logger.logLevel = .warning
    return logger
}

/// What a helper program printed.
struct ProgramOutput {
    var status: DeskgymSandbox.ExitStatus
    var stdout: String
    var stderr: String
}

/// Runs a program in its own process group and waits for it; after `timeout` the whole group is
/// ended (by its PID, never by name), so nothing it started outlives the test.
func runProgram(
    _ program: String, _ arguments: [String], environment: [String: String]? = nil,
    timeout: Duration = .seconds(60), in folder: URL
) async throws -> ProgramOutput {
    let stdout = folder.appendingPathComponent("\(UUID().uuidString).out").path
    let stderr = folder.appendingPathComponent("\(UUID().uuidString).err").path
    let child = try ChildProcess.spawn(
        program, arguments: arguments,
        environment: environment ?? ProcessInfo.processInfo.environment,
        output: .separateFiles(stdout: stdout, stderr: stderr))
    var status = await child.waitForExit(timeout: timeout)
    // Ends whatever the program left in its group (chromium's helpers), or the program itself on time-out.
    let ended = await child.terminate(grace: .seconds(2))
    if status == nil {
        Issue.record("\(program) did not end within \(timeout); its process group was ended")
        status = ended
    }
    return ProgramOutput(
        status: status ?? ended,
        stdout: (try? String(contentsOfFile: stdout, encoding: .utf8)) ?? "",
        stderr: (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? "")
}
