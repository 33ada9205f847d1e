import DeskgymCore
import DeskgymSandbox
import DeskgymTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The fixture client, started beside the session (this machine's python3-xlib), with its files
/// in the session folder.
struct PingClient {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/ping_client.py").path

    let process: ChildProcess
    let keys: URL
    let window: WindowInfo

    /// The keys the client has handled so far, in order.
    func handledKeys() -> [String] {
        let text = (try? String(contentsOf: keys, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Starts a client whose window is titled `title`, waits until its window is the active one,
    /// runs `body`, and ends the client by its pid (continued first, should it be stopped) and
    /// reaps it, whatever happens.
    static func with(
        in session: DesktopSession, title: String, answersPings: Bool = true, _ body: (PingClient) async throws -> Void
    ) async throws {
        let keys = session.folder.appendingPathComponent("\(title.replacingOccurrences(of: " ", with: "-")).keys")
        let ready = session.folder.appendingPathComponent("\(title.replacingOccurrences(of: " ", with: "-")).ready")
        let seconds = PingTests.keyTime / .seconds(1)
        var arguments = ["-u", script, "--title", title, "--keys", keys.path, "--ready", ready.path, "--sleep", "\(seconds)"]
        if !answersPings { arguments.append("--no-ping") }
        let process = try session.launchBeside("/usr/bin/python3", arguments: arguments, name: "ping-client")
        do {
            let window = try await PingClient.window(titled: title, in: session, process: process)
            let isReady = await eventually { FileManager.default.fileExists(atPath: ready.path) }
            #expect(isReady, "the client never got the input focus")
            try await body(PingClient(process: process, keys: keys, window: window))
        } catch {
            await end(process)
            throw error
        }
        await end(process)
    }

    /// Waits until the window titled `title` is listed and active.
    private static func window(titled title: String, in session: DesktopSession, process: ChildProcess) async throws -> WindowInfo {
        var found: WindowInfo?
        _ = try await eventually {
            found = try session.desktop.windows.list().first { $0.title == title && $0.isActive }
            return found != nil || !process.isRunning
        }
        let present = try session.desktop.windows.list().map { "\($0.title) active: \($0.isActive)" }
        return try #require(
            found, "no active window \(title); windows: \(present); client: \(process.poll().map(\.description) ?? "running")")
    }

    private static func end(_ process: ChildProcess) async {
        try? process.send(signal: SIGCONT, toGroup: false)
        _ = await process.terminate(grace: .seconds(2))
        #expect(!process.isRunning)
    }
}
