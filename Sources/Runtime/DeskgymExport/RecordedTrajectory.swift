import DeskgymCore
import DeskgymTrajectory
import Foundation

/// A trajectory folder as the exporters read it: the lines of `trajectory.jsonl` and `result.json`.
public struct RecordedTrajectory: Sendable {
    /// One line of `trajectory.jsonl`, in the one trajectory schema.
    public typealias Step = TrajectoryLine

    /// `result.json`, as far as the exporters use it.
    public struct Result: Sendable, Decodable {
        public var taskID: String?
        public var instruction: String?
        public var score: Double?
        public var environmentError: String?
        public var errorPhase: String?

        enum CodingKeys: String, CodingKey {
            case instruction, score
            case taskID = "task_id"
            case environmentError = "environment_error"
            case errorPhase = "error_phase"
        }
    }

    /// The folder.
    public var folder: URL
    /// The lines in order; `steps[0]` is the first observation.
    public var steps: [Step]
    /// Nil while the episode is still running (no `result.json` yet).
    public var result: Result?

    /// Reads a trajectory folder; a line that is not a step names the file and the line.
    public init(folder: URL) throws(ExportError) {
        self.folder = folder
        do {
            steps = try TrajectoryLine.lines(in: folder)
        } catch {
            throw ExportError(place: error.file + (error.line.map { ":\($0)" } ?? ""), message: "not a trajectory step: \(error.problem)")
        }
        let decoder = JSONDecoder()
        let resultFile = folder.appendingPathComponent("result.json")
        if FileManager.default.fileExists(atPath: resultFile.path) {
            do {
                result = try decoder.decode(Result.self, from: Data(contentsOf: resultFile))
            } catch {
                throw ExportError(place: resultFile.path, message: "not a trajectory result: \(error)")
            }
        }
    }

    /// The answers (steps 1, 2, …).
    public var turns: ArraySlice<Step> { steps.dropFirst() }

    /// Whether the episode ended with DONE or FAIL (or ran out of steps) rather than being cut off.
    public var isFinished: Bool {
        guard let result else { return false }
        return result.errorPhase == nil
    }

    /// The final score; 0 for an unfinished or broken episode.
    public var score: Double {
        guard isFinished else { return 0 }
        return result?.score ?? 0
    }

    /// The path of the observation before answer `index` (the screen the model answered), when kept.
    public func imageBefore(turn index: Int) -> String? {
        guard let before = steps.last(where: { $0.step == index - 1 }), let name = before.screenshot else { return nil }
        return folder.appendingPathComponent(name).path
    }

    /// The trajectory folders under `root` (itself included), in path order.
    public static func folders(under root: URL) throws(ExportError) -> [URL] {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ExportError(place: root.path, message: "no such folder")
        }
        var found: [URL] = []
        if manager.fileExists(atPath: root.appendingPathComponent("trajectory.jsonl").path) { found.append(root) }
        if let walker = manager.enumerator(at: root, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where url.lastPathComponent == "trajectory.jsonl" {
                let folder = url.deletingLastPathComponent()
                if folder.standardizedFileURL != root.standardizedFileURL { found.append(folder) }
            }
        }
        return found.sorted { $0.path < $1.path }
    }
}
