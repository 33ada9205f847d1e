import DeskgymActions
import DeskgymCore
import DeskgymTrajectory
import Foundation
import Testing

@Suite("The trajectory schema")
struct TrajectoryLineTests {
    @Test("a line with every field writes and reads back equal, actions as computer_13 objects")
    func roundTrip() throws {
        let command = CommandResult(
            command: "echo hi", stdout: "hi\n", stderr: "", exitCode: 0, status: "exited with code 0",
            timedOut: false, duration: .milliseconds(12))
        let line = TrajectoryLine(
            step: 3, actionText: "pyautogui.click(10, 20)", grammar: "pyautogui", coordinates: "absolute", thought: "the button",
            actions: [.click(button: .left, at: Point(x: 10, y: 20), count: 1), .typing("héllo 中文"), .done],
            executed: [.click(button: .left, at: Point(x: 10, y: 20), count: 1), .typing("héllo 中文")],
            screenshot: "step-0003.png", environmentMilliseconds: 41.5, settleMilliseconds: 40, modelMilliseconds: 900,
            usage: .init(promptTokens: 1200, completionTokens: 7, totalTokens: 1207),
            requests: [.init(attempt: 1, milliseconds: 880, status: 200, error: nil)],
            windows: [.init(title: "xterm", className: "XTerm", isActive: true)], commands: [command], reward: 1, done: true,
            extra: .object(["prompt_ids": .array([.number(1), .number(2)])]), error: nil)
        let data = try line.encoded()
        let text = String(decoding: data, as: UTF8.self)
        #expect(!text.contains("\n"))
        #expect(text.contains(#""action_type":"CLICK""#))
        #expect(text.contains(#""version":1"#))
        let read = try TrajectoryLine.parse(data, file: "t.jsonl")
        #expect(read == [line])
    }

    @Test("a line written before the schema had a version reads as version 1")
    func unversioned() throws {
        let lines = try TrajectoryLine.parse(Data(#"{"step":0,"env_ms":0,"screenshot":"step-0000.png"}"#.utf8), file: "t.jsonl")
        #expect(lines.first?.version == 1)
        #expect(lines.first?.actions.isEmpty == true)
    }

    @Test("bad lines name the file, the line and the field")
    func badLines() {
        let cases: [(String, String)] = [
            (#"{"step":0}"# + "\n" + #"{"step":1,"env_ms":"fast"}"#, "env_ms"),
            (#"{"step":0}"# + "\n" + #"{"step":1,"actions":[{"action_type":"FLY"}]}"#, "actions[0]"),
            (#"{"step":0}"# + "\n" + #"{"step":1,"version":99}"#, "version 99"),
            (#"{"step":0}"# + "\n" + "not json", "line"),
            (#"{"step":0}"# + "\n" + #"{"step":-4}"#, "step"),
        ]
        for (text, field) in cases {
            let error = #expect(throws: TrajectoryError.self) { try TrajectoryLine.parse(Data(text.utf8), file: "x.jsonl") }
            #expect(error?.file == "x.jsonl")
            #expect(error?.line == 2)
            if field != "line" { #expect(error?.problem.contains(field) == true, "\(error?.problem ?? "")") }
        }
    }

    @Test("deeply nested JSON in a line is an error, not a crash")
    func deepLine() {
        let deep = #"{"step":1,"extra":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        #expect(throws: TrajectoryError.self) { try TrajectoryLine.parse(Data(deep.utf8), file: "deep.jsonl") }
    }
}
