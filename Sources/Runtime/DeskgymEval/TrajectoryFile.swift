import DeskgymTrajectory
import Foundation

/// Reads `trajectory.jsonl`, the step log an episode writes in its folder.
///
/// Each line is a ``TrajectoryLine`` (the one schema, `docs/trajectory-format.md`); the store keeps
/// the fields of ``StepRecord``.
public enum TrajectoryFile {
    /// The file name inside a trajectory folder.
    public static let name = TrajectoryLine.fileName

    /// The steps in `folder`'s `trajectory.jsonl`, in file order. When a step number appears more
    /// than once (an episode attempted again into the same folder), the last line wins.
    /// - Throws: ``TrajectoryError`` naming the file, the line and the field.
    public static func steps(in folder: URL) throws(TrajectoryError) -> [StepRecord] {
        var steps: [StepRecord] = []
        var index: [Int: Int] = [:]
        for line in try TrajectoryLine.lines(in: folder) {
            let step = record(line)
            if let at = index[step.step] {
                steps[at] = step
            } else {
                index[step.step] = steps.count
                steps.append(step)
            }
        }
        return steps
    }

    /// A line as the run store keeps it.
    public static func record(_ line: TrajectoryLine) -> StepRecord {
        StepRecord(
            step: line.step, actionText: line.actionText, grammar: line.grammar, thought: line.thought,
            actions: line.actions, screenshot: line.screenshot, envMilliseconds: line.environmentMilliseconds,
            settleMilliseconds: line.settleMilliseconds, modelMilliseconds: line.modelMilliseconds,
            promptTokens: line.usage?.promptTokens, completionTokens: line.usage?.completionTokens, error: line.error)
    }
}
