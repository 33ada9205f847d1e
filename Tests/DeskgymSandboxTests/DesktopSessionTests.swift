import DeskgymCore
import DeskgymTestSupport
import DeskgymX11
import Foundation
import Logging
import Testing

@testable import DeskgymSandbox

private let logger: Logger = {
    var logger = Logger(label: "deskgym.tests.session")
    logger.logLevel = .warning
    return logger
}()

private func isAlive(_ pid: Int32) -> Bool {
    // A zombie still has /proc/PID; only a live, unreaped or running process counts here.
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return false }
    return !stat[stat.index(after: close)...].hasPrefix(" Z")
}

/// Every descendant of `roots`, from the parent pids in /proc.
private func descendants(of roots: [Int32]) -> [Int32] {
    var parents: [Int32: Int32] = [:]
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
        guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { continue }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        if fields.count > 1, let parent = Int32(fields[1]) { parents[pid] = parent }
    }
    var found = Set<Int32>()
    var frontier = Set(roots)
    while !frontier.isEmpty {
        let next = Set(parents.filter { frontier.contains($0.value) }.keys).subtracting(found)
        found.formUnion(next)
        frontier = next
    }
    return Array(found)
}

/// Whether a socket file exists at `path` with no server accepting connections on it.
private func isStaleSocket(_ path: String) -> Bool {
    FileManager.default.fileExists(atPath: path) && !UnixSocket.hasListener(at: path)
}

private func shmSegments(createdBy pids: Set<Int32>) -> [String] {
    let table = (try? String(contentsOfFile: "/proc/sysvipc/shm", encoding: .utf8)) ?? ""
    return table.split(separator: "\n").dropFirst().filter { line in
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        return fields.count > 4 && Int32(fields[4]).map(pids.contains) == true
    }.map(String.init)
}

@Suite("Desktop sessions", .serialized, .timeLimit(.minutes(2)))
struct DesktopSessionTests {
    @Test("a session starts Xvfb, openbox and apps with a fresh HOME, and stop leaves nothing behind")
    func startAndStopCleanly() async throws {
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-home-\(UUID())")
        try FileManager.default.createDirectory(at: template.appendingPathComponent("Documents"), withIntermediateDirectories: true)
        try "from template\n".write(to: template.appendingPathComponent("Documents/note.txt"), atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: template) }

