import DeskgymActions
import DeskgymAgents
import DeskgymCore
import Testing

@Suite struct ScriptedAgentTests {
    @Test func referenceAnswersEachStepThenNothing() async throws {
        let texts = [#"{"action_type": "CLICK", "x": 10, "y": 20}"#, #"{"action_type": "TYPING", "text": "hi"}"#, "DONE"]
        let task = TestSupport.task(solution: ScriptedAnswers(grammar: "computer-13", texts: texts))
        let agent = ScriptedAgent(.reference)
        #expect(agent.name == "reference")
        let episode = try await agent.startEpisode(task)
        #expect(episode.grammar.name == "computer_13")
        var answered: [String] = []
        for step in 1...5 {
            guard let turn = try await episode.next(TestSupport.observation(step: step)) else { break }
            answered.append(turn.text)
        }
        #expect(answered == texts)
        #expect(try episode.grammar.parse(answered[0]) == [.click(button: .left, at: Point(x: 10, y: 20), count: 1)])
    }

    @Test func referenceGrammarIsSetUpForTheScreen() async throws {
        let text = "Action: click(start_box='<|box_start|>(1000,1000)<|box_end|>')"
        let task = TestSupport.task(solution: ScriptedAnswers(grammar: "uitars", texts: [text]))
        let episode = try await ScriptedAgent(.reference).startEpisode(task)
        // 1000 on the 0–1000 grid is the last pixel of this 1280x720 screen.
        #expect(try episode.grammar.parse(text) == [.click(button: .left, at: Point(x: 1279, y: 719), count: 1)])
    }

    @Test func referenceWithoutSolutionNamesTheTask() async throws {
        let error = await #expect(throws: AgentError.self) {
            _ = try await ScriptedAgent(.reference).startEpisode(TestSupport.task(id: "calc-sum-42"))
        }
        #expect(error?.kind == .badInput)
        #expect(error?.message.contains("calc-sum-42") == true)
    }

    @Test func referenceWithUnknownGrammarIsRefused() async throws {
        let task = TestSupport.task(solution: ScriptedAnswers(grammar: "pyautogooey", texts: ["DONE"]))
        let error = await #expect(throws: AgentError.self) { _ = try await ScriptedAgent(.reference).startEpisode(task) }
        #expect(error?.kind == .badInput)
        #expect(error?.message.contains("pyautogooey") == true)
    }

    @Test func noneAnswersDoneOnce() async throws {
        let agent = ScriptedAgent(.none)
        let episode = try await agent.startEpisode(TestSupport.task())
        #expect(episode.grammar.name == "pyautogui")
        let first = try await episode.next(TestSupport.observation(step: 1))
        #expect(try episode.grammar.parse(try #require(first).text) == [.done])
        #expect(try await episode.next(TestSupport.observation(step: 2)) == nil)
    }
}
