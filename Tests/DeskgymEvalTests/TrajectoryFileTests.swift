import DeskgymCore
import DeskgymEval
import DeskgymTrajectory
import Foundation
import Testing

@Suite("Trajectory files")
struct TrajectoryFileTests {
    @Test("trajectory.jsonl lines in both computer_13 shapes, with usage and thought, read back as steps")
    func readsSteps() throws {
        let folder = try TemporaryFolder("jsonl")
        let lines = [
            #"{"env_ms":0,"screenshot":"step-0000.png","settle_ms":12.5,"step":0}"#,
            #"{"action_text":"click it","actions":[{"action_type":"CLICK","parameters":{"button":"left","num_clicks":1,"x":10,"y":20}}],"env_ms":40,"grammar":"computer_13","model_ms":900,"screenshot":"step-0001.png","step":1,"thought":"the button","usage":{"completion_tokens":7,"prompt_tokens":1200,"total_tokens":1207}}"#,
            #"{"action_text":"drag","actions":[{"action_type":"DRAG_TO","x":30,"y":40},{"action_type":"TYPING","text":"hi"}],"step":2,"error":"refused"}"#,
            "",
        ]
        try Data(lines.joined(separator: "\n").utf8).write(to: folder.url.appendingPathComponent("trajectory.jsonl"))
        let steps = try TrajectoryFile.steps(in: folder.url)
        #expect(steps.map(\.step) == [0, 1, 2])
        #expect(steps[0].screenshot == "step-0000.png" && steps[0].settleMilliseconds == 12.5)
        #expect(try steps[0].actions().isEmpty)
        #expect(try steps[1].actions() == [.click(button: .left, at: Point(x: 10, y: 20), count: 1)])
        #expect(steps[1].thought == "the button" && steps[1].promptTokens == 1200 && steps[1].completionTokens == 7)
        #expect(steps[1].modelMilliseconds == 900)
        #expect(try steps[2].actions() == [.dragTo(Point(x: 30, y: 40), button: .left), .typing("hi")])
        #expect(steps[2].error == "refused")
    }

    @Test("a bad line is reported with the file, the line and the field")
    func badLine() throws {
        let folder = try TemporaryFolder("jsonl-bad")
        let file = folder.url.appendingPathComponent("trajectory.jsonl")
        try Data("{\"step\":0}\n{\"step\":1,\"env_ms\":\"fast\"}\n".utf8).write(to: file)
        let error = #expect(throws: TrajectoryError.self) { try TrajectoryFile.steps(in: folder.url) }
        #expect(error?.file == file.path)
        #expect(error?.line == 2)
        #expect(error?.problem.contains("env_ms") == true)

        try Data("{\"step\":0}\nnot json\n".utf8).write(to: file)
        let notJSON = #expect(throws: TrajectoryError.self) { try TrajectoryFile.steps(in: folder.url) }
        #expect(notJSON?.line == 2)
    }

    @Test("result.json reads into an outcome; a missing field is named")
    func readsResult() throws {
        let folder = try TemporaryFolder("result")
        let file = folder.url.appendingPathComponent("result.json")
        try Data(
            #"{"task_id":"t1","instruction":"do","score":0.5,"steps":3,"agent":"reference","metrics":[{"name":"m","score":0.5,"reason":"half"}],"decided_by":"m"}"#
                .utf8
        )
        .write(to: file)
        let outcome = try EpisodeOutcome.load(from: folder.url)
        #expect(
            outcome
                == EpisodeOutcome(
                    taskID: "t1", instruction: "do", score: 0.5, steps: 3, agent: "reference",
                    metrics: [MetricVerdict(name: "m", score: 0.5, reason: "half")], decidedBy: "m"))
        try Data(#"{"task_id":"t1","steps":3}"#.utf8).write(to: file)
        let error = #expect(throws: TrajectoryError.self) { try EpisodeOutcome.load(from: folder.url) }
        #expect(error?.file == file.path)
        #expect(error?.problem.contains("score") == true)
    }
}
