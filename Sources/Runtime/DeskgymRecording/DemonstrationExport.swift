import DeskgymActions
import DeskgymCore
import DeskgymTrajectory
import Foundation

/// A trajectory folder (a recording, or any `deskgym run`) as training pairs: for each step, the
/// screenshot shown before it and its actions written in a chosen grammar.
public struct DemonstrationExport: Sendable {
    /// One step as an observation and the answer that acts on it.
    public struct Pair: Sendable, Hashable {
        public var step: Int
        /// The screenshot before the step (the previous step's file), relative to the folder.
        public var screenshot: String?
        /// The step's actions in the grammar.
        public var action: String
    }

    public var folder: URL
    public var instruction: String?
    public var taskID: String?
    public var pairs: [Pair]
    public var grammar: String

    /// Reads `folder/trajectory.jsonl` (and `result.json` for the instruction) and writes every
    /// step's actions with `grammar`.
    public init(folder: URL, grammar: any ActionGrammar) throws(EventLogError) {
        let lines: [TrajectoryLine]
        do {
            lines = try TrajectoryLine.lines(in: folder)
        } catch {
            throw EventLogError(file: error.file, line: error.line, problem: error.problem)
        }
        var pairs: [Pair] = []
        var previousScreenshot: String?
        for line in lines {
            defer { previousScreenshot = line.screenshot ?? previousScreenshot }
            guard line.step > 0, !line.actions.isEmpty else { continue }
            pairs.append(Pair(step: line.step, screenshot: previousScreenshot, action: grammar.format(line.actions)))
        }
        let result = (try? Data(contentsOf: folder.appendingPathComponent("result.json")))
            .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        self.folder = folder
        self.pairs = pairs
        self.grammar = grammar.name
        instruction = result?["instruction"] as? String
        taskID = result?["task_id"] as? String
    }

    /// One JSON object a line: `task_id`, `instruction`, `step`, `screenshot` (a path relative to
    /// the folder), `grammar`, `action`.
    public var jsonLines: String {
        pairs.map { pair in
            var object: [String: Any] = ["step": pair.step, "grammar": grammar, "action": pair.action]
            if let screenshot = pair.screenshot { object["screenshot"] = screenshot }
            if let instruction { object["instruction"] = instruction }
            if let taskID { object["task_id"] = taskID }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            return String(decoding: data, as: UTF8.self) + "\n"
        }.joined()
    }
}
