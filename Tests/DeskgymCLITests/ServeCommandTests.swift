import Foundation
import Testing

@testable import DeskgymSandbox

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The environment without a bearer token, so tests decide whether there is one.
private var environmentWithoutToken: [String: String] {
    ProcessInfo.processInfo.environment.filter { $0.key != "DESKGYM_TOKEN" }
}

@Suite("deskgym serve", .serialized, .timeLimit(.minutes(2)))
struct ServeCommandTests {
    @Test("binding a non-loopback address without a token is refused, naming the token variable")
    func refusesOpenAddressWithoutToken() throws {
        let process = Process()
        process.executableURL = deskgym
        process.arguments = ["serve", "--host", "0.0.0.0", "--port", "0", "--vm-configs", "/tmp", "--tasks", "/tmp"]
        process.environment = environmentWithoutToken
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(text.contains("0.0.0.0") && text.contains("token"), "\(text)")
    }

    @Test("`deskgym serve` prints its port, serves a session, and SIGTERM stops it with every session")
    func serveAndStop() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-serve-cli-\(UUID())")
        let sessions = folder.appendingPathComponent("sessions")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("tasks"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: sessions, withIntermediateDirectories: true)
        try """
        kind: xvfb
        screen: 640x480x24
        apps:
          - command: xterm
            args: [-title, Terminal]
            wait_for_window: Terminal
        """.write(to: folder.appendingPathComponent("default.yaml"), atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: folder) }

        let process = Process()
        process.executableURL = deskgym
        process.arguments = [
            "serve", "--port", "0", "--capacity", "1", "--vm-configs", folder.path,
            "--tasks", folder.appendingPathComponent("tasks").path, "--log-level", "warning",
        ]
        var environment = environmentWithoutToken
        environment["TMPDIR"] = sessions.path
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.interrupt() } }

        let reader = out.fileHandleForReading
        var text = readOutput(of: reader, until: "\n")
        let address = try #require(text.split(separator: " ").first { $0.hasPrefix("http://127.0.0.1:") })
        let base = address.trimmingCharacters(in: .whitespacesAndNewlines)

        var request = URLRequest(url: URL(string: "\(base)/sessions")!)
        request.httpMethod = "POST"
        request.httpBody = Data(#"{"image": "none"}"#.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")  // else 415
        let (data, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 201, "\(String(decoding: data, as: UTF8.self))")
        let (listing, _) = try await URLSession.shared.data(from: URL(string: "\(base)/sessions")!)
        let json = try JSONSerialization.jsonObject(with: listing) as? [String: Any]
        let display = try #require(((json?["sessions"] as? [[String: Any]])?.first?["display"] as? String))
        let root = sessions.appendingPathComponent("deskgym-sessions")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).count == 1)

        process.terminate()  // SIGTERM
        let clock = ContinuousClock()
        let exitDeadline = clock.now + .seconds(15)
        while process.isRunning, clock.now < exitDeadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!process.isRunning)
        text += String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0)
        #expect(text.contains("stopped: every session is gone"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
        let socket = "/tmp/.X11-unix/X\(display.dropFirst())"
        // Removed, or already taken by a parallel test's new server.
        #expect(!FileManager.default.fileExists(atPath: socket) || UnixSocket.hasListener(at: socket))
    }
}
