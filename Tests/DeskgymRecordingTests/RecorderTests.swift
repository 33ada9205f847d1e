import DeskgymActions
import DeskgymAgents
import DeskgymCore
import DeskgymRFBTestClient
import DeskgymRecording
import DeskgymRuntime
import DeskgymSandbox
import DeskgymX11
import Foundation
import Logging
import Testing

private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

private let logger: Logger = {
    var logger = Logger(label: "deskgym.tests.recording")
    logger.logLevel = .warning
    return logger
}()

private let helloTask = repository.appendingPathComponent("tasks/os/create-hello-file.json")
private let helloCommand = "echo 'Hello, Deskgym' > ~/hello.txt"

/// What a finished `vncdotool` run left.
private struct ToolOutput {
    var status: Int32
    var output: String
}

/// Runs vncdotool (PyPI), a VNC client no one here wrote, against 127.0.0.1:`port`.
private func vncdotool(port: Int, password: String?, _ commands: [String]) async throws -> ToolOutput {
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            continuation.resume(
                with: Result {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                    process.arguments =
                        ["vncdotool", "-s", "127.0.0.1::\(port)", "-t", "60"]
                        + (password.map { ["-p", $0] } ?? []) + commands
                    let pipe = Pipe()
                    process.standardOutput = pipe
                    process.standardError = pipe
                    try process.run()
                    let data = pipe.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    return ToolOutput(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
                })
        }.start()
    }
}

private func temporaryFolder(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-\(name)-\(UUID().uuidString)")
}

private func start(_ output: URL, password: String?) async throws -> Recorder {
    try await Recorder.start(
        RecordingConfiguration(
            taskFile: helloTask, output: output,
            vmConfigsFolder: repository.appendingPathComponent("vm-configs"),
            port: 0, password: password, evaluator: MetricBridge.evaluator),
        logger: logger)
}

/// Runs `body` on a recorder of the hello task, then finishes it (as done, unless the body or the
/// viewer ended it otherwise), also when the body throws, so that no session outlives the test.
private func recording(
    _ folder: URL, password: String?, _ body: (Recorder) async throws -> Void
) async throws -> (Recorder, RecordingResult) {
    let recorder = try await start(folder, password: password)
    do {
        try await body(recorder)
    } catch {
        recorder.requestFinish(.done)
        _ = await recorder.run(logger: logger)
        throw error
    }
    recorder.requestFinish(.done)
    return (recorder, await recorder.run(logger: logger))
}

