import Foundation
import Testing

@testable import DeskgymSandbox

/// Whether a socket file exists at `path` with no server accepting connections on it.
private func isStaleSocket(_ path: String) -> Bool {
    FileManager.default.fileExists(atPath: path) && !UnixSocket.hasListener(at: path)
}

@Suite("deskgym command", .serialized, .timeLimit(.minutes(2)))
struct CommandLineTests {
    @Test("`deskgym desktop` prints its display, serves act/screenshot/windows, and SIGTERM tears it down")
    func desktopLifecycle() async throws {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-cli-\(UUID()).yaml")
        try """
        kind: xvfb
        screen: 800x600x24
        apps:
          - command: xterm
            args: [-title, CLI test]
            wait_for_window: CLI test
        """.write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }

        let process = Process()
        process.executableURL = deskgym
        process.arguments = ["desktop", "--config", config.path, "--log-level", "warning"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.interrupt() } }

        let reader = out.fileHandleForReading
        var text = readOutput(of: reader, until: "ready in")
        let display = try #require(text.split(separator: "\n").first { $0.hasPrefix("DISPLAY=") }?.dropFirst(8)).description
        let folder = try #require(text.split(separator: "\n").first { $0.hasPrefix("SESSION=") }?.dropFirst(8)).description
        let xauthority = try #require(text.split(separator: "\n").first { $0.hasPrefix("XAUTHORITY=") }?.dropFirst(11)).description
        #expect(FileManager.default.fileExists(atPath: "/tmp/.X11-unix/X\(display.dropFirst())"))

        let act = try runDeskgym([
            "act", "--display", display, "--xauthority", xauthority, "pyautogui.click(400, 300); pyautogui.write('ok')",
        ])
        #expect(act.status == 0)
        #expect(act.out.contains("CLICK") && act.out.contains("TYPING"))
        let shot = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-cli-\(UUID()).png")
        defer { try? FileManager.default.removeItem(at: shot) }
        let screenshot = try runDeskgym(["screenshot", "--display", display, "--xauthority", xauthority, "-o", shot.path, "--cursor"])
        #expect(screenshot.status == 0)
        #expect(try Data(contentsOf: shot).starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let windows = try runDeskgym(["windows", "--display", display, "--xauthority", xauthority, "--json"])
        #expect(windows.out.contains("\"title\" : \"CLI test\""))

        let badKey = try runDeskgym(["act", "--display", display, "--xauthority", xauthority, "pyautogui.press('entr')"])
        #expect(badKey.status != 0)
        #expect(badKey.err.contains("unknown key name 'entr'") && badKey.err.contains("'enter'"))
        let offScreen = try runDeskgym(["act", "--display", display, "--xauthority", xauthority, "pyautogui.click(900, 10)"])
        #expect(offScreen.status != 0 && offScreen.err.contains("outside the 800x600 screen"))
        let empty = try runDeskgym(["act", "--display", display, "--xauthority", xauthority, "   "])
        #expect(empty.status != 0 && empty.err.contains("empty action text"))

        process.terminate()  // SIGTERM
        let clock = ContinuousClock()
        let exitDeadline = clock.now + .seconds(15)
        while process.isRunning, clock.now < exitDeadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!process.isRunning)
        text += String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0)
        #expect(text.contains("stopping: SIGTERM"))
        // A parallel test may already have taken the freed display number: then someone answers there.
        #expect(!isStaleSocket("/tmp/.X11-unix/X\(display.dropFirst())"))
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test("bad input gets an error naming the problem: a missing display, a bad vm-config, an unknown grammar")
    func badInput() throws {
        let noDisplay = try runDeskgym(["screenshot", "--display", ":975", "-o", "/tmp/never.png"])
        #expect(noDisplay.status != 0 && noDisplay.err.contains("cannot open display :975"))

        let config = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-bad-\(UUID()).yaml")
        try "kind: xvfb\nscreen: {width: 800, hieght: 600}\n".write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        let badConfig = try runDeskgym(["desktop", "--config", config.path])
        #expect(badConfig.status != 0)
        #expect(badConfig.err.contains("screen.hieght") && badConfig.err.contains("height"), "\(badConfig.err)")

        let missing = try runDeskgym(["desktop", "--config", "/nonexistent/deskgym.yaml"])
        #expect(missing.status != 0 && missing.err.contains("/nonexistent/deskgym.yaml"))

        let grammar = try runDeskgym(["act", "--display", ":975", "--grammar", "klingon", "DONE"])
        #expect(
            grammar.status != 0 && grammar.err.contains("klingon") && grammar.err.contains("pyautogui"),
            "status \(grammar.status): \(grammar.err)")
    }
}
