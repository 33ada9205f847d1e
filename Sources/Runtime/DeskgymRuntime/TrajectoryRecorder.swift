import DeskgymActions
import DeskgymCore
import Foundation

/// Writes a trajectory folder: `trajectory.jsonl`, `step-NNNN.png`, `result.json`.
struct TrajectoryRecorder: Sendable {
    let folder: URL

    /// Appends one step's line, and writes its screenshot when there is one.
    func record(step: Int, text: String?, grammar: String?, actions: [Action], observation: Observation?,
                environmentMilliseconds: Double, error: String?) throws {
        var line: [String: Any] = ["step": step, "env_ms": environmentMilliseconds]
        if let text { line["action_text"] = text }
        if let grammar { line["grammar"] = grammar }
        let formatted = Computer13Grammar().format(actions)
        let parsed = actions.isEmpty ? [] : ((try? JSONSerialization.jsonObject(with: Data(formatted.utf8))) ?? formatted)
        line["actions"] = parsed is [Any] ? parsed : [parsed]
        if let observation {
            let name = String(format: "step-%04d.png", step)
            try observation.screenshot.png.write(to: folder.appendingPathComponent(name))
            line["screenshot"] = name
            line["settle_ms"] = observation.settleMilliseconds
            line["windows"] = observation.windows.map { ["title": $0.title, "class": $0.className, "active": $0.isActive] }
        }
        if let error { line["error"] = error }
        let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes])
        let file = folder.appendingPathComponent("trajectory.jsonl")
        if !FileManager.default.fileExists(atPath: file.path) { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: data + Data("\n".utf8))
    }

    func writeResult(_ result: EpisodeRunner.Result, instruction: String, agent: EpisodeAgent) throws {
        var object: [String: Any] = ["task_id": result.taskID, "instruction": instruction, "score": result.score,
                                     "steps": result.steps, "agent": "\(agent)"]
        if let error = result.environmentError { object["environment_error"] = error }
        if let evaluation = result.evaluation {
            object["metrics"] = evaluation.metrics.map { metric -> [String: Any] in
                var entry: [String: Any] = ["name": metric.name, "score": metric.score]
                if let reason = metric.reason { entry["reason"] = reason }
                return entry
            }
            if let decided = evaluation.decidedBy { object["decided_by"] = decided }
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try data.write(to: folder.appendingPathComponent("result.json"))
    }
}