        let config = VMConfig(
            screen: .init(width: 1024, height: 768, depth: 24),
            apps: [
                .init(command: "xterm", waitForWindow: "xterm"),
                .init(command: "mousepad", waitForWindow: "mousepad"),
                // A grandchild that leaves the app's process group and session.
                .init(command: "sh", args: ["-c", "setsid sleep 300 & exec sleep 300"]),
            ],
            homeTemplate: template.path, env: ["DESKGYM_TEST_MARK": "42"], source: "test")
        let session = try await DesktopSession.start(config: config, logger: logger)
        let number = try #require(Int(session.displayName.dropFirst()))
        let pids = session.processIDs
        // The setsid grandchild must exist before its process group is listed.
        let shell = try #require(session.processes.first { $0.name == "sh" })
        #expect(await eventually { !descendants(of: [shell.pid]).isEmpty }, "the setsid grandchild never started")
        let members = Set(session.processes.flatMap { $0.groupMembers() } + pids + descendants(of: pids))
        do {
            #expect(session.desktop.screenSize == Size(width: 1024, height: 768))
            #expect(try session.desktop.windows.isWindowManagerRunning())
            let classes = try session.desktop.windows.list().map(\.instanceName)
            #expect(classes.contains("xterm") && classes.contains("mousepad"))
            #expect(try String(contentsOf: session.home.appendingPathComponent("Documents/note.txt"), encoding: .utf8) == "from template\n")
            #expect(session.environment["HOME"] == "/home/user")
            #expect(session.environment["DESKGYM_TEST_MARK"] == "42")
            #expect(FileManager.default.fileExists(atPath: "/tmp/.X11-unix/X\(number)"))
            #expect(pids.allSatisfy(isAlive))
            try await session.checkHealth()
        } catch {
            await session.stop()
            throw error
        }
        await session.stop()
        #expect(pids.filter(isAlive).isEmpty, "processes left: \(pids.filter(isAlive))")
        #expect(members.filter(isAlive).isEmpty, "group members left: \(members.filter(isAlive))")
        let zombies = members.filter { FileManager.default.fileExists(atPath: "/proc/\($0)") }
        #expect(zombies.isEmpty, "processes not reaped: \(zombies)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/.X\(number)-lock"))
        // Another session may already have taken the freed display number; then the socket is its.
        #expect(!isStaleSocket("/tmp/.X11-unix/X\(number)"), "the server's socket was left behind")
        #expect(!FileManager.default.fileExists(atPath: session.folder.path))
        #expect(shmSegments(createdBy: members).isEmpty)
        await session.stop()  // idempotent
    }

    @Test("a killed Xvfb is reported by name, actions fail instead of hanging, and stop still cleans up")
    func killedXvfbIsReported() async throws {
        let config = VMConfig(
            screen: .init(width: 800, height: 600, depth: 24),
            apps: [.init(command: "xterm", waitForWindow: "xterm")], source: "test")
        let session = try await DesktopSession.start(config: config, logger: logger)
        let number = try #require(Int(session.displayName.dropFirst()))
        let pids = session.processIDs
        kill(session.xvfbPID!, SIGKILL)
        var healthError: SessionError?
        _ = await {
            for _ in 0..<200 {
                do { try await session.checkHealth() } catch { healthError = error as? SessionError; return }
                try? await Task.sleep(for: .milliseconds(10))
            }
        }()
        let reported = try #require(healthError)
        #expect(reported.description.contains("Xvfb"))
        #expect(reported.description.contains("SIGKILL") || reported.description.contains("signal 9"))
        await #expect(throws: X11Error.self) {
            try await session.desktop.perform(
                [.click(button: .left, at: Point(x: 10, y: 10), count: 1)],
                settle: .standard)
        }
        #expect(session.desktop.isDead)
        let reason = try #require(session.desktop.lostReason, "the X driver says why its connection ended")
        #expect(reason != X11Desktop.closedReason)
        await session.stop()
        #expect(session.desktop.lostReason == reason, "closing a lost connection keeps the reason it was lost")
        #expect(pids.filter(isAlive).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/.X\(number)-lock"))
        // Another session may already have taken the freed display number; then the socket is its.
        #expect(!isStaleSocket("/tmp/.X11-unix/X\(number)"), "the dead server's socket was left behind")
    }

    @Test("an app that crashes is reported by name and signal; one that exits normally is not")
    func crashedAppIsReported() async throws {
        let config = VMConfig(
            screen: .init(width: 640, height: 480, depth: 24),
            apps: [
                .init(command: "xterm", waitForWindow: "xterm"),
                .init(command: "sh", args: ["-c", "exit 0"], name: "quick-exit"),
            ], source: "test")
        let session = try await DesktopSession.start(config: config, logger: logger)
        let xterm = try #require(session.processes.first { $0.name == "xterm" })
        // Wait for the exit itself: a health check before it would pass vacuously.
        let quickExit = try #require(session.processes.first { $0.name == "quick-exit" })
        #expect(await eventually { quickExit.poll() != nil }, "quick-exit never exited")
        try await session.checkHealth()  // the app that exited 0 is not a failure
        kill(xterm.pid, SIGSEGV)
        var reported: SessionError?
        for _ in 0..<3000 where reported == nil {
            do { try await session.checkHealth() } catch { reported = error }
            try await Task.sleep(for: .milliseconds(10))
        }
        await session.stop()
        let error = try #require(reported)
        #expect(error.description.contains("xterm") && error.description.contains("SIGSEGV"), "\(error)")
    }

    @Test("an app that is not installed fails the start with its name, and nothing is left running")
    func missingProgram() async throws {
        let config = VMConfig(
            screen: .init(width: 640, height: 480, depth: 24),
            apps: [.init(command: "no-such-app-deskgym")], source: "test")
        var failure: SessionError?
        do {
            _ = try await DesktopSession.start(config: config, logger: logger)
        } catch let error as SessionError {
            failure = error
        }
        let error = try #require(failure)
        #expect(error.description.contains("no-such-app-deskgym"))
        let display = try #require(error.display, "the error names the display it happened on")
        // The session's X server is gone: its socket was removed and nobody answers on it.
        #expect(!isStaleSocket("/tmp/.X11-unix/X\(display.dropFirst())"))
    }

    @Test("Xvfb missing from PATH is a clear error naming it")
    func missingXvfb() async throws {
        await #expect {
            _ = try await DesktopSession.start(
                config: VMConfig(source: "test"), xvfbCommand: "Xvfb-not-installed",
                logger: logger)
        } throws: { error in
            "\(error)".contains("Xvfb-not-installed") && "\(error)".contains("PATH")
        }
    }

    @Test("a qemu config without its qemu section is refused before anything starts")
    func unsupportedKind() async throws {
        await #expect {
            _ = try await DesktopSession.start(config: VMConfig(kind: .qemu, source: "q.yaml"), logger: logger)
        } throws: { error in
            "\(error)".contains("qemu") && "\(error)".contains("q.yaml")
        }
    }
}

