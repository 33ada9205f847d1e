import DeskgymActions
import DeskgymCore
import DeskgymTrajectory
import Foundation

/// Turns trajectory folders (served training records, `deskgym run` and `deskgym eval` output) into
/// the layouts trainers read. See `docs/rollouts.md`.
public struct RolloutExporter: Sendable {
    /// What an export did.
    public struct Summary: Sendable {
        public var file: URL
        public var trajectories = 0
        public var turns = 0
        /// Trajectories left out, each with why (unfinished, no token ids, …).
        public var skipped: [(folder: String, reason: String)] = []
    }

    public var format: ExportFormat
    /// Whether episodes cut off before DONE or FAIL (reset, deleted, lease expired, environment
    /// error) are exported too; their reward is 0 and their stop reason says so.
    public var includeUnfinished: Bool

    public init(format: ExportFormat, includeUnfinished: Bool = false) {
        self.format = format
        self.includeUnfinished = includeUnfinished
    }

    /// Exports every trajectory under `roots` into `output` (a folder, made if missing).
    public func export(_ roots: [URL], to output: URL) throws(ExportError) -> Summary {
        var summary = Summary(file: output.appendingPathComponent(format.fileName))
        var trajectories: [RecordedTrajectory] = []
        for root in roots {
            for folder in try RecordedTrajectory.folders(under: root) {
                let trajectory = try RecordedTrajectory(folder: folder)
                if trajectory.result == nil {
                    summary.skipped.append((folder.path, "still running (no result.json)"))
                } else if !trajectory.isFinished && !includeUnfinished {
                    summary.skipped.append((folder.path, "unfinished: \(trajectory.result?.environmentError ?? "cut off")"))
                } else if trajectory.turns.isEmpty {
                    summary.skipped.append((folder.path, "no answers"))
                } else {
                    trajectories.append(trajectory)
                }
            }
        }
        var lines: [JSONValue] = []
        var tokenRows: [(RecordedTrajectory, TokenTrajectory)] = []
        for trajectory in trajectories {
            switch format {
            case .turns:
                let rows = Self.turnRows(trajectory)
                lines += rows
                summary.turns += rows.count
                summary.trajectories += 1
            case .verl:
                lines.append(try Self.verlRow(trajectory))
                summary.turns += trajectory.turns.count
                summary.trajectories += 1
            case .skyrl:
                do {
                    tokenRows.append((trajectory, try TokenTrajectory(trajectory)))
                    summary.turns += trajectory.turns.count
                    summary.trajectories += 1
                } catch {
                    summary.skipped.append((trajectory.folder.path, error.message))
                }
            }
        }
        if format == .skyrl && tokenRows.isEmpty && !trajectories.isEmpty {
            throw ExportError(
                place: roots.map(\.path).joined(separator: ", "),
                message: "no trajectory has token ids for SkyRL's generator output; first reason: "
                    + (summary.skipped.last?.reason ?? "none"))
        }
        do {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var data = Data()
            if format == .skyrl {
                data = try encoder.encode(Self.skyrlOutput(tokenRows))
            } else {
                for line in lines {
                    data += try encoder.encode(line)
                    data += Data("\n".utf8)
                }
            }
            try data.write(to: summary.file)
        } catch {
            throw ExportError(place: summary.file.path, message: "cannot write: \(error)")
        }
        return summary
    }

    // MARK: turns

    static func turnRows(_ trajectory: RecordedTrajectory) -> [JSONValue] {
        var previous = trajectory.steps.first
        return trajectory.turns.map { turn in
            defer { previous = turn }
            var row: [String: JSONValue] = [
                "trajectory": .string(trajectory.folder.path),
                "task_id": .string(trajectory.result?.taskID ?? ""),
                "instruction": .string(trajectory.result?.instruction ?? ""),
                "turn": .number(Double(turn.step)),
                "response": .string(turn.actionText ?? ""),
                "actions": .array(turn.actions.map { Computer13Action($0).json }),
                "reward": .number(turn.reward ?? (turn.step == trajectory.turns.last?.step ? trajectory.score : 0)),
                "done": .bool(turn.done ?? (turn.step == trajectory.turns.last?.step)),
                "score": .number(trajectory.score),
                "timings": .object([
                    "model_ms": .number(turn.modelMilliseconds ?? 0),
                    "env_ms": .number(turn.environmentMilliseconds ?? 0),
                    "settle_ms": .number(turn.settleMilliseconds ?? 0),
                ]),
            ]
            row["image"] = trajectory.imageBefore(turn: turn.step).map(JSONValue.string) ?? .null
            if let executed = turn.executed { row["executed"] = .array(executed.map { Computer13Action($0).json }) }
            if let grammar = turn.grammar { row["grammar"] = .string(grammar) }
            if let error = turn.error { row["error"] = .string(error) }
            if let commands = previous?.commands, !commands.isEmpty { row["terminal_seen"] = JSONValue(encoding: commands) }
            if let problem = previous?.error { row["error_seen"] = .string(problem) }
            if let extra = turn.extra { row["extra"] = extra }
            return .object(row)
        }
    }

