import DeskgymCore
import DeskgymRecording
import DeskgymRuntime
import DeskgymX11
import Foundation
import Logging

/// Recording overhead per viewer event: a recorder serves a task's session, vncdotool (a real VNC
/// client) sends pointer moves, clicks and typed keys into the terminal, and the recorder's own
/// timings split each event into recording (frame copy when a press meets a changed screen, log
/// line) and forwarding (XTest, and the wait until the server has the event).
public struct RecordBenchmark: Sendable {
    public var task: URL
    public var vmConfigsFolder: URL
    /// Pointer moves, clicks and typed characters sent.
    public var moves: Int
    public var clicks: Int
    public var characters: Int

    public init(task: URL, vmConfigsFolder: URL, moves: Int = 300, clicks: Int = 40, characters: Int = 200) {
        self.task = task
        self.vmConfigsFolder = vmConfigsFolder
        self.moves = moves
        self.clicks = clicks
        self.characters = characters
    }

    public func run(logger: Logger, print: (String) -> Void) async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-bench-record-\(UUID())")
        defer { try? FileManager.default.removeItem(at: output) }
        let recorder: Recorder
        do {
            recorder = try await Recorder.start(
                RecordingConfiguration(
                    taskFile: task, output: output, vmConfigsFolder: vmConfigsFolder,
                    port: 0, password: nil, evaluator: MetricBridge.evaluator),
                logger: logger)
        } catch {
            throw BenchmarkError(benchmark: "record", message: "\(error)")
        }
        // Clicks land in the terminal (a click on the bare desktop would take its focus away).
        let terminal = try X11Desktop(displayName: recorder.displayName, cookie: recorder.xCookie).windows.list().first {
            $0.className == "XTerm"
        }
        let center =
            terminal.map { Point(x: $0.frame.x + $0.frame.width / 2, y: $0.frame.y + $0.frame.height / 2) }
            ?? Point(x: 960, y: 540)
        var commands: [String] = []
        for index in 0..<moves { commands.append("move \(200 + index * 3 % 1400) \(150 + index * 7 % 700)") }
        for index in 0..<clicks { commands += ["move \(center.x + index % 10 * 20) \(center.y)", "click 1"] }
        // Typed as short commands, each ended by Enter: the shell answers, so the first key of the
        // next command meets a changed screen and takes a frame, as typing does in a terminal.
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz")
        var typed = 0
        var words = 0
        while typed < characters {
            let word = String((0..<min(7, characters - typed)).map { alphabet[($0 + typed) % alphabet.count] })
            commands += ["type \(word)", "key enter"]
            typed += word.count
            words += 1
        }
        let script = output.appendingPathComponent("vncdotool-commands.txt")
        try Data(commands.joined(separator: "\n").utf8).write(to: script)
        print(
            "recording on 127.0.0.1:\(recorder.port); vncdotool sends \(moves) moves, \(clicks) clicks, \(characters) characters in \(words) commands ended by Enter"
        )
        let status = try await Self.vncdotool(port: recorder.port, script: script)
        guard status == 0 else {
            recorder.requestFinish(.done)
            _ = await recorder.run(logger: logger)
            throw BenchmarkError(
                benchmark: "record", message: "vncdotool exited with status \(status); is it installed (scripts/setup.sh)?")
        }
        // The events vncdotool sent: a move each, press and release per click, press and release per key.
        let expected = moves + clicks * 3 + (characters + words) * 2
        let deadline = ContinuousClock.now + .seconds(60)
        while recorder.events.filter({ if case .viewer = $0.kind { false } else { true } }).count < expected, ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(50))
        }
        recorder.requestFinish(.done)
        let result = await recorder.run(logger: logger)
        print(
            "events recorded: \(result.inputEvents) (sent \(expected)); merged actions: \(result.actions.count); "
                + "frames taken: \(result.framesWritten) (\(result.framesSkipped) not taken, the encoder behind)")
        print("class     events   record p50   record p90   record max   forward p50   forward p90")
        for eventClass in [nil] + EventTimings.EventClass.allCases.map(Optional.some) {
            let entries = result.timings.entries(eventClass)
            guard let record = EventTimings.summary(entries.map(\.recordMicroseconds)),
                let forward = EventTimings.summary(entries.map(\.forwardMicroseconds))
            else { continue }
            let name = (eventClass?.rawValue ?? "all").padding(toLength: 8, withPad: " ", startingAt: 0)
            print(
                name + String(format: "%8d", entries.count)
                    + [record.median, record.p90, record.max, forward.median, forward.p90]
                    .map { String(format: "%10.1f µs", $0) }.joined(separator: " "))
        }
        if let perLine = result.timings.logMicrosecondsPerLine {
            print(String(format: "log line (formatted and written at the next tick, off the event's path): %.1f µs per event", perLine))
        }
    }

    private static func vncdotool(port: Int, script: URL) async throws -> Int32 {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(
                    with: Result {
                        let process = Process()
                        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                        process.arguments = ["vncdotool", "-s", "127.0.0.1::\(port)", "-t", "300", script.path]
                        process.standardOutput = FileHandle.nullDevice
                        process.standardError = FileHandle.nullDevice
                        try process.run()
                        process.waitUntilExit()
                        return process.terminationStatus
                    })
            }.start()
        }
    }
}
