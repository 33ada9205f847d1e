import DeskgymActions
import DeskgymAgents
import DeskgymCore
import Foundation
import Testing

@Suite struct ReplayAgentTests {
    /// Writes `lines` as the episode runner does: one JSON object a line, sorted keys.
    private func writeTrajectory(_ lines: [[String: Any]], taskID: String? = nil) throws -> URL {
        let folder = try TestSupport.temporaryFolder()
        var text = ""
        for line in lines {
            let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes])
            text += String(decoding: data, as: UTF8.self) + "\n"
        }
        try text.write(to: folder.appendingPathComponent("trajectory.jsonl"), atomically: true, encoding: .utf8)
        if let taskID {
            let result = try JSONSerialization.data(withJSONObject: ["task_id": taskID, "score": 1.0])
            try result.write(to: folder.appendingPathComponent("result.json"))
        }
        return folder
    }

    private func answers(of episode: any AgentEpisode) async throws -> [String] {
        var texts: [String] = []
        for step in 1...20 {
            guard let turn = try await episode.next(TestSupport.observation(step: step)) else { break }
            texts.append(turn.text)
        }
        return texts
    }

    @Test func replaysTheRecordedTextsInTheirGrammar() async throws {
        let click = "pyautogui.click(100, 200)"
        let typing = "```python\npyautogui.write('hello')\n```"
        let folder = try writeTrajectory(
            [
                ["step": 0, "env_ms": 0, "actions": [], "screenshot": "step-0000.png"],
                [
                    "step": 1, "action_text": click, "grammar": "pyautogui",
                    "actions": [["action_type": "CLICK", "x": 100, "y": 200]],
                ],
                ["step": 2, "action_text": typing, "grammar": "pyautogui", "actions": [["action_type": "TYPING", "text": "hello"]]],
                ["step": 3, "action_text": "DONE", "grammar": "pyautogui", "actions": ["DONE"]],
            ], taskID: "task-1")
        defer { try? FileManager.default.removeItem(at: folder) }
        let agent = try ReplayAgent(folder: folder)
        #expect(agent.name == "replay:\(folder.path)")
        let episode = try await agent.startEpisode(TestSupport.task(id: "task-1"))
        #expect(episode.grammar.name == "pyautogui")
        #expect(try await answers(of: episode) == [click, typing, "DONE"])
    }

    @Test func linesWithActionsOnlyAreReplayedAsComputer13() async throws {
        let folder = try writeTrajectory([
            ["step": 0, "actions": []],
            [
                "step": 1, "action_text": "pyautogui.click(5, 6)", "grammar": "pyautogui",
                "actions": [["action_type": "CLICK", "x": 5, "y": 6]],
            ],
            ["step": 2, "actions": [["action_type": "HOTKEY", "keys": ["ctrl", "s"]], ["action_type": "DONE"]]],
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let episode = try await ReplayAgent(folder: folder).startEpisode(TestSupport.task())
        #expect(episode.grammar.name == "computer_13")
        let texts = try await answers(of: episode)
        #expect(texts.count == 2)
        #expect(try episode.grammar.parse(texts[0]) == [.click(button: .left, at: Point(x: 5, y: 6), count: 1)])
        #expect(try episode.grammar.parse(texts[1]) == [.hotkey([try Key("ctrl"), try Key("s")]), .done])
    }

    @Test func malformedLineIsReportedByNumber() async throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = """
            {"actions":[],"step":0}
            {"action_text":"DONE","actions":["DONE"],"grammar":"pyautogui","step":1}
            {"action_text":"pyautogui.click(1, 2)","grammar":"pyautogui","step":2
            """
        try text.write(to: folder.appendingPathComponent("trajectory.jsonl"), atomically: true, encoding: .utf8)
        let error = #expect(throws: AgentError.self) { _ = try ReplayAgent(folder: folder) }
        #expect(error?.kind == .badInput)
        #expect(error?.message.contains("line 3") == true)
        #expect(error?.message.contains("trajectory.jsonl") == true)
    }

    @Test func lineWithoutStepIsReportedByNumber() async throws {
        let folder = try writeTrajectory([["step": 0, "actions": []], ["action_text": "DONE", "grammar": "pyautogui"]])
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: AgentError.self) { _ = try ReplayAgent(folder: folder) }
        #expect(error?.message.contains("line 2") == true)
        #expect(error?.message.contains("'step'") == true)
    }

    @Test func missingFolderAndFileAreNamed() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-no-such-\(UUID().uuidString)")
        let folderError = #expect(throws: AgentError.self) { _ = try ReplayAgent(folder: missing) }
        #expect(folderError?.kind == .badInput)
        #expect(folderError?.message.contains(missing.path) == true)

        let empty = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: empty) }
        let fileError = #expect(throws: AgentError.self) { _ = try ReplayAgent(folder: empty) }
        #expect(fileError?.message.contains("trajectory.jsonl") == true)
    }

    @Test func episodeOfAnotherTaskIsRefused() async throws {
        let folder = try writeTrajectory(
            [["step": 1, "action_text": "DONE", "grammar": "pyautogui", "actions": ["DONE"]]],
            taskID: "recorded-task")
        defer { try? FileManager.default.removeItem(at: folder) }
        let agent = try ReplayAgent(folder: folder)
        let error = await #expect(throws: AgentError.self) { _ = try await agent.startEpisode(TestSupport.task(id: "other-task")) }
        #expect(error?.message.contains("recorded-task") == true)
        #expect(error?.message.contains("other-task") == true)
    }
}