    // MARK: verl

    /// What the model is told after an answer, besides the new screenshot: its error and the
    /// output of its shell commands.
    static func feedback(after step: RecordedTrajectory.Step) -> String {
        var parts: [String] = []
        if let error = step.error { parts.append("Your last answer could not be executed: \(error)") }
        for command in step.commands ?? [] {
            var text = "$ " + command.command
            if !command.stdout.isEmpty { text += "\n" + command.stdout }
            if !command.stderr.isEmpty { text += "\n[stderr]\n" + command.stderr }
            text += "\n[" + command.status + "]"
            parts.append(text)
        }
        return parts.joined(separator: "\n")
    }

    static func verlRow(_ trajectory: RecordedTrajectory) throws(ExportError) -> JSONValue {
        var messages: [JSONValue] = []
        var images: [JSONValue] = []
        func user(_ text: String, imageAfter index: Int) {
            var content = text
            if let name = trajectory.steps.first(where: { $0.step == index })?.screenshot {
                images.append(.string(trajectory.folder.appendingPathComponent(name).path))
                content = "<image>" + (content.isEmpty ? "" : "\n" + content)
            }
            messages.append(.object(["role": .string("user"), "content": .string(content)]))
        }
        user(trajectory.result?.instruction ?? "", imageAfter: 0)
        let turns = Array(trajectory.turns)
        for (position, turn) in turns.enumerated() {
            messages.append(.object(["role": .string("assistant"), "content": .string(turn.actionText ?? "")]))
            if position < turns.count - 1 { user(feedback(after: turn), imageAfter: turn.step) }
        }
        var row: [String: JSONValue] = [
            "messages": .array(messages),
            "images": .array(images),
            "reward_score": .number(trajectory.score),
            "num_turns": .number(Double(messages.count)),
            "extra_info": .object([
                "task_id": .string(trajectory.result?.taskID ?? ""),
                "trajectory": .string(trajectory.folder.path),
                "finished": .bool(trajectory.isFinished),
            ]),
        ]
        let hasTokens = trajectory.turns.allSatisfy { $0.extra?.objectValue?["response_ids"] != nil }
        if hasTokens {
            let tokens = try TokenTrajectory(trajectory)
            row["prompt_ids"] = .array(tokens.promptIDs.map { .number(Double($0)) })
            row["response_ids"] = .array(tokens.responseIDs.map { .number(Double($0)) })
            row["response_mask"] = .array(tokens.responseMask.map { .number(Double($0)) })
            row["response_logprobs"] = tokens.responseLogprobs.map { .array($0.map(JSONValue.number)) } ?? .null
        }
        return .object(row)
    }

    // MARK: SkyRL

    static func skyrlOutput(_ rows: [(RecordedTrajectory, TokenTrajectory)]) -> JSONValue {
        func ints(_ values: [Int]) -> JSONValue { .array(values.map { .number(Double($0)) }) }
        let withLogprobs = rows.allSatisfy { $0.1.responseLogprobs != nil }
        let scores = rows.map { $0.0.score }
        let lengths = rows.map { Double($0.1.responseIDs.count) }
        return .object([
            "prompt_token_ids": .array(rows.map { ints($0.1.promptIDs) }),
            "response_ids": .array(rows.map { ints($0.1.responseIDs) }),
            "rewards": .array(scores.map(JSONValue.number)),
            "loss_masks": .array(rows.map { ints($0.1.responseMask) }),
            "stop_reasons": .array(rows.map { .string($0.0.isFinished ? "stop" : "truncated") }),
            "rollout_logprobs": withLogprobs ? .array(rows.map { .array(($0.1.responseLogprobs ?? []).map(JSONValue.number)) }) : .null,
            "rollout_metrics": .object([
                "deskgym/mean_reward": .number(scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count)),
                "deskgym/mean_response_length": .number(lengths.isEmpty ? 0 : lengths.reduce(0, +) / Double(lengths.count)),
                "deskgym/trajectories": .number(Double(rows.count)),
            ]),
            "trajectory_ids": .array(rows.map { .string($0.0.folder.path) }),
        ])
    }
}
