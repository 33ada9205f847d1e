import DeskgymActions
import DeskgymAgents
import DeskgymCore
import DeskgymImage
import DeskgymRuntime
import DeskgymSandbox
import DeskgymTestSupport
import DeskgymX11
import Foundation
import Testing

@testable import DeskgymVNC

@Suite("VNC driver against x11vnc", .serialized, .timeLimit(.minutes(3)))
struct VNCDesktopTests {
    /// The RGB bytes of a B, G, R, X frame, row by row.
    static func rgb(_ bytes: UnsafeRawBufferPointer, width: Int, height: Int, bytesPerLine: Int) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let offset = y * bytesPerLine + x * 4
                out.append(bytes[offset + 2]); out.append(bytes[offset + 1]); out.append(bytes[offset])
            }
        }
        return out
    }

    @Test("the framebuffer over VNC is the X11 capture pixel for pixel, and the two PNG screenshots decode the same")
    func pixelForPixel() async throws {
        let served = try await ServedDesktop.start()
        defer { Task { await served.session.stop() } }
        let x11 = try #require(served.session.x11)
        let vnc = try await VNCDesktop.connect(host: "127.0.0.1", port: served.port, password: vncPassword, logger: logger)
        defer { vnc.close() }
        #expect(vnc.screenSize == x11.screenSize)
        try await x11.perform([], settle: SettlePolicy(quiet: .milliseconds(300), cap: .seconds(5)))
        let reference = try x11.capturer.capture { Self.rgb($0.bytes, width: $0.width, height: $0.height, bytesPerLine: $0.bytesPerLine) }
        let same = try await eventually {
            try vnc.withFrame { bytes, size in Self.rgb(bytes, width: size.width, height: size.height, bytesPerLine: size.width * 4) }
                == reference
        }
        #expect(same, "the VNC framebuffer never matched the X11 capture")
        let ours = try PNGDecoder.decode(try vnc.screenshot().png)
        let theirs = try PNGDecoder.decode(try x11.screenshot().png)
        #expect(ours.width == theirs.width && ours.height == theirs.height)
        #expect(ours.rgba == theirs.rgba, "decoded PNG screenshots differ")
        #expect(reference.contains { $0 != reference[0] }, "the screen is not blank (an xterm is on it)")
        await served.session.stop()
    }

    @Test("a click and typed text (capitals, punctuation) sent over VNC land in the xterm")
    func clickAndType() async throws {
        let served = try await ServedDesktop.start()
        defer { Task { await served.session.stop() } }
        let session = try await DesktopSession.start(config: try served.vncConfig(), logger: logger)
        defer { Task { await session.stop() } }
        let terminal = try #require(try session.desktop.windows.list().first { $0.title == "Terminal" })
        // x11vnc starts answering update requests about half a second after a client connects;
        // until then no action's effect would be seen (the episode runner settles the first
        // observation the same way).
        try await session.desktop.perform([], settle: SettlePolicy(quiet: .seconds(1), cap: .seconds(3)))
        let line = "echo 'Hello, VNC! #1 (a+b)' > ~/vnc.txt\n"
        let outcome = try await session.desktop.perform(
            [
                .click(button: .left, at: terminal.frame.center, count: 1),
                .typing(line),
            ],
            // x11vnc polls the screen; on a loaded machine its first update after the typing can
            // come later than a short quiet window, so this waits long enough to see it.
            settle: SettlePolicy(quiet: .seconds(1), cap: .seconds(5)))
        #expect(outcome?.sawDamage == true, "typing repainted the screen and the VNC driver saw updates: \(String(describing: outcome))")
        let file = served.session.home.appendingPathComponent("vnc.txt")
        let written = await eventually { (try? String(contentsOf: file, encoding: .utf8)) == "Hello, VNC! #1 (a+b)\n" }
        #expect(written, "found: \((try? String(contentsOf: file, encoding: .utf8)) ?? "no file")")
        let command = try await session.run("cat ~/vnc.txt")
        #expect(command.stdout == "Hello, VNC! #1 (a+b)\n", "commands of a vnc session with commands: local run in vnc.home")
        await session.stop()
        await served.session.stop()
    }

    @Test("a wrong password is an error that says so, and so is a missing one")
    func wrongPassword() async throws {
        let served = try await ServedDesktop.start()
        defer { Task { await served.session.stop() } }
        await #expect {
            _ = try await VNCDesktop.connect(host: "127.0.0.1", port: served.port, password: "not-the-password", logger: logger)
        } throws: { error in
            (error as? VNCError)?.kind == .wrongPassword && "\(error)".contains("wrong password")
                && "\(error)".contains("127.0.0.1:\(served.port)")
        }
        await #expect {
            _ = try await DesktopSession.start(config: try served.vncConfig(password: "nope"), logger: logger)
        } throws: { error in
            "\(error)".contains("wrong password")
        }
        await #expect {
            _ = try await VNCDesktop.connect(host: "127.0.0.1", port: served.port, password: nil, logger: logger)
        } throws: { error in
            (error as? VNCError)?.kind == .passwordRequired
        }
        await served.session.stop()
    }

    @Test("nothing listening is an error naming the address")
    func connectionRefused() async throws {
        let port = try freePort()
        await #expect {
            _ = try await VNCDesktop.connect(host: "127.0.0.1", port: port, password: nil, timeout: .seconds(3), logger: logger)
        } throws: { error in
            guard case .cannotConnect = (error as? VNCError)?.kind else { return false }
            return "\(error)".contains("127.0.0.1:\(port)")
        }
    }

    @Test("a server that goes away makes the next step fail as a lost connection, and the health check says so")
    func serverDies() async throws {
        let served = try await ServedDesktop.start()
        defer { Task { await served.session.stop() } }
        let session = try await DesktopSession.start(config: try served.vncConfig(), logger: logger)
        _ = try await session.desktop.step([.moveTo(Point(x: 5, y: 5))], settle: .standard)
        _ = await served.x11vnc.terminate(grace: .seconds(1))
        #expect(await eventually { session.desktop.isDead })
        await #expect {
            _ = try await session.desktop.step([.click(button: .left, at: Point(x: 10, y: 10), count: 1)], settle: .standard)
        } throws: { error in
            guard case .connectionLost = (error as? VNCError)?.kind else { return false }
            return true
        }
        await #expect(throws: SessionError.self) { try await session.checkHealth() }
        let reason = try #require(session.desktop.lostReason)
        #expect(reason != VNCDesktop.closedReason)
        await session.stop()
        #expect(session.desktop.lostReason == reason, "closing a lost connection keeps the reason it was lost")
        #expect(!FileManager.default.fileExists(atPath: session.folder.path), "the session folder is removed")
        await served.session.stop()
    }

    @Test("close() is idempotent and does not wait for the reader; afterwards lostReason says it was closed, and use throws")
    func closeIsIdempotent() async throws {
        let served = try await ServedDesktop.start()
        defer { Task { await served.session.stop() } }
        let vnc = try await VNCDesktop.connect(host: "127.0.0.1", port: served.port, password: vncPassword, logger: logger)
        let desktop: any DesktopDriver = vnc
        #expect(desktop.lostReason == nil)
        #expect(!desktop.isDead)
        _ = try desktop.observe()

        desktop.close()
        desktop.close()
        #expect(desktop.isDead)
        #expect(desktop.lostReason == VNCDesktop.closedReason)
        await #expect {
            try await desktop.perform(.moveTo(Point(x: 5, y: 5)))
        } throws: { error in
            guard case .connectionLost = (error as? VNCError)?.kind else { return false }
            return true
        }
        #expect(throws: VNCError.self) { try vnc.screenshot() }
        // The reader thread frees the client (closing the socket) once it sees the close.
        #expect(await eventually(within: .seconds(30)) { vnc.screenSize == Size(width: 0, height: 0) })
        desktop.close()
        #expect(desktop.lostReason == VNCDesktop.closedReason)
        await served.session.stop()
    }

    @Test("every key name maps to a keysym")
    func keysyms() throws {
        for name in Key.allNames {
            let key = try Key(name)
            #expect(Keysyms.value(for: key) != nil, "no keysym for \(name) (\(key.keysymName))")
        }
    }
}

