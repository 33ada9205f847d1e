import DeskgymCore
import DeskgymSandbox
import DeskgymTaskModel
import Foundation
import Logging
import Testing

@testable import DeskgymTasks

private let logger: Logger = {
    var logger = Logger(label: "deskgym.tests.osworld-launch")
    logger.logLevel = .warning
    return logger
}()

private func launch(_ command: [String]) -> SetupStep {
    SetupStep(type: "launch", parameters: .object(["command": .array(command.map { .string($0) })]))
}

@Suite("OSWorld's VM programs in a shared machine")
struct OSWorldLaunchMappingTests {
    private let chromiumOnly: (String) -> Bool = { $0 == "chromium" }

    @Test("google-chrome becomes Chromium on a free DevTools port; socat's forward to 9222 is skipped")
    func chromeAndSocat() {
        let chrome = OSWorldLaunch.map(
            program: "google-chrome", arguments: ["--remote-debugging-port=1337", "https://x.org"],
            installed: chromiumOnly)
        #expect(
            chrome
                == .start(
                    program: "chromium",
                    arguments: OSWorldLaunch.chromiumArguments + ["--remote-debugging-port=0", "https://x.org"]))
        // A real Chrome, where there is one, runs as written.
        #expect(
            OSWorldLaunch.map(program: "google-chrome", arguments: ["--remote-debugging-port=1337"], installed: { _ in true })
                == .start(program: "google-chrome", arguments: ["--remote-debugging-port=1337"]))
        guard
            case .skip = OSWorldLaunch.map(
                program: "socat", arguments: ["tcp-listen:9222,fork", "tcp:localhost:1337"],
                installed: { _ in true })
        else {
            Issue.record("socat's DevTools forward was not skipped")
            return
        }
        #expect(
            OSWorldLaunch.map(program: "socat", arguments: ["tcp-listen:8080", "tcp:localhost:80"], installed: { _ in true })
                == .start(program: "socat", arguments: ["tcp-listen:8080", "tcp:localhost:80"]))
    }

    @Test("pkill and killall end the session's matching programs; other options run as written")
    func killing() {
        #expect(
            OSWorldLaunch.map(program: "pkill", arguments: ["chrome"], installed: { _ in true })
                == .end(pattern: "chrome", fullCommandLine: false, exactName: false))
        #expect(
            OSWorldLaunch.map(program: "pkill", arguments: ["-9", "-f", "vlc --fullscreen"], installed: { _ in true })
                == .end(pattern: "vlc --fullscreen", fullCommandLine: true, exactName: false))
        #expect(
            OSWorldLaunch.map(program: "killall", arguments: ["-TERM", "vlc"], installed: { _ in true })
                == .end(pattern: "vlc", fullCommandLine: false, exactName: true))
        #expect(
            OSWorldLaunch.map(program: "pkill", arguments: ["-u", "user", "vlc"], installed: { _ in true })
                == .start(program: "pkill", arguments: ["-u", "user", "vlc"]))

        func matches(_ pattern: String, full: Bool = false, exact: Bool = false, _ name: String, _ line: [String]) -> Bool {
            OSWorldLaunch.matches(pattern: pattern, fullCommandLine: full, exactName: exact, name: name, commandLine: line)
        }
        #expect(matches("chrome", "chromium", ["/usr/lib/chromium/chromium", "--type=renderer"]), "Chromium stands in for Chrome")
        #expect(matches("vlc", "vlc", ["vlc"]))
        #expect(!matches("vlc", "xterm", ["xterm"]))
        #expect(matches("^xt", "xterm", ["xterm"]))
        #expect(!matches("xt", exact: true, "xterm", ["xterm"]))
        #expect(matches("term -T", full: true, "xterm", ["xterm", "-T", "A"]))
    }
}

@Suite("OSWorld's Chrome tasks in parallel sessions", .serialized, .timeLimit(.minutes(3)))
struct OSWorldChromeSessionTests {
    @Test("two sessions launch google-chrome on port 1337 and forward 9222 as written; pkill chrome in one ends only its own Chromium")
    func twoSessions() async throws {
        let config = VMConfig(screen: .init(width: 1024, height: 768, depth: 24), source: "test")
        let first = try await DesktopSession.start(config: config, logger: logger)
        let second: DesktopSession
        do {
            second = try await DesktopSession.start(config: config, logger: logger)
        } catch {
            await first.stop()
            throw error
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-osworld-launch-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        do {
            var browsers: [ChromeDevTools] = []
            for session in [first, second] {
                let context = TaskContext(session: session, cacheFolder: scratch, taskFolder: nil, logger: logger)
                try await SetupRunner.run(
                    [
                        launch(["google-chrome", "--remote-debugging-port=1337"]),
                        launch(["socat", "tcp-listen:9222,fork", "tcp:localhost:1337"]),
                    ],
                    phase: "config", context: context)
                var browser: ChromeDevTools?
                for _ in 0..<600 where browser == nil {
                    browser = await ChromeDevTools.find(in: session)
                    if browser == nil { try await Task.sleep(for: .milliseconds(50)) }
                }
                browsers.append(try #require(browser, "no Chromium answered in \(session.displayName)"))
            }
            #expect(browsers[0].port != browsers[1].port && browsers.allSatisfy { $0.port != 1337 })
            #expect(first.programs.contains { $0.name == "chromium" } && second.programs.contains { $0.name == "chromium" })
            #expect(!first.programs.contains { $0.name == "socat" }, "the forward was not started")

            let context = TaskContext(session: first, cacheFolder: scratch, taskFolder: nil, logger: logger)
            try await SetupRunner.run([launch(["pkill", "chrome"])], phase: "evaluator.postconfig", context: context)
            #expect(!first.programs.contains { $0.name == "chromium" }, "\(first.programs)")
            #expect(second.programs.contains { $0.name == "chromium" }, "the other session's browser lives on")
            #expect(await ChromeDevTools.find(in: second) != nil)
            try await first.checkHealth()  // ended on purpose: no crash

            // And the browser comes back as OSWorld's postconfig starts it again.
            try await SetupRunner.run(
                [launch(["google-chrome", "--remote-debugging-port=1337"])], phase: "evaluator.postconfig",
                context: context)
            var again = false
            for _ in 0..<600 where !again {
                let found = await ChromeDevTools.find(in: first)
                again = found != nil && first.programs.contains { $0.name == "chromium" }
                if !again { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(again)
        } catch {
            await first.stop()
            await second.stop()
            throw error
        }
        await first.stop()
        await second.stop()
    }
}
