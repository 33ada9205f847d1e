import DeskgymActions
import DeskgymCore
import Foundation

/// Writes a trajectory folder: `trajectory.jsonl`, `step-NNNN.png`, `result.json` — the one layout
/// of `deskgym run`, `deskgym eval` and the server's training records, which the exporters read, and the VNC recorder writes.
public struct TrajectoryRecorder: Sendable {
    /// The trajectory folder (made by the caller).
    public let folder: URL

    public init(folder: URL) {
        self.folder = folder
    }

    /// Appends one step's line, and writes its screenshot when there is one.
    public func record(_ step: EpisodeStep, png: Data?) throws {
        var line: [String: Any] = ["step": step.index, "env_ms": step.environmentMilliseconds]
        if let text = step.text { line["action_text"] = text }
        if let grammar = step.grammar { line["grammar"] = grammar }
        if let coordinates = step.coordinates { line["coordinates"] = coordinates.rawValue }
        if let thought = step.thought { line["thought"] = thought }
        line["actions"] = Self.computer13Objects(step.actions)
        if let png, let name = step.screenshot {
            try png.write(to: folder.appendingPathComponent(name))
            line["screenshot"] = name
        }
        if let settle = step.settleMilliseconds { line["settle_ms"] = settle }
        if step.index > 0 { line["model_ms"] = step.modelMilliseconds }
        if let usage = step.usage {
            line["usage"] = ["prompt_tokens": usage.promptTokens, "completion_tokens": usage.completionTokens,
                             "total_tokens": usage.totalTokens]
        }
        if !step.requests.isEmpty {
            line["requests"] = step.requests.map { request -> [String: Any] in
                var entry: [String: Any] = ["attempt": request.attempt, "ms": request.milliseconds]
                if let status = request.status { entry["status"] = status }
                if let error = request.error { entry["error"] = error }
                return entry
            }
        }
        if !step.windows.isEmpty {
            line["windows"] = step.windows.map { ["title": $0.title, "class": $0.className, "active": $0.isActive] }
        }
        if !step.commands.isEmpty { line["commands"] = step.commands.map(Self.commandObject) }
        if let executed = step.executed { line["executed"] = Self.computer13Objects(executed) }
        if let reward = step.reward { line["reward"] = reward }
        if let done = step.done { line["done"] = done }
        if let extra = step.extra, let data = try? JSONEncoder().encode(extra),
           let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) {
            line["extra"] = object
        }
        if let error = step.error { line["error"] = error }
        let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes])
        let file = folder.appendingPathComponent("trajectory.jsonl")
        if !FileManager.default.fileExists(atPath: file.path) { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: data + Data("\n".utf8))
    }

    /// A command's result in its JSON layout (``CommandResult``'s encoding).
    static func commandObject(_ result: CommandResult) -> Any {
        guard let data = try? JSONEncoder().encode(result),
              let object = try? JSONSerialization.jsonObject(with: data) else { return result.status }
        return object
    }

    /// `actions` as computer_13 JSON objects.
    static func computer13Objects(_ actions: [Action]) -> [Any] {
        guard !actions.isEmpty else { return [] }
        let formatted = Computer13Grammar().format(actions)
        let parsed = (try? JSONSerialization.jsonObject(with: Data(formatted.utf8))) ?? formatted
        return parsed as? [Any] ?? [parsed]
    }

    /// Writes `result.json`: the score, the metrics' verdicts, timings and any environment error.
    public func writeResult(_ result: EpisodeResult, instruction: String) throws {
        var object: [String: Any] = ["task_id": result.taskID, "instruction": instruction, "score": result.score,
                                     "steps": result.steps, "agent": result.agent,
                                     "timings_ms": ["reset": result.resetMilliseconds, "environment": result.environmentMilliseconds,
                                                    "model": result.modelMilliseconds, "idle_wait": result.idleWaitMilliseconds,
                                                    "evaluation": result.evaluationMilliseconds,
                                                    "wall": result.wallMilliseconds]]
        if let error = result.environmentError { object["environment_error"] = error }
        if let phase = result.errorPhase { object["error_phase"] = phase.rawValue }
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
