import DeskgymActions
import DeskgymCore
import Foundation

/// The agent's side of a recorded episode: what each step answered.
struct ReplayTrajectory: Sendable {
    /// One line of `trajectory.jsonl`.
    struct Step: Sendable {
        /// 1-based line number in the file.
        var line: Int
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
        let url = folder.appendingPathComponent("trajectory.jsonl")
        file = url.path
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw AgentError(kind: .badInput, agent: agent, message: "replay folder \(folder.path) has no trajectory.jsonl")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw AgentError(kind: .badInput, agent: agent, message: "cannot read \(url.path): \(error.localizedDescription)")
        }
        guard let content = String(data: data, encoding: .utf8) else {
            throw AgentError(kind: .badInput, agent: agent, message: "\(url.path) is not UTF-8 text")
        }
        var steps: [Step] = []
        for (index, line) in content.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            steps.append(try Self.step(String(line), line: index + 1, file: url.path, agent: agent))
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

    private static func step(_ text: String, line: Int, file: String, agent: String) throws(AgentError) -> Step {
        func failure(_ message: String) -> AgentError {
            AgentError(kind: .badInput, agent: agent, message: "\(file) line \(line): \(message)")
        }
        let object: [String: Any]
        do {
            guard let value = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                throw failure("not a JSON object")
            }
            object = value
        } catch let error as AgentError {
            throw error
        } catch {
            throw failure("not JSON (\(error.localizedDescription))")
        }
        guard let stepNumber = object["step"] as? Int, stepNumber >= 0 else {
            throw failure("'step' is missing or not a whole number ≥ 0")
        }
        let actionText = try optionalString("action_text", in: object, failure: failure)
        let grammar = try optionalString("grammar", in: object, failure: failure)
        if actionText != nil, grammar == nil {
            throw failure("'action_text' without 'grammar'")
        }
        var coordinates: CoordinateMode?
        if let mode = try optionalString("coordinates", in: object, failure: failure) {
            guard let parsed = CoordinateMode(rawValue: mode) else {
                throw failure("'coordinates' is '\(mode)', expected relative or absolute")
            }
            coordinates = parsed
        }
        var actions: [Action] = []
        if let value = object["actions"], !(value is NSNull) {
            guard let list = value as? [Any] else { throw failure("'actions' is not a list") }
            if !list.isEmpty {
                do {
                    let json = try JSONSerialization.data(withJSONObject: list)
                    actions = try Computer13Grammar().parse(String(decoding: json, as: UTF8.self))
                } catch {
                    throw failure("'actions' is not a computer_13 action list: \(error)")
                }
            }
        }
        return Step(line: line, step: stepNumber, text: actionText, grammar: grammar, coordinates: coordinates,
                    actions: actions)
    }

    private static func optionalString(_ key: String, in object: [String: Any],
                                       failure: (String) -> AgentError) throws(AgentError) -> String? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else { throw failure("'\(key)' is not a string") }
        return text
    }

    /// `task_id` of the folder's `result.json`, when there is one that says.
    private static func recordedTaskID(in folder: URL) -> String? {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("result.json")),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return object["task_id"] as? String
    }
}