/// Waits (at most 60 s) until the typed command has written `hello.txt` in the session's HOME: the
/// viewer's events reach X at once, the shell runs a moment later.
private func waitForHelloFile(_ recorder: Recorder) async -> Bool {
    let file = recorder.home.appendingPathComponent("hello.txt")
    let deadline = ContinuousClock.now + .seconds(60)
    while ContinuousClock.now < deadline {
        if (try? String(contentsOf: file, encoding: .utf8)) == "Hello, Deskgym\n" { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return false
}

/// Waits (at most 60 s) until the recorder has logged an event that `condition` accepts.
private func waitForEvent(_ recorder: Recorder, _ condition: (RawEvent) -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(60)
    while ContinuousClock.now < deadline {
        if recorder.events.contains(where: condition) { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return false
}

private func isKey(_ event: RawEvent, _ keysym: UInt32, down: Bool) -> Bool {
    if case .key(keysym, _, down) = event.kind { true } else { false }
}

/// The center of the terminal window of the recorder's session.
private func terminalCenter(_ recorder: Recorder) throws -> Point {
    let desktop = try X11Desktop(displayName: recorder.displayName, cookie: recorder.xCookie)
    let terminal = try #require(try desktop.windows.list().first { $0.title == "Terminal" })
    return Point(x: terminal.frame.x + terminal.frame.width / 2, y: terminal.frame.y + terminal.frame.height / 2)
}

@Suite("Recorder with a real VNC client", .serialized, .timeLimit(.minutes(6)))
struct RecorderTests {
    @Test("vncdotool clicks and types: the merged actions are what it did, the task scores 1, and a replay scores the same")
    func recordAndReplay() async throws {
        let folder = temporaryFolder("record")
        defer { try? FileManager.default.removeItem(at: folder) }
        let capture = folder.appendingPathComponent("vncdotool-capture.png")
        var point = Point(x: 0, y: 0)
        let (recorder, result) = try await recording(folder, password: "pw4test") { recorder in
            point = try terminalCenter(recorder)
            let tool = try await vncdotool(
                port: recorder.port, password: "pw4test",
                [
                    "move", "\(point.x)", "\(point.y)", "click", "1", "type", helloCommand, "key", "enter",
                    "pause", "0.5", "capture", capture.path,
                ])
            #expect(tool.status == 0, "vncdotool: \(tool.output)")
            #expect(await waitForEvent(recorder) { isKey($0, 0xFF0D, down: false) }, "the Enter release is recorded")
            #expect(await waitForHelloFile(recorder))
        }

        #expect(result.environmentError == nil)
        #expect(
            result.actions.map(\.actions) == [
                [.click(button: .left, at: point, count: 1)], [.typing(helloCommand)],
                [.press(try Key("enter"))],
            ])
        #expect(result.score == 1, "the typed command wrote the file: \(String(describing: result.evaluation))")
        #expect(result.outcome == .done && result.finishedBy == "api")
        #expect(result.refusedViewers == 0)

        // The folder: deskgym run's format plus the raw log, frames and recording.json.
        let lines = try String(contentsOf: folder.appendingPathComponent("trajectory.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(lines.map { $0["step"] as? Int } == [0, 1, 2, 3, 4])
        #expect(lines[4]["action_text"] as? String == "{\"action_type\": \"DONE\"}")
        #expect(lines[2]["grammar"] as? String == "computer_13")
        for line in lines {
            let name = try #require(line["screenshot"] as? String)
            #expect(try Data(contentsOf: folder.appendingPathComponent(name)).starts(with: [0x89, 0x50, 0x4E, 0x47]))
        }
        let logged = try EventLog.read(folder.appendingPathComponent(EventLog.fileName))
        #expect(logged == recorder.events, "the file holds every event kept in memory")
        #expect(logged.contains { if case .viewer(.authenticated, _) = $0.kind { true } else { false } })
        let recording = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("recording.json"))) as? [String: Any])
        #expect((recording["steps"] as? [Any])?.count == 3)
        // The viewer saw the desktop: vncdotool's capture is a full screen.
        #expect(try Data(contentsOf: capture).count > 1000)

        // Replayed through deskgym run's replay agent, on a fresh session, it scores the same.
        let replayFolder = temporaryFolder("replay")
        defer { try? FileManager.default.removeItem(at: replayFolder) }
        let runner = EpisodeRunner(
            taskFile: helloTask, agent: try ReplayAgent(folder: folder), output: replayFolder,
            vmConfigsFolder: repository.appendingPathComponent("vm-configs"),
            evaluator: MetricBridge.evaluator)
        let replay = try await runner.run(logger: logger)
        #expect(replay.environmentError == nil)
        #expect(replay.score == result.score)
        #expect(replay.steps == 4)

        // Exported as training data in both grammars.
        let pyautogui = try DemonstrationExport(folder: folder, grammar: PyAutoGUIGrammar())
        #expect(
            pyautogui.pairs.map(\.action) == [
                "pyautogui.click(\(point.x), \(point.y))",
                "pyautogui.write(\"echo 'Hello, Deskgym' > ~/hello.txt\")",
                "pyautogui.press('enter')", "DONE",
            ])
        #expect(pyautogui.pairs.first?.screenshot == "step-0000.png", "each action comes with the screenshot before it")
        let computer13 = try DemonstrationExport(folder: folder, grammar: Computer13Grammar())
        #expect(try Computer13Grammar().parse(computer13.pairs[1].action) == [.typing(helloCommand)])
    }

    @Test("a wrong password is refused and the recorder goes on; the finish chord marks the task infeasible")
    func wrongPasswordAndChord() async throws {
        let folder = temporaryFolder("record-refused")
        defer { try? FileManager.default.removeItem(at: folder) }
        var point = Point(x: 0, y: 0)
        let (_, result) = try await recording(folder, password: "right") { recorder in
            let intruder = try await vncdotool(port: recorder.port, password: "wrong", ["key", "x"])
            #expect(intruder.status != 0, "vncdotool reports the refusal: \(intruder.output)")
            point = try terminalCenter(recorder)
            let tool = try await vncdotool(
                port: recorder.port, password: "right",
                ["move", "\(point.x)", "\(point.y)", "click", "1", "type", "ls", "key", "ctrl-alt-shift-f"])
            #expect(tool.status == 0, "vncdotool: \(tool.output)")
            let request = await recorder.waitForFinish()
            #expect(request == FinishRequest(outcome: .infeasible, source: "chord"))
        }
        #expect(result.finishedBy == "chord")
        #expect(result.refusedViewers == 1)
        #expect(result.outcome == .infeasible)
        #expect(
            result.actions.map(\.actions) == [[.click(button: .left, at: point, count: 1)], [.typing("ls")]],
            "the chord's modifiers make no action and its key was not forwarded")
        #expect(result.score == 0, "the task is feasible: FAIL scores 0")
        let last = try String(contentsOf: folder.appendingPathComponent("trajectory.jsonl"), encoding: .utf8)
            .split(separator: "\n").last.map(String.init)
        #expect(last?.contains("\"FAIL\"") == true)
        let events = try EventLog.read(folder.appendingPathComponent(EventLog.fileName))
        #expect(events.contains { if case .viewer(.refused, _) = $0.kind { true } else { false } })
        #expect(events.last.map { if case .finish(.infeasible, "chord") = $0.kind { true } else { false } } == true)
    }

    @Test("garbage bytes and a flood of events: the recorder keeps working and loses nothing it recorded")
    func garbageAndFlood() async throws {
        let folder = temporaryFolder("record-flood")
        defer { try? FileManager.default.removeItem(at: folder) }
        let count = 3000
        var before: [RawEvent] = []
        let (_, result) = try await recording(folder, password: nil) { recorder in
            let first = try RFBTestClient(port: recorder.port)
            _ = try #require(try first.handshake())
            try first.send(RFBTestClient.pointer(x: 10, y: 10, buttons: 0))
            #expect(await waitForEvent(recorder) { if case .pointer(10, 10, 0) = $0.kind { true } else { false } })
            before = recorder.events

            var flood: [UInt8] = []
            for index in 0..<count { flood += RFBTestClient.pointer(x: 100 + index % 500, y: 100 + index / 500, buttons: 0) }
            try first.send(flood)
            let last = count - 1
            #expect(
                await waitForEvent(recorder) { if case .pointer(100 + last % 500, 100 + last / 500, 0) = $0.kind { true } else { false } })
            // The flooding viewer leaves, so that the next one to send input demonstrates.
            first.disconnect()
            #expect(await waitForEvent(recorder) { if case .viewer(.disconnected, _) = $0.kind { $0.viewer == 1 } else { false } })

            let junk = try RFBTestClient(port: recorder.port)
            _ = try junk.receive(12)
            try junk.send((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
            #expect(junk.waitForClose())
            // A viewer that breaks the protocol while holding Ctrl: Ctrl is released, in X and in the log.
            let broken = try RFBTestClient(port: recorder.port)
            _ = try #require(try broken.handshake())
            try broken.send(RFBTestClient.key(0xFFE3, down: true))
            #expect(await waitForEvent(recorder) { isKey($0, 0xFFE3, down: true) })
            try broken.send([0xF0, 0x0D, 0xBE, 0xEF])
            #expect(broken.waitForClose())
            #expect(await waitForEvent(recorder) { isKey($0, 0xFFE3, down: false) })

            let tool = try await vncdotool(port: recorder.port, password: nil, ["move", "700", "500", "click", "3"])
            #expect(tool.status == 0, "vncdotool: \(tool.output)")
            let earlier = before.count
            #expect(await waitForEvent(recorder) { if case .pointer(700, 500, 0) = $0.kind { $0.index > earlier + count } else { false } })
        }
        let events = try EventLog.read(folder.appendingPathComponent(EventLog.fileName))
        #expect(Array(events.prefix(before.count)) == before, "what was recorded before the garbage is intact")
        let floodEvents = events.filter { $0.viewer == 1 && { if case .pointer = $0.kind { true } else { false } }($0) }
        #expect(floodEvents.count == count + 1, "every flooded event is in the log")
        #expect(
            result.actions.last?.actions == [.rightClick(at: Point(x: 700, y: 500))],
            "no Ctrl is taken as held after the broken viewer left")
        #expect(events.filter { if case .viewer(.disconnected, _) = $0.kind { true } else { false } }.count >= 2)
    }

    @Test("one viewer demonstrates at a time: a second viewer's input is ignored and noted; once the first leaves, the second demonstrates")
    func oneDemonstrator() async throws {
        let folder = temporaryFolder("record-viewers")
        defer { try? FileManager.default.removeItem(at: folder) }
        var point = Point(x: 0, y: 0)
        let (_, result) = try await recording(folder, password: nil) { recorder in
            let first = try RFBTestClient(port: recorder.port)
            _ = try #require(try first.handshake())
            try first.send(RFBTestClient.pointer(x: 20, y: 20, buttons: 0))
            #expect(await waitForEvent(recorder) { if case .pointer(20, 20, 0) = $0.kind { true } else { false } })
            // Typed into the terminal, this would spoil the command typed later: the task would score 0.
            let watcher = try await vncdotool(port: recorder.port, password: nil, ["move", "30", "30", "click", "1", "type", "spoiled"])
            #expect(watcher.status == 0, "vncdotool: \(watcher.output)")
            try first.send(RFBTestClient.pointer(x: 40, y: 40, buttons: 0))
            #expect(
                await waitForEvent(recorder) { if case .pointer(40, 40, 0) = $0.kind { true } else { false } },
                "the first viewer still demonstrates")
            first.disconnect()
            #expect(await waitForEvent(recorder) { if case .viewer(.disconnected, _) = $0.kind { $0.viewer == 1 } else { false } })
            point = try terminalCenter(recorder)
            let tool = try await vncdotool(
                port: recorder.port, password: nil,
                ["move", "\(point.x)", "\(point.y)", "click", "1", "type", helloCommand, "key", "enter"])
            #expect(tool.status == 0, "vncdotool: \(tool.output)")
            #expect(await waitForHelloFile(recorder))
        }
        let events = try EventLog.read(folder.appendingPathComponent(EventLog.fileName))
        let input = { (event: RawEvent) in if case .viewer = event.kind { false } else if case .finish = event.kind { false } else { true }
        }
        #expect(!events.contains { $0.viewer == 2 && input($0) }, "nothing of the watching viewer is in the log")
        #expect(events.contains { $0.viewer == 3 && input($0) })
        #expect(result.notes.contains { $0.hasPrefix("viewer 2: ") && $0.contains("input events ignored") }, "\(result.notes)")
        #expect(
            result.actions.map(\.actions) == [
                [.click(button: .left, at: point, count: 1)], [.typing(helloCommand)],
                [.press(try Key("enter"))],
            ])
        #expect(result.score == 1, "the watcher's keys never reached the terminal")
    }

    @Test("vncdotool's drag, wheel clicks, double click and hotkey merge into those actions")
    func gestures() async throws {
        let folder = temporaryFolder("record-gestures")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (_, result) = try await recording(folder, password: nil) { recorder in
            let tool = try await vncdotool(
                port: recorder.port, password: nil,
                [
                    "move", "900", "500", "mousedown", "1", "drag", "980", "540", "mouseup", "1",
                    "click", "4", "click", "4", "click", "4", "move", "950", "520", "click", "1", "click", "1",
                    "key", "ctrl-c",
                ])
            #expect(tool.status == 0, "vncdotool: \(tool.output)")
            #expect(await waitForEvent(recorder) { isKey($0, 0xFFE3, down: false) }, "the Ctrl release is recorded")
        }
        #expect(
            result.actions.map(\.actions) == [
                [.moveTo(Point(x: 900, y: 500)), .dragTo(Point(x: 980, y: 540), button: .left)],
                [.scroll(dx: 0, dy: 3, at: Point(x: 980, y: 540))],
                [.doubleClick(at: Point(x: 950, y: 520))],
                [.hotkey([try Key("ctrl"), try Key("c")])],
            ])
        #expect(result.environmentError == nil)
    }

    @Test("a viewer that holds Shift itself, as TigerVNC does, types the same text and the task scores 1")
    func viewerHeldShift() async throws {
        let folder = temporaryFolder("record-shift")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (_, result) = try await recording(folder, password: nil) { recorder in
            let client = try RFBTestClient(port: recorder.port)
            _ = try #require(try client.handshake())
            let point = try terminalCenter(recorder)
            var bytes =
                RFBTestClient.pointer(x: point.x, y: point.y, buttons: 1) + RFBTestClient.pointer(x: point.x, y: point.y, buttons: 0)
            let shifted = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZ~!@#$%^&*()_+{}|:\"<>?")
            for character in helloCommand {
                let keysym = character.unicodeScalars.first!.value
                if shifted.contains(character) { bytes += RFBTestClient.key(0xFFE1, down: true) }
                bytes += RFBTestClient.key(keysym, down: true) + RFBTestClient.key(keysym, down: false)
                if shifted.contains(character) { bytes += RFBTestClient.key(0xFFE1, down: false) }
            }
            bytes += RFBTestClient.key(0xFF0D, down: true) + RFBTestClient.key(0xFF0D, down: false)
            try client.send(bytes)
            #expect(await waitForEvent(recorder) { isKey($0, 0xFF0D, down: false) })
            #expect(await waitForHelloFile(recorder))
        }
        #expect(result.actions.map(\.actions).dropFirst() == [[.typing(helloCommand)], [.press(try Key("enter"))]])
        #expect(result.score == 1, "Shift was not pressed twice nor lost: \(String(describing: result.evaluation))")
    }

    @Test("TigerVNC's viewer, run on a desktop of its own and driven there, records the task and scores 1")
    func tigerVNC() async throws {
        let folder = temporaryFolder("record-tigervnc")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configFile = temporaryFolder("viewer").appendingPathExtension("yaml")
        defer { try? FileManager.default.removeItem(at: configFile) }
        var target = Point(x: 0, y: 0)
        let (_, result) = try await recording(folder, password: nil) { recorder in
            try """
            kind: xvfb
            screen: {width: 1920, height: 1080, depth: 24}
            window_manager: openbox
            # The viewer is a person's desktop beside the recorded one: it reaches the recorder's
            # port on this machine's loopback, which a sandbox would not.
            sandbox: none
            apps:
              - command: vncviewer
                args: [-SecurityTypes, None, -RemoteResize=0, -AcceptClipboard=0, -SendClipboard=0, -MenuKey=, "127.0.0.1::\(recorder.port)"]
                wait_for_window: tigervnc
            """.write(to: configFile, atomically: true, encoding: .utf8)
            let viewer = try await DesktopSession.start(config: try VMConfig.load(from: configFile), logger: logger)
            do {
                // The viewer shows the recorded screen 1:1 from its window's top left.
                let window = try #require(try viewer.desktop.windows.list().first { $0.title.lowercased().contains("tigervnc") })
                target = try terminalCenter(recorder)
                try await viewer.desktop.perform(
                    .click(
                        button: .left, at: Point(x: window.frame.x + target.x, y: window.frame.y + target.y),
                        count: 1))
                // TigerVNC sends pointer events on a timer and keys at once: wait for the click to
                // arrive before typing, as a person sees it land.
                let deadline = ContinuousClock.now + .seconds(60)
                while ContinuousClock.now < deadline {
                    let events = recorder.events
                    if let press = events.firstIndex(where: { if case .pointer(_, _, 1) = $0.kind { true } else { false } }),
                        events[press...].contains(where: { if case .pointer(_, _, 0) = $0.kind { true } else { false } })
                    {
                        break
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
                try await viewer.desktop.perform(.typing(helloCommand))
                try await viewer.desktop.perform(.press(try Key("enter")))
                #expect(await waitForEvent(recorder) { isKey($0, 0xFF0D, down: false) }, "the Enter release is recorded")
                #expect(await waitForHelloFile(recorder))
            } catch {
                await viewer.stop()
                throw error
            }
            await viewer.stop()
        }
        let merged = result.actions.map(\.actions)
        #expect(merged.contains([.typing(helloCommand)]), "\(merged)")
        #expect(merged.last == [.press(try Key("enter"))], "\(merged)")
        #expect(merged.first == [.click(button: .left, at: target, count: 1)], "the click lands where it was made: \(merged)")
        #expect(result.score == 1)
    }

    @Test("bad input is refused before any session starts: a long password, a folder that holds a recording")
    func badInput() async throws {
        let folder = temporaryFolder("record-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let long = await #expect(throws: RecordingError.self) { _ = try await start(folder, password: "123456789") }
        #expect(long?.kind == .badInput)
        #expect(long?.message.contains("1 to 8") == true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data().write(to: folder.appendingPathComponent("trajectory.jsonl"))
        let used = await #expect(throws: RecordingError.self) { _ = try await start(folder, password: nil) }
        #expect(used?.message.contains("already holds a recording") == true)
    }
}
