import DeskgymExport
import Foundation
import Testing

/// A trajectory folder written as the recorder writes one, with the token ids a client passed.
private struct Fixture {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// Writes `name` with `lines` (JSON objects) and, unless nil, `result`.
    @discardableResult
    func trajectory(_ name: String, lines: [[String: Any]], result: [String: Any]?) throws -> URL {
        let folder = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let text =
            try lines.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
            .joined(separator: "\n") + "\n"
        try text.write(to: folder.appendingPathComponent("trajectory.jsonl"), atomically: true, encoding: .utf8)
        if let result {
            try JSONSerialization.data(withJSONObject: result).write(to: folder.appendingPathComponent("result.json"))
        }
        return folder
    }

    /// A finished two-answer episode whose second prompt extends the first prompt and response by [7, 8].
    @discardableResult
    func tokenEpisode(_ name: String, score: Double = 1, secondPrompt: [Int] = [1, 2, 3, 10, 11, 7, 8]) throws -> URL {
        try trajectory(
            name,
            lines: [
                ["step": 0, "env_ms": 1, "screenshot": "step-0000.png"],
                [
                    "step": 1, "env_ms": 5, "action_text": "terminal.run('ls')", "grammar": "pyautogui", "screenshot": "step-0001.png",
                    "actions": [["action_type": "RUN_COMMAND", "parameters": ["command": "ls"]]], "reward": 0, "done": false,
                    "commands": [
                        [
                            "command": "ls", "stdout": "a.txt\n", "stderr": "", "exit_code": 0, "status": "exited with code 0",
                            "duration_ms": 3, "timed_out": false,
                        ]
                    ],
                    "model_ms": 120, "extra": ["prompt_ids": [1, 2, 3], "response_ids": [10, 11], "response_logprobs": [-0.5, -0.25]],
                ],
                [
                    "step": 2, "env_ms": 5, "action_text": "DONE", "grammar": "pyautogui", "screenshot": "step-0002.png",
                    "actions": ["DONE"], "reward": score, "done": true,
                    "model_ms": 80, "extra": ["prompt_ids": secondPrompt, "response_ids": [12], "response_logprobs": [-1.0]],
                ],
            ], result: ["task_id": name, "instruction": "List the files.", "score": score, "steps": 2])
    }

    func read(_ file: URL) throws -> [[String: Any]] {
        try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }
}

