import DeskgymTasks
import Foundation

/// A trajectory folder as the exporters read it: the lines of `trajectory.jsonl` and `result.json`.
public struct RecordedTrajectory: Sendable {
    /// One line of `trajectory.jsonl`.
    public struct Step: Sendable, Decodable {
        /// 0 for the first observation, then one per answer.
        public var step: Int
        /// The model's answer as it wrote it.
        public var actionText: String?
        public var grammar: String?
        /// The actions read from the answer, as computer_13 objects.
        public var actions: [JSONValue]?
        /// The actions carried out, when recorded apart from ``actions``.
        public var executed: [JSONValue]?
        /// The file name of the observation taken after the step.
        public var screenshot: String?
        public var reward: Double?
        public var done: Bool?
        /// Why the step did nothing (the answer could not be read, an action was refused).
        public var error: String?
        /// What the step's shell commands did.
        public var commands: [JSONValue]?
        /// What the client passed through (token ids, logprobs, …).
        public var extra: JSONValue?
        public var modelMilliseconds: Double?
        public var environmentMilliseconds: Double?
        public var settleMilliseconds: Double?

        enum CodingKeys: String, CodingKey {
            case step, grammar, actions, executed, screenshot, reward, done, error, commands, extra
            case actionText = "action_text"
            case modelMilliseconds = "model_ms"
            case environmentMilliseconds = "env_ms"
            case settleMilliseconds = "settle_ms"
        }
    }

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
        let file = folder.appendingPathComponent("trajectory.jsonl")
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw ExportError(place: file.path, message: "cannot read: \(error.localizedDescription)")
        }
        let decoder = JSONDecoder()
        var steps: [Step] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                steps.append(try decoder.decode(Step.self, from: Data(line.utf8)))
            } catch {
                throw ExportError(place: "\(file.path):\(number + 1)", message: "not a trajectory step: \(error)")
            }
        }
        self.steps = steps
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