@Suite("A task through the X11 driver and through VNC", .serialized, .timeLimit(.minutes(4)))
struct SameTaskTests {
    private func run(_ task: String, vmConfigs: URL) async throws -> EpisodeResult {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-vnc-episode-\(UUID())")
        defer { try? FileManager.default.removeItem(at: output) }
        let runner = EpisodeRunner(
            taskFile: repository.appendingPathComponent(task), agent: ScriptedAgent(.reference),
            output: output, vmConfigsFolder: vmConfigs, evaluator: MetricBridge.evaluator)
        return try await runner.run(logger: logger)
    }

    @Test("os/create-hello-file solved by its reference solution scores the same through both drivers")
    func sameScore() async throws {
        let task = "tasks/os/create-hello-file.json"
        let direct = try await run(task, vmConfigs: repository.appendingPathComponent("vm-configs"))
        #expect(direct.environmentError == nil)
        #expect(direct.score == 1)

        // The same desktop (the task's default config) served by x11vnc, and a vm-configs folder
        // whose `default` is a vnc config pointing at it.
        let config = try VMConfig.load(from: repository.appendingPathComponent("vm-configs/default.yaml"))
        let served = try await ServedDesktop.start(config: config)
        defer { Task { await served.session.stop() } }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-vnc-configs-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try served.vncConfigYAML().write(to: folder.appendingPathComponent("default.yaml"), atomically: true, encoding: .utf8)
        try await Task.sleep(for: .milliseconds(100))
        let overVNC = try await run(task, vmConfigs: folder)
        #expect(overVNC.environmentError == nil)
        #expect(overVNC.score == direct.score)
        let written = try String(contentsOf: served.session.home.appendingPathComponent("hello.txt"), encoding: .utf8)
        #expect(written == "Hello, Deskgym\n", "the file was typed over VNC into the served desktop's xterm")
        await served.session.stop()
    }

