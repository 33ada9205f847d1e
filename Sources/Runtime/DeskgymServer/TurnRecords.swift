import DeskgymCore
import DeskgymRuntime
import DeskgymSandbox
import DeskgymTasks
import DeskgymTrajectory
import Foundation
import Logging

/// A served session's training records: one trajectory folder per episode, `episode-0001`, … under
/// the session's folder, in the layout `deskgym run` writes (`trajectory.jsonl`, `step-NNNN.png`,
/// `result.json`), so that the exporters read served rollouts and eval runs alike.
///
/// The screenshots are those the model was sent: scaled to the session's `observation_size` when it
/// asked for one, so that exported turns pair each image with the coordinates read in it.
///
/// Each step's line adds what a trainer needs: `reward`, `done`, the actions `executed`, the
/// client's `model_ms` and its pass-through `extra`. An episode that ends without DONE or FAIL
/// (reset, deleted, lease expired, the desktop broke) still gets its `result.json`, with
/// `error_phase` saying so. Writing a record never fails a step: a write error is logged.
struct TurnRecords: Sendable {
    /// The session's folder of episodes.
    let folder: URL
    private var episode = 0
    private var recorder: TrajectoryRecorder?
    private var result: EpisodeResult?
    private var instruction = ""

    init(folder: URL) {
        self.folder = folder
    }

    /// Opens the next episode's folder and records its first observation (step 0).
    mutating func beginEpisode(
        task: ServedTask?, grammar: String, first: TrajectoryLine, screenshot: Data, accessibilityXML: String? = nil, logger: Logger
    ) {
        endEpisode(reason: "a new episode began", logger: logger)
        episode += 1
        let episodeFolder = folder.appendingPathComponent(String(format: "episode-%04d", episode))
        do {
            try FileManager.default.createDirectory(at: episodeFolder, withIntermediateDirectories: true)
        } catch {
            logger.error("training records: cannot make \(episodeFolder.path): \(error)")
            return
        }
        recorder = TrajectoryRecorder(folder: episodeFolder)
        result = EpisodeResult(taskID: task?.task.id ?? "", agent: "served:\(grammar)", folder: episodeFolder)
        instruction = task?.task.instruction ?? ""
        write(first, png: screenshot, accessibilityXML: accessibilityXML, logger: logger)
    }

    /// Records one step (`screenshot`: the PNG the model is sent; `accessibilityXML`: the tree the
    /// observation carried, kept gzip-compressed); a step that ended the episode closes it with
    /// `evaluation`'s verdict.
    mutating func record(
        _ step: TrajectoryLine, screenshot: Data?, accessibilityXML: String? = nil, evaluation: TaskEvaluation?, logger: Logger
    ) {
        guard recorder != nil else { return }
        write(step, png: screenshot, accessibilityXML: accessibilityXML, logger: logger)
        result?.steps = step.step
        result?.environmentMilliseconds += step.environmentMilliseconds ?? 0
        result?.modelMilliseconds += step.modelMilliseconds ?? 0
        guard step.done == true else { return }
        if let evaluation {
            result?.evaluation = evaluation
            result?.score = step.reward ?? 0
            if let error = evaluation.error {
                result?.environmentError = "evaluation: \(error)"
                result?.errorPhase = .evaluation
            }
        } else if step.screenshot == nil {
            result?.environmentError = step.error
            result?.errorPhase = .step
        }
        close(logger: logger)
    }

    /// Closes an episode that ended without DONE or FAIL, saying why; nothing when none is open.
    mutating func endEpisode(reason: String, logger: Logger) {
        guard recorder != nil else { return }
        if result?.environmentError == nil {
            result?.environmentError = "the episode ended before DONE or FAIL: \(reason)"
            result?.errorPhase = .interrupted
        }
        close(logger: logger)
    }

    private mutating func close(logger: Logger) {
        if let recorder, let result {
            do {
                try recorder.writeResult(result, instruction: instruction)
            } catch {
                logger.error("training records: cannot write \(recorder.folder.path)/result.json: \(error)")
            }
        }
        recorder = nil
        result = nil
    }

    private func write(_ step: TrajectoryLine, png: Data?, accessibilityXML: String? = nil, logger: Logger) {
        do {
            try recorder?.record(step, png: png, accessibilityXML: accessibilityXML)
        } catch {
            logger.error("training records: cannot record step \(step.step) in \(folder.path): \(error)")
        }
    }
}
