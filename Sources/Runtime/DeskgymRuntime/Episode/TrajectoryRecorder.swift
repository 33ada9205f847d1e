import DeskgymActions
import DeskgymCore
import DeskgymImage
import DeskgymTrajectory
import Foundation

/// Writes a trajectory folder: `trajectory.jsonl`, `step-NNNN.png`, `result.json` — the one layout
/// of `deskgym run`, `deskgym eval` and the server's training records, which the exporters read, and the VNC recorder writes.
public struct TrajectoryRecorder: Sendable {
    /// The trajectory folder (made by the caller).
    public let folder: URL

    public init(folder: URL) {
        self.folder = folder
    }

    /// Appends one step's line (``TrajectoryLine``, the one schema), and writes its screenshot
    /// when there is one, and its accessibility tree (OSWorld's XML, gzip-compressed, beside the
    /// screenshot as `step-NNNN.a11y.xml.gz`) when there is one.
    public func record(_ step: TrajectoryLine, png: Data?, accessibilityXML: String? = nil) throws {
        var line = step
        if let png, let name = step.screenshot {
            try png.write(to: folder.appendingPathComponent(name))
        } else {
            line.screenshot = nil
        }
        if let accessibilityXML {
            let name = String(format: "step-%04d.a11y.xml.gz", step.step)
            try Gzip.compress(Data(accessibilityXML.utf8)).write(to: folder.appendingPathComponent(name))
            line.accessibilityTree = name
        }
        let data = try line.encoded()
        let file = folder.appendingPathComponent(TrajectoryLine.fileName)
        if !FileManager.default.fileExists(atPath: file.path) { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: data + Data("\n".utf8))
    }

    /// Writes `result.json`: the score, the metrics' verdicts, timings and any environment error.
    public func writeResult(_ result: EpisodeResult, instruction: String) throws {
        var object: [String: Any] = [
            "task_id": result.taskID, "instruction": instruction, "score": result.score,
            "steps": result.steps, "agent": result.agent,
            "timings_ms": [
                "reset": result.resetMilliseconds, "environment": result.environmentMilliseconds,
                "model": result.modelMilliseconds, "idle_wait": result.idleWaitMilliseconds,
                "evaluation": result.evaluationMilliseconds,
                "wall": result.wallMilliseconds,
            ],
        ]
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