    @Test("x11vnc killed in the middle of an episode is an environment error of the step, scored 0")
    func serverKilledMidEpisode() async throws {
        let served = try await ServedDesktop.start()
        defer { Task { await served.session.stop() } }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-vnc-configs-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try served.vncConfigYAML().write(to: folder.appendingPathComponent("default.yaml"), atomically: true, encoding: .utf8)
        let killed = try await runKilling(KillingAgent(x11vnc: served.x11vnc), folder: folder)
        #expect(killed.steps == 2, "step 1 ran over VNC; step 2 found the server gone")
        let error = try #require(killed.environmentError)
        #expect(error.contains("lost") && error.contains("127.0.0.1:\(served.port)"), "\(error)")
        #expect(killed.score == 0)
        #expect(killed.errorPhase == .step)
        await served.session.stop()
    }

    private func runKilling(_ agent: KillingAgent, folder: URL) async throws -> EpisodeResult {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-vnc-episode-\(UUID())")
        defer { try? FileManager.default.removeItem(at: output) }
        let runner = EpisodeRunner(
            taskFile: repository.appendingPathComponent("tasks/os/create-hello-file.json"), agent: agent,
            output: output, vmConfigsFolder: folder, evaluator: MetricBridge.evaluator)
        return try await runner.run(logger: logger)
    }
}

/// Moves the pointer at step 1; before answering step 2 it stops the VNC server.
private struct KillingAgent: Agent {
    let x11vnc: ChildProcess
    var name: String { "killing" }

    func startEpisode(_ task: AgentTask) async throws(AgentError) -> any AgentEpisode { Episode(x11vnc: x11vnc) }

    struct Episode: AgentEpisode {
        let x11vnc: ChildProcess
        var grammar: any ActionGrammar { PyAutoGUIGrammar() }
        func next(_ observation: AgentObservation) async throws(AgentError) -> AgentTurn? {
            if observation.step == 2 { _ = await x11vnc.terminate(grace: .seconds(1)) }
            return AgentTurn(text: "pyautogui.moveTo(\(10 * observation.step), 10)")
        }
    }
}
