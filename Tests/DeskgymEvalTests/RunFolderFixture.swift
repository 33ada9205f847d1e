import DeskgymCore
import DeskgymEval
import Foundation
import Testing

/// Builds a run folder the way `deskgym eval` does: the store through its API, and each episode's
/// folder with real PNG frames (drawn by ImageMagick), `trajectory.jsonl` and `result.json`.
struct RunFolderFixture {
    let runFolder: URL
    let store: RunStore
    let run: RunRecord

    static let frameSize = Size(width: 320, height: 200)

    init(runsFolder: URL, name: String, agent: String = "reference") async throws {
        runFolder = runsFolder.appendingPathComponent(name, isDirectory: true)
        store = try RunStore(path: runFolder.appendingPathComponent(RunStore.fileName), logger: quietLogger())
        run = try await store.startRun(
            RunConfiguration(
                name: name, agent: agent, grammar: "computer_13",
                options: ["max_steps": "15"]))
    }

    func folder(of task: EvalTask) -> URL {
        runFolder.appendingPathComponent(task.domain, isDirectory: true).appendingPathComponent(task.id, isDirectory: true)
    }

    /// A 320×200 PNG: white with a blue rectangle whose place depends on `index`, so frames differ.
    func writeFrame(_ name: String, index: Int, in folder: URL) async throws {
        let x = 20 + 30 * index
        let result = try await runProgram(
            "convert",
            [
                "-size", "\(Self.frameSize.width)x\(Self.frameSize.height)", "xc:white",
                "-fill", "#3060a0", "-draw", "rectangle \(x),20 \(x + 120),90",
                folder.appendingPathComponent(name).path,
            ], in: folder)
        try #require(result.status.isSuccess, "convert failed: \(result.stderr)")
    }

    /// One line of `trajectory.jsonl`, with the fields the episode runner writes.
    static func line(
        step: Int, text: String? = nil, thought: String? = nil, actions: [[String: Any]] = [],
        screenshot: String?, error: String? = nil
    ) throws -> String {
        var object: [String: Any] = ["step": step, "env_ms": 12.0, "grammar": "computer_13", "actions": actions]
        if let text { object["action_text"] = text }
        if let thought { object["thought"] = thought }
        if let screenshot {
            object["screenshot"] = screenshot
            object["settle_ms"] = 4.0
        }
        if let error { object["error"] = error }
        if step > 0 {
            object["model_ms"] = 850.0
            object["usage"] = ["prompt_tokens": 1000 + step, "completion_tokens": 20, "total_tokens": 1020 + step]
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    static func writeResult(_ outcome: [String: Any], in folder: URL) throws {
        let data = try JSONSerialization.data(withJSONObject: outcome, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: folder.appendingPathComponent("result.json"))
    }

    /// An episode with only a first frame and a result: `score`, or an environment error when nil.
    func addSimpleEpisode(_ task: EvalTask, score: Double?) async throws {
        let folder = folder(of: task)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let attempt = try await store.markRunning(task, in: run, folder: folder)
        try await writeFrame("step-0000.png", index: 0, in: folder)
        try Data((try Self.line(step: 0, screenshot: "step-0000.png") + "\n").utf8)
            .write(to: folder.appendingPathComponent("trajectory.jsonl"))
        if let score {
            try Self.writeResult(
                [
                    "task_id": task.id, "instruction": task.instruction ?? "", "score": score, "steps": 1,
                    "agent": "reference", "metrics": [["name": "exact_match", "score": score]],
                ], in: folder)
            try await store.finishEpisode(attempt, outcome: try EpisodeOutcome.load(from: folder))
        } else {
            try await store.recordEnvironmentError(attempt, message: "session start: Xvfb exited with status 1", kind: "session")
        }
    }
}
