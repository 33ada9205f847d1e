import Foundation
import Testing

/// `deskgym record` through the real binary, driven by vncdotool (a VNC client from PyPI).
@Suite("deskgym record", .serialized, .timeLimit(.minutes(4)))
struct RecordCommandTests {
    @Test("record serves the task, --stop ends it with its score, replay scores the same, export writes pyautogui")
    func recordStopReplayExport() async throws {
        let folder = temporaryPath("deskgym-cli-record")
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = deskgym
        process.arguments = ["record", "tasks/os/create-hello-file.json", "--port", "0", "--no-password", "--out", folder.path]
        process.currentDirectoryURL = repository
        let out = Pipe()
        process.standardOutput = out
        let errorFile = temporaryPath("deskgym-cli-record-stderr")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let reader = out.fileHandleForReading
        var text = readOutput(of: reader, until: "finish with")
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("VNC server on 127.0.0.1:") }, "output: \(text)")
        let port = try #require(Int(line.dropFirst("VNC server on 127.0.0.1:".count).prefix { $0.isNumber }))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("recorder.pid").path))

        let tool = Process()
        tool.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        tool.arguments = [
            "vncdotool", "-s", "127.0.0.1::\(port)", "-t", "60", "type", "echo 'Hello, Deskgym' > ~/hello.txt", "key", "enter",
            "pause", "1",
        ]
        tool.standardOutput = FileHandle.nullDevice
        tool.standardError = FileHandle.nullDevice
        try tool.run()
        tool.waitUntilExit()
        #expect(tool.terminationStatus == 0)
        // The events reach the log as they come; wait for the last one before stopping.
        let events = folder.appendingPathComponent("events.jsonl")
        let deadline = ContinuousClock.now + .seconds(60)
        while !((try? String(contentsOf: events, encoding: .utf8))?.contains("\"down\":false,\"frame\"") == true
            && (try? String(contentsOf: events, encoding: .utf8))?.contains("\"name\":\"Return\"") == true),
            ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(50))
        }

        let stop = try await runDeskgymAsync(["record", "--stop", "--out", folder.path])
        #expect(stop.status == 0, "\(stop.out) \(stop.err)")
        #expect(stop.out.contains("score 1"), "\(stop.out)")
        let exitDeadline = ContinuousClock.now + .seconds(60)
        while process.isRunning, ContinuousClock.now < exitDeadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning)
        #expect(
            process.terminationStatus == 0,
            "\(process.terminationReason == .uncaughtSignal ? "signal" : "exit") \(process.terminationStatus): \((try? String(contentsOf: errorFile, encoding: .utf8)) ?? "")"
        )
        text += String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.contains("finishing (done, by signal)"), "\(text)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("recorder.pid").path))
        #expect(try resultObject(folder)["score"] as? Double == 1)
        #expect(try resultObject(folder)["agent"] as? String == "human:vnc")

        let replayFolder = temporaryPath("deskgym-cli-replay")
        defer { try? FileManager.default.removeItem(at: replayFolder) }
        let replay = try await runDeskgymAsync([
            "run", "tasks/os/create-hello-file.json", "--agent", "replay:\(folder.path)",
            "--out", replayFolder.path,
        ])
        #expect(replay.status == 0, "\(replay.out) \(replay.err)")
        #expect(replay.out.contains("score 1.0"), "\(replay.out)")

        let export = try runDeskgym(["record", "export", folder.path, "--grammar", "pyautogui"])
        #expect(export.status == 0, "\(export.err)")
        let pairs = export.out.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(
            pairs.map { $0["action"] as? String } == [
                "pyautogui.write(\"echo 'Hello, Deskgym' > ~/hello.txt\")",
                "pyautogui.press('enter')", "DONE",
            ])
        #expect(pairs.first?["screenshot"] as? String == "step-0000.png")
        #expect(pairs.first?["instruction"] as? String != nil)
    }

    @Test("bad input names the problem: no password choice, a long password, --stop where nothing records")
    func badInput() throws {
        let noChoice = try runDeskgym(["record", "tasks/os/create-hello-file.json"])
        #expect(noChoice.status != 0 && noChoice.err.contains("--password-env"), "\(noChoice.err)")
        let unset = try runDeskgym(["record", "tasks/os/create-hello-file.json", "--password-env", "DESKGYM_NO_SUCH_VARIABLE"])
        #expect(unset.status != 0 && unset.err.contains("DESKGYM_NO_SUCH_VARIABLE"), "\(unset.err)")
        let long = try runDeskgym(
            [
                "record", "tasks/os/create-hello-file.json", "--password-env", "DESKGYM_TEST_PASSWORD",
                "--out", temporaryPath("deskgym-cli-record-long").path,
            ],
            environment: ["DESKGYM_TEST_PASSWORD": "far-too-long"])
        #expect(long.status != 0 && long.err.contains("1 to 8"), "\(long.err)")
        let nothing = temporaryPath("deskgym-cli-record-none")
        let stop = try runDeskgym(["record", "--stop", "--out", nothing.path])
        #expect(stop.status != 0 && stop.err.contains("no recording is running"), "\(stop.err)")
        let export = try runDeskgym(["record", "export", nothing.path])
        #expect(export.status != 0 && export.err.contains("trajectory.jsonl"), "\(export.err)")
    }
}
