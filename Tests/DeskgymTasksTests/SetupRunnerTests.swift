import DeskgymCore
import DeskgymSandbox
import DeskgymTaskModel
import Foundation
import Logging
import Testing

@testable import DeskgymTasks

private let logger: Logger = {
    var logger = Logger(label: "deskgym.tests.setup")
    logger.logLevel = .warning
    return logger
}()

private func step(_ type: String, _ parameters: [String: JSONValue]) -> SetupStep {
    SetupStep(type: type, parameters: .object(parameters))
}

@Suite("Setup steps in a session", .serialized, .timeLimit(.minutes(2)))
struct SetupRunnerTests {
    @Test("execute, launch, sleep, activate_window, close_window, download and upload_file act as OSWorld's do")
    func stepsRun() async throws {
        let session = try await DesktopSession.start(
            config: VMConfig(screen: .init(width: 800, height: 600, depth: 24), source: "test"),
            logger: logger)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-setup-\(UUID())")
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent("cache"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try "cached body\n".write(to: scratch.appendingPathComponent("cache/report.txt"), atomically: true, encoding: .utf8)
        try "uploaded\n".write(to: scratch.appendingPathComponent("local.txt"), atomically: true, encoding: .utf8)
        let context = TaskContext(
            session: session, cacheFolder: scratch.appendingPathComponent("cache"), taskFolder: scratch, logger: logger)
        do {
            try await SetupRunner.run(
                [
                    step(
                        "execute",
                        [
                            "command": .string("echo {SCREEN_WIDTH}x{SCREEN_HEIGHT_HALF} {CLIENT_PASSWORD} > /home/user/size.txt"),
                            "shell": .bool(true),
                        ]),
                    step(
                        "execute",
                        [
                            "command": .array([
                                .string("python"), .string("-c"),
                                .string("open('/home/user/py.txt', 'w').write('from python')"),
                            ])
                        ]),
                    step("command", ["command": .array([.string("touch"), .string("~/touched")])]),
                    step(
                        "execute",
                        [
                            "command": .string("echo out; echo err >&2"), "shell": .bool(true),
                            "stdout": .string("out.txt"), "stderr": .string("err.txt"),
                        ]),
                    step(
                        "execute",
                        [
                            "command": .string("test -f ~/touched"), "shell": .bool(true),
                            "until": .object(["returncode": .number(0)]),
                        ]),
                    step("launch", ["command": .array([.string("xterm"), .string("-T"), .string("Launched Term")])]),
                    step("sleep", ["seconds": .number(0.05)]),
                    step(
                        "download",
                        [
                            "files": .array([
                                .object([
                                    "url": .string("https://example.com/files/report.txt"),
                                    "path": .string("/home/user/Downloads/report.txt"),
                                ])
                            ])
                        ]),
                    step(
                        "upload_file",
                        [
                            "files": .array([
                                .object([
                                    "local_path": .string("local.txt"),
                                    "path": .string("/home/user/up/local.txt"),
                                ])
                            ])
                        ]),
                ], phase: "config", context: context)
            let home = session.home
            #expect(try String(contentsOf: home.appendingPathComponent("size.txt"), encoding: .utf8) == "800x300 password\n")
            #expect(try String(contentsOf: home.appendingPathComponent("py.txt"), encoding: .utf8) == "from python")
            #expect(FileManager.default.fileExists(atPath: home.appendingPathComponent("touched").path))
            #expect(try String(contentsOf: context.cacheFolder.appendingPathComponent("out.txt"), encoding: .utf8) == "out\n")
            #expect(try String(contentsOf: context.cacheFolder.appendingPathComponent("err.txt"), encoding: .utf8) == "err\n")
            #expect(try String(contentsOf: home.appendingPathComponent("Downloads/report.txt"), encoding: .utf8) == "cached body\n")
            #expect(try String(contentsOf: home.appendingPathComponent("up/local.txt"), encoding: .utf8) == "uploaded\n")

            var launched: WindowInfo?
            for _ in 0..<500 where launched == nil {
                launched = try session.desktop.windows.list().first { $0.title == "Launched Term" }
                try await Task.sleep(for: .milliseconds(10))
            }
            let window = try #require(launched)
            try await SetupRunner.run(
                [step("activate_window", ["window_name": .string("launched term")])], phase: "config", context: context)
            var active = false
            for _ in 0..<300 where !active {
                active = try session.desktop.windows.list().first { $0.id == window.id }?.isActive == true
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(active)
            try await SetupRunner.run(
                [step("close_window", ["window_name": .string("XTerm"), "by_class": .bool(true)])],
                phase: "postconfig", context: context)
            #expect(try !session.desktop.windows.list().contains { $0.id == window.id })
        } catch {
            await session.stop()
            throw error
        }
        await session.stop()
    }

    @Test("a failing step names its list, position, type and the problem")
    func failures() async throws {
        let session = try await DesktopSession.start(
            config: VMConfig(
                screen: .init(width: 640, height: 480, depth: 24),
                windowManager: nil, source: "test"), logger: logger)
        let context = TaskContext(
            session: session, cacheFolder: FileManager.default.temporaryDirectory.appendingPathComponent("none-\(UUID())"),
            taskFolder: nil,
            downloads: DownloadCache(
                folder: FileManager.default.temporaryDirectory.appendingPathComponent("none-downloads-\(UUID())"), offline: true),
            logger: logger)
        let cases: [(SetupStep, String)] = [
            (step("googledrive", [:]), "step type 'googledrive' is not supported"),
            (step("sleep", ["seconds": .string("two")]), "'seconds' must be a number, got string"),
            (
                step(
                    "download",
                    ["files": .array([.object(["url": .string("https://example.com/x.xlsx"), "path": .string("/home/user/x.xlsx")])])]),
                "cannot get https://example.com/x.xlsx (not in the cache (offline))"
            ),
            (step("activate_window", ["window_name": .string("Nothing Like This")]), "no window matches 'Nothing Like This'"),
            (
                step("execute", ["command": .string("false"), "shell": .bool(true), "until": .object(["returncode": .number(0)])]),
                "'until' was not met after 5 attempts"
            ),
            (step("launch", [:]), "missing 'command'"),
            (
                step("execute", ["command": .string("echo started; sleep 30"), "shell": .bool(true), "timeout": .number(0.5)]),
                "timed out after 0.5 seconds and was killed; output: started"
            ),
            (step("execute", ["command": .string("kill -9 $$"), "shell": .bool(true)]), "ended by"),
            (
                step("execute", ["command": .string("true"), "shell": .bool(true), "timeout": .number(-1)]),
                "'timeout' must be a positive number"
            ),
        ]
        // A non-zero status is not a failure (OSWorld's tasks run commands whose status means nothing).
        try await SetupRunner.run(
            [step("execute", ["command": .string("exit 3"), "shell": .bool(true)])], phase: "config", context: context)
        for (failing, expected) in cases {
            do {
                try await SetupRunner.run([step("sleep", ["seconds": .number(0)]), failing], phase: "config", context: context)
                Issue.record("\(failing.type) did not fail")
            } catch {
                #expect(error.index == 1 && error.phase == "config" && error.type == failing.type)
                #expect(error.description.contains(expected), "\(error)")
            }
        }
        await session.stop()
    }
}