@Suite("rollout export")
struct RolloutExporterTests {
    @Test("tokens: the environment's tokens between responses are masked out, logprobs line up")
    func tokenAssembly() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let tokens = try TokenTrajectory(try RecordedTrajectory(folder: try fixture.tokenEpisode("a")))
        #expect(tokens.promptIDs == [1, 2, 3])
        #expect(tokens.responseIDs == [10, 11, 7, 8, 12])
        #expect(tokens.responseMask == [1, 1, 0, 0, 1])
        #expect(tokens.responseLogprobs == [-0.5, -0.25, 0, 0, -1.0])
    }

    @Test("tokens: a rewritten history and missing ids are refused, naming the step")
    func tokenErrors() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let rewritten = try fixture.tokenEpisode("rewritten", secondPrompt: [1, 2, 99, 10, 11])
        #expect {
            _ = try TokenTrajectory(try RecordedTrajectory(folder: rewritten))
        } throws: { error in
            "\(error)".contains("step 2: extra.prompt_ids does not begin with the previous step's prompt and response")
        }
        let bare = try fixture.trajectory(
            "bare", lines: [["step": 0, "env_ms": 0], ["step": 1, "env_ms": 0, "action_text": "DONE"]],
            result: ["task_id": "bare", "score": 1])
        #expect {
            _ = try TokenTrajectory(try RecordedTrajectory(folder: bare))
        } throws: { error in
            "\(error)".contains("step 1 has no extra.prompt_ids")
        }
    }

    @Test("turns: one line per answer with the image the model saw, what it saw from the terminal, reward and timings")
    func turns() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let folder = try fixture.tokenEpisode("a")
        let summary = try RolloutExporter(format: .turns).export([fixture.root], to: fixture.root.appendingPathComponent("out"))
        #expect(summary.trajectories == 1 && summary.turns == 2)
        let rows = try fixture.read(summary.file)
        #expect(rows.count == 2)
        #expect(rows[0]["image"] as? String == folder.appendingPathComponent("step-0000.png").path)
        #expect(rows[1]["image"] as? String == folder.appendingPathComponent("step-0001.png").path)
        #expect(rows[0]["response"] as? String == "terminal.run('ls')")
        #expect(rows[1]["reward"] as? Double == 1 && rows[1]["done"] as? Bool == true)
        #expect((rows[1]["terminal_seen"] as? [[String: Any]])?.first?["stdout"] as? String == "a.txt\n")
        #expect((rows[0]["timings"] as? [String: Any])?["model_ms"] as? Double == 120)
        #expect((rows[0]["extra"] as? [String: Any])?["response_ids"] as? [Int] == [10, 11])
    }

    @Test("verl: chat messages with one <image> per screenshot, the terminal output fed back, and the token fields")
    func verl() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try fixture.tokenEpisode("a", score: 1)
        let summary = try RolloutExporter(format: .verl).export([fixture.root], to: fixture.root.appendingPathComponent("out"))
        let rows = try fixture.read(summary.file)
        #expect(rows.count == 1)
        let messages = rows[0]["messages"] as? [[String: String]] ?? []
        #expect(messages.map { $0["role"] ?? "" } == ["user", "assistant", "user", "assistant"])
        #expect(messages[0]["content"] == "<image>\nList the files.")
        #expect(messages[2]["content"]?.hasPrefix("<image>\n$ ls\na.txt\n") == true)
        #expect((rows[0]["images"] as? [String])?.count == 2)
        #expect(rows[0]["reward_score"] as? Double == 1)
        #expect(rows[0]["response_mask"] as? [Int] == [1, 1, 0, 0, 1])
        #expect(rows[0]["prompt_ids"] as? [Int] == [1, 2, 3])
    }

    @Test("SkyRL: parallel lists over the trajectories; unfinished ones are left out unless asked for")
    func skyrl() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try fixture.tokenEpisode("a", score: 1)
        try fixture.tokenEpisode("b", score: 0)
        try fixture.trajectory(
            "cut",
            lines: [
                ["step": 0, "env_ms": 0],
                [
                    "step": 1, "env_ms": 0, "action_text": "x",
                    "extra": ["prompt_ids": [5], "response_ids": [6]],
                ],
            ],
            result: [
                "task_id": "cut", "score": 0, "error_phase": "interrupted",
                "environment_error": "the episode ended before DONE or FAIL: deleted",
            ])
        try fixture.trajectory("running", lines: [["step": 0, "env_ms": 0]], result: nil)
        let out = fixture.root.appendingPathComponent("out")
        let summary = try RolloutExporter(format: .skyrl).export([fixture.root], to: out)
        #expect(summary.trajectories == 2)
        #expect(
            summary.skipped.map(\.reason).sorted() == [
                "still running (no result.json)",
                "unfinished: the episode ended before DONE or FAIL: deleted",
            ])
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: summary.file)) as? [String: Any] ?? [:]
        #expect(object["rewards"] as? [Double] == [1, 0])
        #expect(object["loss_masks"] as? [[Int]] == [[1, 1, 0, 0, 1], [1, 1, 0, 0, 1]])
        #expect(object["stop_reasons"] as? [String] == ["stop", "stop"])
        #expect((object["prompt_token_ids"] as? [[Int]])?.count == 2)
        let all = try RolloutExporter(format: .skyrl, includeUnfinished: true).export([fixture.root], to: out)
        #expect(all.trajectories == 3)
        let again = try JSONSerialization.jsonObject(with: Data(contentsOf: all.file)) as? [String: Any] ?? [:]
        #expect(again["stop_reasons"] as? [String] == ["stop", "stop", "truncated"])
        #expect(again["rollout_logprobs"] is NSNull)  // "cut" carries no logprobs
    }

    @Test("SkyRL without any token ids is an error that says what to pass; a broken line names file and line")
    func badInput() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try fixture.trajectory(
            "bare", lines: [["step": 0, "env_ms": 0], ["step": 1, "env_ms": 0, "action_text": "DONE"]],
            result: ["task_id": "bare", "score": 1])
        #expect {
            _ = try RolloutExporter(format: .skyrl).export([fixture.root], to: fixture.root.appendingPathComponent("out"))
        } throws: { error in
            "\(error)".contains("no trajectory has token ids") && "\(error)".contains("extra.prompt_ids")
        }
        let broken = fixture.root.appendingPathComponent("bare/trajectory.jsonl")
        try "{\"step\": 0, \"env_ms\": 0}\nnot json\n".write(to: broken, atomically: true, encoding: .utf8)
        #expect {
            _ = try RolloutExporter(format: .turns).export([fixture.root], to: fixture.root.appendingPathComponent("out"))
        } throws: { error in
            "\(error)".contains("trajectory.jsonl:2: not a trajectory step")
        }
        #expect(throws: ExportError.self) {
            _ = try RolloutExporter(format: .turns).export([fixture.root.appendingPathComponent("missing")], to: fixture.root)
        }
    }
}
