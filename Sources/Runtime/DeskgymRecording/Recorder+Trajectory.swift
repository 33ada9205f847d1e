import DeskgymActions
import DeskgymCore
import DeskgymRuntime
import DeskgymTrajectory
import Foundation

extension Recorder {
    /// The file in a recording folder that maps steps to raw events and keeps the figures.
    public static let recordingFileName = "recording.json"
    /// The `agent` a recording's `result.json` names.
    public static let agentName = "human:vnc"

    /// Writes the steps in `deskgym run`'s format. Step 0 shows the screen before the first action;
    /// step k holds the k-th merged action and the screen before the next one (the frame taken at
    /// its first event), the last action the screen at the end; a final step holds DONE or FAIL.
    /// Each step's `action_text` is the computer_13 JSON of its actions, so `replay:DIR` replays
    /// it. `model_ms` is the person's pause before the action, `env_ms` the action's own duration.
    func writeTrajectory(
        _ result: RecordingResult, events: [RawEvent], lastAction: Action, final: Observation?,
        evaluationMilliseconds: Double
    ) throws {
        let writer = TrajectoryRecorder(folder: configuration.output)
        let actions = result.actions
        let finalPNG = final?.screenshot.png
        func png(_ frame: Int?) -> Data? { frame.flatMap { feed.frames.png($0) } }
        func name(_ index: Int, _ data: Data?) -> String? { data == nil ? nil : String(format: "step-%04d.png", index) }

        let first = actions.first.map { png($0.frame) } ?? finalPNG
        try writer.record(
            TrajectoryLine(
                step: 0, screenshot: name(0, first), environmentMilliseconds: 0,
                windows: initialWindows.map(TrajectoryLine.Window.init)), png: first)
        let grammar = Computer13Grammar()
        var previousEnd = 0.0
        for (offset, action) in actions.enumerated() {
            let index = offset + 1
            let after = offset + 1 < actions.count ? png(actions[offset + 1].frame) : finalPNG
            let end = events.indices.contains(action.lastEvent) ? events[action.lastEvent].milliseconds : action.milliseconds
            let step = TrajectoryLine(
                step: index, actionText: grammar.format(action.actions), grammar: Computer13Grammar.name,
                actions: action.actions, screenshot: name(index, after),
                environmentMilliseconds: (end - action.milliseconds).rounded(),
                modelMilliseconds: max(0, action.milliseconds - previousEnd).rounded(),
                windows: (offset + 1 == actions.count ? final?.windows ?? [] : []).map(TrajectoryLine.Window.init))
            previousEnd = end
            try writer.record(step, png: after)
        }
        let lastIndex = actions.count + 1
        try writer.record(
            TrajectoryLine(
                step: lastIndex, actionText: grammar.format([lastAction]), grammar: Computer13Grammar.name,
                actions: [lastAction], screenshot: name(lastIndex, finalPNG), environmentMilliseconds: 0,
                modelMilliseconds: 0, windows: (final?.windows ?? []).map(TrajectoryLine.Window.init)),
            png: finalPNG)

        var episode = EpisodeResult(taskID: result.taskID, agent: Self.agentName, folder: configuration.output)
        episode.score = result.score
        episode.evaluation = result.evaluation
        episode.steps = lastIndex
        episode.environmentError = result.environmentError
        if result.environmentError != nil { episode.errorPhase = result.evaluation == nil ? .step : .evaluation }
        episode.resetMilliseconds = resetMilliseconds.rounded()
        episode.evaluationMilliseconds = evaluationMilliseconds.rounded()
        episode.wallMilliseconds = (Date().timeIntervalSince(startedAt) * 1000).rounded()
        try writer.writeResult(episode, instruction: task.instruction)
        try writeRecordingFile(result, events: events)
    }

    private func writeRecordingFile(_ result: RecordingResult, events: [RawEvent]) throws {
        let report = feed.report
        let frames = feed.frames.counts
        let formatter = ISO8601DateFormatter()
        let object: [String: Any] = [
            "task_id": result.taskID,
            "started_at": formatter.string(from: startedAt),
            "vnc": ["host": "127.0.0.1", "port": port, "password": configuration.password != nil],
            "outcome": result.outcome.rawValue,
            "finished_by": result.finishedBy,
            "finish_chords": ["done": FinishChord.doneText, "infeasible": FinishChord.infeasibleText],
            "score": result.score,
            "events": events.count,
            "input_events": result.inputEvents,
            "viewers": [
                "connections": report.connections, "authenticated": report.authenticated, "refused": report.refused,
                "ignored_input": Dictionary(uniqueKeysWithValues: report.ignoredInput.map { ("\($0.key)", $0.value) }),
            ],
            "frames": ["written": frames.written, "not_taken_encoder_behind": frames.skipped],
            "feed": ["ticks": report.ticks, "captures": report.captures, "changed_tiles": report.changedTiles],
            "merge_rules": configuration.rules.jsonObject,
            "steps": result.actions.enumerated().map { offset, action -> [String: Any] in
                var entry: [String: Any] = [
                    "step": offset + 1, "first_event": action.firstEvent, "last_event": action.lastEvent,
                    "t_ms": (action.milliseconds * 1000).rounded() / 1000,
                ]
                if let frame = action.frame { entry["frame"] = FrameStore.folderName + "/" + FrameStore.fileName(frame) }
                return entry
            },
            "notes": result.notes,
            "timings": report.timings.jsonObject,
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try data.write(to: configuration.output.appendingPathComponent(Self.recordingFileName))
    }
}