@Suite("Session commands", .serialized, .timeLimit(.minutes(1)))
struct SessionCommandTests {
    @Test("a command runs with the session's HOME and DISPLAY; stdout, stderr and exit code come back; a time-out kills its group")
    func commands() async throws {
        let session = try await DesktopSession.start(
            config: VMConfig(
                screen: .init(width: 640, height: 480, depth: 24),
                windowManager: nil, source: "test"), logger: logger)
        do {
            // In the sandbox, HOME is /home/user and the session's display is :0.
            let ok = try await session.run("echo \"$HOME|$DISPLAY\"; echo oops >&2; pwd")
            #expect(ok.stdout == "/home/user|:0\n/home/user\n")
            #expect(ok.stderr == "oops\n")
            #expect(ok.exitCode == 0 && !ok.timedOut)
            let failing = try await session.run("exit 3")
            #expect(failing.exitCode == 3 && failing.status == "exited with code 3")
            let slow = try await session.run("echo started; sleep 300 & sleep 300", timeout: .milliseconds(300))
            #expect(slow.timedOut && slow.exitCode == nil && slow.stdout == "started\n")
            #expect(slow.duration < .seconds(120))  // far below the 300 s sleep: the time-out ended it
            let xdpyinfo = try await session.run("xdpyinfo | grep dimensions")
            #expect(xdpyinfo.stdout.contains("640x480"))
        } catch {
            await session.stop()
            throw error
        }
        await session.stop()
    }

    @Test("a step mixes display actions and shell commands in order; the observation carries the commands' output")
    func hybridStep() async throws {
        let session = try await DesktopSession.start(
            config: VMConfig(
                screen: .init(width: 640, height: 480, depth: 24),
                windowManager: nil, source: "test"), logger: logger)
        do {
            let observation = try await session.step(
                [
                    .runCommand(ShellCommand("echo one > first.txt; echo printed")),
                    .moveTo(Point(x: 20, y: 30)),
                    .runCommand(ShellCommand("cat first.txt; xdotool getmouselocation --shell | head -2; exit 4")),
                    .runCommand(ShellCommand("sleep 30", timeoutSeconds: 0.3)),
                    .done,
                ], settle: SettlePolicy(quiet: .milliseconds(20), cap: .seconds(2)))
            let commands = observation.commands
            #expect(commands.count == 3)
            #expect(commands.first?.stdout == "printed\n" && commands.first?.command == "echo one > first.txt; echo printed")
            // The second command saw the first one's file and the pointer where the move between them put it.
            #expect(commands.dropFirst().first?.stdout == "one\nX=20\nY=30\n")
            #expect(commands.dropFirst().first?.exitCode == 4)
            #expect(commands.last?.timedOut == true)
            #expect(observation.screenshot.size == Size(width: 640, height: 480))
            await #expect(throws: ActionError.self) {
                _ = try await session.step(
                    [.runCommand(ShellCommand("ls", timeoutSeconds: 0))],
                    settle: SettlePolicy(quiet: .milliseconds(20), cap: .seconds(1)))
            }

            // A step stops at its deadline: the running command is ended, the rest not carried out.
            let clock = ContinuousClock()
            let started = clock.now
            do {
                _ = try await session.step(
                    [
                        .runCommand(ShellCommand("echo first > deadline.txt; sleep 300")), .moveTo(Point(x: 50, y: 60)),
                        .runCommand(ShellCommand("echo second >> deadline.txt")),
                    ], settle: SettlePolicy(quiet: .milliseconds(20), cap: .seconds(1)), deadline: .milliseconds(700))
                Issue.record("the step ran past its deadline")
            } catch let error as StepDeadlineError {
                #expect(error.carriedOut == 1 && error.total == 3, "\(error)")
                #expect(error.observation.commands.first?.timedOut == true)
                #expect(error.description.contains("after 1 of 3 actions"))
            }
            // Far below the 300 s sleep (a loaded machine took 12 s): the deadline ended the command.
            #expect(clock.now - started < .seconds(120))
            #expect(try String(contentsOf: session.home.appendingPathComponent("deadline.txt"), encoding: .utf8) == "first\n")
        } catch {
            await session.stop()
            throw error
        }
        await session.stop()
    }
}

