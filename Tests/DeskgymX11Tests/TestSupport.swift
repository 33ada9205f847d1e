import DeskgymCore
import DeskgymSandbox
import DeskgymTestSupport
import DeskgymX11
import Foundation
import Logging
import Testing

/// A logger for tests: warnings and worse, on standard error.
let testLogger: Logger = {
    var logger = Logger(label: "deskgym.tests")
    logger.logLevel = .warning
    return logger
}()

/// Starts a session with the given apps at a small screen size, runs `body`, and stops it whatever
/// happens.
func withSession<T>(
    apps: [VMConfig.App] = [], width: Int = 1280, height: Int = 720,
    _ body: (DesktopSession) async throws -> T
) async throws -> T {
    let config = VMConfig(
        screen: .init(width: width, height: height, depth: 24), apps: apps,
        source: "tests")
    let session = try await DesktopSession.start(config: config, logger: testLogger)
    do {
        let result = try await body(session)
        await session.stop()
        return result
    } catch {
        await session.stop()
        throw error
    }
}

/// Waits for a window whose instance name, class name or title is `name` and returns it.
func window(named name: String, in session: DesktopSession) async throws -> WindowInfo {
    var found: WindowInfo?
    _ = try await eventually {
        found = try session.desktop.windows.list().first { $0.instanceName == name || $0.className == name || $0.title == name }
        return found != nil
    }
    let present = try session.desktop.windows.list().map { "\($0.instanceName)/\($0.className)/\($0.title)" }
    let exits = session.processes.map { "\($0.name): \($0.poll().map(\.description) ?? "running")" }
    return try #require(found, "no window named \(name) appeared; windows: \(present); processes: \(exits)")
}

/// Runs a program to completion and returns its standard output.
func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return data
}

/// Reads a file in the session's HOME once it exists and `ready` accepts its content.
func homeFile(_ name: String, in session: DesktopSession, until ready: (String) -> Bool = { !$0.isEmpty }) async throws -> String {
    let url = session.home.appendingPathComponent(name)
    var text = ""
    _ = await eventually {
        text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return ready(text)
    }
    return text
}
