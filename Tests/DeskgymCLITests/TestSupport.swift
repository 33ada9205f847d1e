import DeskgymCore
import Foundation
import Testing

/// The `deskgym` binary, built beside the test bundle.
let deskgym: URL = {
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("deskgym").path), folder.path != "/" {
        folder = folder.deletingLastPathComponent()
    }
    return folder.appendingPathComponent("deskgym")
}()

/// The package's root: `deskgym` runs there, so `tasks/…` and `vm-configs` resolve.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// What a finished `deskgym` process left.
struct DeskgymOutput: Sendable {
    var status: Int32
    var out: String
    var err: String
}

/// Runs `deskgym` (or `executable`) to completion in the package's root, with `environment` added
/// to this process's.
///
/// `deskgym` itself runs under `/bin/sh`, which prints its exit status after its output, so the
/// status does not depend on this process reaping its child: a session teardown running in
/// parallel in this test process reaps zombie children it does not own (`ForeignChildren` keeps
/// it from the ones `runProgram` starts, from just after they start).
func runDeskgym(_ arguments: [String], environment: [String: String] = [:], executable: URL = deskgym) throws -> DeskgymOutput {
    guard executable == deskgym else { return try runProgram(arguments, environment: environment, executable: executable) }
    let marker = "\n__deskgym_exit_status "
    let script = #""$0" "$@"; printf '\n__deskgym_exit_status %d\n' $?"#
    let shell = try runProgram(
        ["-c", script, deskgym.path] + arguments, environment: environment, executable: URL(fileURLWithPath: "/bin/sh"))
    guard let range = shell.out.range(of: marker, options: .backwards), shell.out.hasSuffix("\n"),
        let status = Int32(shell.out[range.upperBound...].dropLast())
    else {
        return DeskgymOutput(status: -1, out: shell.out, err: shell.err)
    }
    return DeskgymOutput(status: status, out: String(shell.out[..<range.lowerBound]), err: shell.err)
}

/// Runs `executable` to completion in the package's root, with `environment` added to this process's.
func runProgram(_ arguments: [String], environment: [String: String], executable: URL) throws -> DeskgymOutput {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = repository
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Foundation reaps it: session teardowns in this test process leave it alone.
    let pid = process.processIdentifier
    ForeignChildren.insert(pid)
    defer { ForeignChildren.remove(pid) }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return DeskgymOutput(
        status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
        err: String(decoding: errData, as: UTF8.self))
}

/// Runs `deskgym` on a thread of its own, so that the test's tasks (a model server in this process)
/// keep the concurrency pool while the child runs.
func runDeskgymAsync(
    _ arguments: [String], environment: [String: String] = [:], executable: URL = deskgym
) async throws -> DeskgymOutput {
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            continuation.resume(with: Result { try runDeskgym(arguments, environment: environment, executable: executable) })
        }.start()
    }
}

/// A path under the temporary directory that does not exist yet.
func temporaryPath(_ prefix: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
}

/// The lines of a trajectory folder's `trajectory.jsonl`, as JSON objects.
func trajectoryLines(_ folder: URL) throws -> [[String: Any]] {
    try String(contentsOf: folder.appendingPathComponent("trajectory.jsonl"), encoding: .utf8)
        .split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
}

/// A trajectory folder's `result.json`.
func resultObject(_ folder: URL) throws -> [String: Any] {
    let data = try Data(contentsOf: folder.appendingPathComponent("result.json"))
    return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
}

/// The width and height in a PNG's IHDR chunk, nil when `data` does not start like a PNG.
func pngSize(_ data: Data) -> (width: Int, height: Int)? {
    let bytes = [UInt8](data.prefix(24))
    let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    guard bytes.count == 24, Array(bytes[0..<8]) == signature, Array(bytes[12..<16]) == Array("IHDR".utf8) else {
        return nil
    }
    func bigEndian(_ offset: Int) -> Int { bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
    return (bigEndian(16), bigEndian(20))
}

/// What `reader` gives until its text contains `marker`, the stream ends, or 20 s pass: the start
/// of a long-running child's output (a server's address, a desktop's DISPLAY).
func readOutput(of reader: FileHandle, until marker: String) -> String {
    var text = ""
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(20)
    while !text.contains(marker), clock.now < deadline {
        let chunk = reader.availableData
        if chunk.isEmpty { break }
        text += String(decoding: chunk, as: UTF8.self)
    }
    return text
}
