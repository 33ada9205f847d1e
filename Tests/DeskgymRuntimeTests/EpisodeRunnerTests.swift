import DeskgymActions
import DeskgymAgents
import DeskgymRuntime
import Foundation
import Logging
import Testing

private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

private let logger: Logger = {
    var logger = Logger(label: "deskgym.tests.episodes")
    logger.logLevel = .warning
    return logger
}()

/// An agent that answers a fixed list of texts and keeps what it was shown, so that a test can see
/// what the runner told it.
private actor ListeningAgent: Agent {
    nonisolated let name = "listening"
    let texts: [String]
    let failure: AgentError?
    private(set) var observations: [AgentObservation] = []

    init(texts: [String], failure: AgentError? = nil) {
        self.texts = texts
        self.failure = failure
    }

    nonisolated func startEpisode(_ task: AgentTask) async throws(AgentError) -> any AgentEpisode {
        Episode(agent: self)
    }

    func answer(_ observation: AgentObservation) throws(AgentError) -> AgentTurn? {
        observations.append(observation)
        if let failure, observations.count > texts.count { throw failure }
        guard observations.count <= texts.count else { return nil }
        return AgentTurn(
            text: texts[observations.count - 1], thought: "thinking \(observations.count)", modelMilliseconds: 5,
            usage: TokenUsage(promptTokens: 10, completionTokens: 2, totalTokens: 12))
    }

    struct Episode: AgentEpisode {
        let agent: ListeningAgent
        var grammar: any ActionGrammar { PyAutoGUIGrammar() }
        func next(_ observation: AgentObservation) async throws(AgentError) -> AgentTurn? {
            try await agent.answer(observation)
        }
    }
}

private func trajectoryLines(_ folder: URL) throws -> [[String: Any]] {
    try String(contentsOf: folder.appendingPathComponent("trajectory.jsonl"), encoding: .utf8)
        .split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
}

@Suite("Episode runner", .serialized, .timeLimit(.minutes(3)))
struct EpisodeRunnerTests {
    private func run(_ agent: any Agent, task: String = "tasks/os/count-lines.json") async throws -> (EpisodeResult, URL) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-episode-\(UUID())")
        let runner = EpisodeRunner(
            taskFile: repository.appendingPathComponent(task), agent: agent, output: output,
            vmConfigsFolder: repository.appendingPathComponent("vm-configs"),
            evaluator: MetricBridge.evaluator)
        return (try await runner.run(logger: logger), output)
    }

    @Test("an unreadable answer counts as a step, is recorded, and the agent hears why at the next step")
    func unreadableAnswer() async throws {
        let agent = ListeningAgent(texts: [
            "pyautogui.clck(10, 10)",
            "pyautogui.write('wc -l < ~/data.csv > ~/count.txt\\n')", "DONE",
        ])
        let (result, folder) = try await run(agent)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(result.environmentError == nil)
        #expect(result.steps == 3)
        #expect(result.score == 1, "the later answers still solve the task")
        let observations = await agent.observations
        #expect(observations.map(\.step) == [1, 2, 3])
        #expect(observations[0].previousProblem == nil)
        let problem = try #require(observations[1].previousProblem)
        #expect(problem.contains("clck"), "the agent is told which call was wrong: \(problem)")
        #expect(observations[2].previousProblem == nil, "a good answer clears the problem")
        let lines = try trajectoryLines(folder)
        #expect(lines.count == 4)
        #expect((lines[1]["error"] as? String)?.contains("clck") == true)
        // StepEngine's rule: nothing of a refused step runs, and the screen is observed again.
        #expect(lines[1]["screenshot"] as? String == "step-0001.png")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("step-0001.png").path))
        #expect((lines[1]["executed"] as? [Any])?.isEmpty == true, "nothing of an unreadable answer is carried out")
        #expect((lines[2]["executed"] as? [Any])?.count == 1)
        #expect(lines[2]["thought"] as? String == "thinking 2")
        #expect((lines[2]["usage"] as? [String: Any])?["total_tokens"] as? Int == 12)
        #expect(lines[2]["screenshot"] as? String == "step-0002.png")
    }

    @Test("a command still running in the terminal when the agent says DONE is finished before the evaluation reads its file")
    func evaluationWaitsForTheTerminal() async throws {
        // DONE in the same answer as the typing: the shell is still asleep in `sleep 1` when the
        // episode ends, and count.txt does not exist yet.
        let agent = ListeningAgent(texts: ["pyautogui.write('sleep 1; wc -l < ~/data.csv > ~/count.txt\\n')\nDONE"])
        let (result, folder) = try await run(agent)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(result.environmentError == nil)
        #expect(result.score == 1, "\(String(describing: result.evaluation))")
        #expect(result.idleWaitMilliseconds > 0)
        let saved = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("result.json")))
                as? [String: Any])
        let timings = try #require(saved["timings_ms"] as? [String: Any])
        let written = try #require(timings["idle_wait"] as? Double)
        #expect(abs(written - result.idleWaitMilliseconds) < 0.01)
    }

    @Test("an action off the screen is refused, recorded and reported, and the episode goes on")
    func refusedAction() async throws {
        let agent = ListeningAgent(texts: ["pyautogui.click(5000, 10)", "DONE"])
        let (result, folder) = try await run(agent)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(result.environmentError == nil)
        #expect(result.steps == 2)
        #expect(result.score == 0)
        let observations = await agent.observations
        let problem = try #require(observations.last?.previousProblem)
        #expect(problem.contains("5000"), "\(problem)")
    }

    @Test("an endpoint that fails is an environment error with the requests recorded, not a crash")
    func endpointFailure() async throws {
        let failure = AgentError(
            kind: .endpoint, agent: "listening", message: "connection refused",
            requests: [ModelRequestRecord(attempt: 1, status: nil, milliseconds: 1, error: "refused")])
        let agent = ListeningAgent(texts: ["pyautogui.press('a')"], failure: failure)
        let (result, folder) = try await run(agent)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(result.errorPhase == .agent)
        #expect(result.environmentError?.contains("connection refused") == true)
        #expect(result.score == 0)
        let lines = try trajectoryLines(folder)
        #expect(lines.last?["requests"] != nil)
        let saved = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("result.json")))
                as? [String: Any])
        #expect(saved["error_phase"] as? String == "agent")
    }

    @Test("an agent that cannot work on the task is a usage error")
    func badAgent() async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-episode-\(UUID())")
        defer { try? FileManager.default.removeItem(at: output) }
        let file = output.appendingPathComponent("no-solution.json")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Data(#"{"id": "x", "instruction": "do it", "config": [], "evaluator": {"func": "infeasible"}}"#.utf8).write(to: file)
        let runner = EpisodeRunner(
            taskFile: file, agent: ScriptedAgent(.reference), output: output.appendingPathComponent("out"),
            vmConfigsFolder: repository.appendingPathComponent("vm-configs"),
            evaluator: MetricBridge.evaluator)
        await #expect(throws: EpisodeError.self) { try await runner.run(logger: logger) }
    }
}