@Suite("Process housekeeping", .serialized, .timeLimit(.minutes(1)))
struct HousekeepingTests {
    @Test("a daemon that a session's program left behind, once dead, is reaped as a stray zombie; owned children are not touched")
    func strayZombies() async throws {
        let session = try await DesktopSession.start(
            config: VMConfig(
                screen: .init(width: 320, height: 240, depth: 24),
                windowManager: nil, sandbox: .none, source: "test"), logger: logger)
        do {
            // setsid -f forks into a session of its own: when its parent exits, this process (the
            // subreaper) adopts it, and when it dies it is this process's zombie.
            _ = try await session.run("setsid -f sh -c 'echo $$ > daemon.pid; sleep 0.3'; sleep 0.1")
            let pid = try #require(
                Int32(
                    try String(contentsOf: session.home.appendingPathComponent("daemon.pid"), encoding: .utf8)
                        .trimmingCharacters(in: .whitespacesAndNewlines)))
            func state() -> Character? {
                guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                    let close = text.lastIndex(of: ")")
                else { return nil }
                return text[text.index(close, offsetBy: 2)]
            }
            // Other suites' session teardowns in this process reap stray zombies too, so the daemon
            // may be gone before this test looks: what must hold is that nobody's zombie stays.
            let deadline = ContinuousClock.now + .seconds(10)
            while let now = state(), now != "Z", ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            let before = state()
            #expect(before == nil || before == "Z")
            let reaped = ProcessTree.reapStrayZombies()
            #expect(state() == nil, "the daemon's zombie stays (it was \(before.map(String.init) ?? "gone"), \(reaped) reaped)")
            // The session's own processes are owned, so they are still there to be reaped by it.
            #expect(session.processes.allSatisfy { $0.isRunning })
        } catch {
            await session.stop()
            throw error
        }
        await session.stop()
    }

    @Test("a HOME template is copied with its folders, files, modes and links")
    func templateCopy() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-template-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let template = root.appendingPathComponent("template"), home = root.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: template.appendingPathComponent(".config/app"), withIntermediateDirectories: true)
        try "settings".write(to: template.appendingPathComponent(".config/app/rc"), atomically: true, encoding: .utf8)
        try "#!/bin/sh\necho hi\n".write(to: template.appendingPathComponent("run.sh"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: template.appendingPathComponent("run.sh").path)
        try FileManager.default.createSymbolicLink(atPath: template.appendingPathComponent("link").path, withDestinationPath: "run.sh")
        try DesktopSession.prepareHome(home, template: template.path)
        #expect(try String(contentsOf: home.appendingPathComponent(".config/app/rc"), encoding: .utf8) == "settings")
        let mode =
            try FileManager.default.attributesOfItem(atPath: home.appendingPathComponent("run.sh").path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o755)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: home.appendingPathComponent("link").path) == "run.sh")
    }
}
