import Foundation

/// Reads `trajectory.jsonl`, the step log an episode writes in its folder.
///
/// Each line is one JSON object: `step`, and when they apply `action_text`, `grammar`, `thought`,
/// `actions` (a `computer_13` array), `screenshot`, `env_ms`, `settle_ms`, `model_ms`,
/// `usage {prompt_tokens, completion_tokens}`, `error`. Other fields are ignored.
public enum TrajectoryFile {
    /// The file name inside a trajectory folder.
    public static let name = "trajectory.jsonl"

    /// The steps in `folder`'s `trajectory.jsonl`, in file order. When a step number appears more
    /// than once (an episode attempted again into the same folder), the last line wins.
    /// - Throws: ``TrajectoryError`` naming the file, the line and the field.
    public static func steps(in folder: URL) throws(TrajectoryError) -> [StepRecord] {
        let file = folder.appendingPathComponent(name)
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw TrajectoryError(file: file.path, line: nil, problem: "cannot read: \(error.localizedDescription)")
        }
        var steps: [StepRecord] = []
        var index: [Int: Int] = [:]
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            let step = try record(String(line), file: file.path, line: offset + 1)
            if let at = index[step.step] {
                steps[at] = step
            } else {
                index[step.step] = steps.count
                steps.append(step)
            }
        }
        return steps
    }

    static func record(_ line: String, file: String, line number: Int) throws(TrajectoryError) -> StepRecord {
        func fail(_ problem: String) -> TrajectoryError { TrajectoryError(file: file, line: number, problem: problem) }
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw fail("expected a JSON object")
            }
            object = parsed
        } catch let error as TrajectoryError {
            throw error
        } catch {
            throw fail("not JSON: \(error.localizedDescription)")
        }
        func field<T>(_ key: String, _ type: T.Type, in object: [String: Any], prefix: String = "") throws(TrajectoryError) -> T? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            guard let typed = value as? T else {
                throw fail("field '\(prefix)\(key)': expected \(T.self), found \(Swift.type(of: value)) \(value)")
            }
            return typed
        }
        guard let step = try field("step", Int.self, in: object) else { throw fail("field 'step' is missing") }
        var record = StepRecord(step: step)
        record.actionText = try field("action_text", String.self, in: object)
        record.grammar = try field("grammar", String.self, in: object)
        record.thought = try field("thought", String.self, in: object)
        record.screenshot = try field("screenshot", String.self, in: object)
        record.envMilliseconds = try field("env_ms", Double.self, in: object)
        record.settleMilliseconds = try field("settle_ms", Double.self, in: object)
        record.modelMilliseconds = try field("model_ms", Double.self, in: object)
        record.error = try field("error", String.self, in: object)
        if let usage = try field("usage", [String: Any].self, in: object) {
            record.promptTokens = try field("prompt_tokens", Int.self, in: usage, prefix: "usage.")
            record.completionTokens = try field("completion_tokens", Int.self, in: usage, prefix: "usage.")
        }
        if let actions = try field("actions", [Any].self, in: object), !actions.isEmpty {
            do {
                let data = try JSONSerialization.data(withJSONObject: actions, options: [.sortedKeys, .withoutEscapingSlashes])
                record.actionsJSON = String(decoding: data, as: UTF8.self)
            } catch {
                throw fail("field 'actions': \(error.localizedDescription)")
            }
        }
        return record
    }
}
