import DeskgymActions
import DeskgymCore
import DeskgymTrajectory
import Foundation

/// The agent's side of a recorded episode: what each step answered.
struct ReplayTrajectory: Sendable {
    /// One line of `trajectory.jsonl`.
    struct Step: Sendable {
        var step: Int
        var text: String?
        var grammar: String?
        var coordinates: CoordinateMode?
        var actions: [Action]
    }

    var steps: [Step]
    /// The task the episode was of, from `result.json` when the folder has one.
    var taskID: String?
    /// The file's path, for messages.
    var file: String

    init(folder: URL, agent: String) throws(AgentError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw AgentError(kind: .badInput, agent: agent, message: "replay folder \(folder.path) does not exist")
        }
        let url = folder.appendingPathComponent(TrajectoryLine.fileName)
        file = url.path
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw AgentError(kind: .badInput, agent: agent, message: "replay folder \(folder.path) has no trajectory.jsonl")
        }
        let lines: [TrajectoryLine]
        do {
            lines = try TrajectoryLine.lines(in: folder)
        } catch {
            throw AgentError(kind: .badInput, agent: agent, message: "\(error)")
        }
        var steps: [Step] = []
        for line in lines {
            if line.actionText != nil, line.grammar == nil {
                throw AgentError(kind: .badInput, agent: agent, message: "\(url.path) step \(line.step): 'action_text' without 'grammar'")
            }
            var coordinates: CoordinateMode?
            if let mode = line.coordinates {
                guard let parsed = CoordinateMode(rawValue: mode) else {
                    throw AgentError(
                        kind: .badInput, agent: agent,
                        message: "\(url.path) step \(line.step): 'coordinates' is '\(mode)', expected relative or absolute")
                }
                coordinates = parsed
            }
            steps.append(
                Step(
                    step: line.step, text: line.actionText, grammar: line.grammar, coordinates: coordinates,
                    actions: line.actions))
        }
        guard !steps.isEmpty else {
            throw AgentError(kind: .badInput, agent: agent, message: "\(url.path) is empty")
        }
        self.steps = steps
        self.taskID = Self.recordedTaskID(in: folder)
    }

    /// The grammar and the texts to answer, one a step.
    func answers(agent: String) throws(AgentError) -> (setup: GrammarSetup, texts: [String]) {
        let answering = steps.filter { $0.step > 0 && ($0.text != nil || !$0.actions.isEmpty) }
        guard !answering.isEmpty else {
            throw AgentError(kind: .badInput, agent: agent, message: "\(file) records no agent answer")
        }
        let grammars = Set(answering.map { $0.text == nil ? nil : $0.grammar })
        if grammars.count == 1, let name = grammars.first ?? nil {
            let coordinates = answering.lazy.compactMap(\.coordinates).first ?? .relative
            return (try GrammarSetup(name: name, coordinates: coordinates, agent: agent), answering.map { $0.text ?? "" })
        }
        let computer13 = Computer13Grammar()
        let texts = answering.map { step in step.actions.isEmpty ? step.text ?? "" : computer13.format(step.actions) }
        return (try GrammarSetup(name: Computer13Grammar.name, agent: agent), texts)
    }

    /// `task_id` of the folder's `result.json`, when there is one that says.
    private static func recordedTaskID(in folder: URL) -> String? {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("result.json")),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["task_id"] as? String
    }
}
