import DeskgymActions
import DeskgymAgents
import DeskgymCore
import DeskgymFakeModelServer
import DeskgymSandbox
import Foundation
import Testing

/// A canned conversation that solves `tasks/os/count-lines.json` (write the line count of data.csv,
/// 17, into count.txt), in one grammar.
struct SolvingScript: Sendable, CustomTestStringConvertible {
    var grammar: String
    /// `--coordinates`, for the grammars that have a mode.
    var coordinates: String?
    var replies: [FakeReply]
    /// The thought each step must record, in order.
    var thoughts: [String]
    /// Where the first answer clicks, in screen pixels of the default 1920x1080 session.
    var click: Point

    var testDescription: String { grammar + (coordinates.map { " (\($0))" } ?? "") }

    static let typed = "wc -l < ~/data.csv > ~/count.txt"

    /// UI-TARS: click the terminal in the middle of the screen, type the command, finish. `box` is
    /// the centre of the screen in the model's coordinates.
    static func uiTARS(coordinates: String, box: (Int, Int)) -> SolvingScript {
        let thoughts = [
            "A terminal window is open in the middle of the screen. I click into it so that it has the keyboard focus.",
            "The terminal has the focus. I count the lines of data.csv with wc and write the number into count.txt.",
            "count.txt now holds the number of lines.",
        ]
        let actions = [
            "click(start_box='<|box_start|>(\(box.0),\(box.1))<|box_end|>')",
            "type(content='\(typed)\\n')",
            "finished(content='count.txt holds the line count')",
        ]
        return SolvingScript(
            grammar: "uitars", coordinates: coordinates,
            replies: zip(thoughts, actions).map { .completion(content: "Thought: \($0)\nAction: \($1)") },
            thoughts: thoughts, click: Point(x: 960, y: 540))
    }

    /// pyautogui: the model's reasoning comes in the endpoint's reasoning field, the code in the content.
    static let pyAutoGUI: SolvingScript = {
        let thoughts = [
            "The terminal is in the middle of the screen: click into it, then count the lines with wc.",
            "count.txt holds the number now.",
        ]
        let contents = [
            "The terminal is open.\n```python\npyautogui.click(960, 540)\npyautogui.write('\(typed)\\n')\n```",
            "The task is complete.\n```DONE```",
        ]
        return SolvingScript(
            grammar: "pyautogui", coordinates: nil,
            replies: zip(contents, thoughts).map { .completion(content: $0, reasoning: $1) },
            thoughts: thoughts, click: Point(x: 960, y: 540))
    }()

    /// 0–1000 relative UI-TARS, and pyautogui in screen pixels.
    static let all = [uiTARS(coordinates: "relative", box: (500, 500)), pyAutoGUI]
}

/// The actions a trajectory line records (computer_13 objects), read back.
private func recordedActions(_ line: [String: Any]) throws -> [Action] {
    let list = try #require(line["actions"] as? [Any])
    guard !list.isEmpty else { return [] }
    let json = try JSONSerialization.data(withJSONObject: list)
    return try Computer13Grammar().parse(String(decoding: json, as: UTF8.self))
}

/// The `deskgym run` arguments for the openai agent on `server`.
private func openAIArguments(
    task: String = "tasks/os/count-lines.json", out: URL, port: Int, grammar: String,
    coordinates: String? = nil, extra: [String] = []
) -> [String] {
    [
        "run", task, "--out", out.path, "--agent", "openai", "--base-url", "http://127.0.0.1:\(port)/v1",
        "--model", "test-model", "--grammar", grammar, "--retries", "0", "--request-timeout", "30",
    ]
        + (coordinates.map { ["--coordinates", $0] } ?? []) + extra
}

/// The screenshot (image URL) a request sent last, decoded, or nil when it is not a base64 PNG data URL.
private func lastScreenshot(_ request: ReceivedRequest) -> Data? {
    let prefix = "data:image/png;base64,"
    guard let url = request.imageURLs.last, url.hasPrefix(prefix) else { return nil }
    return Data(base64Encoded: String(url.dropFirst(prefix.count)))
}

/// `deskgym run` end to end with model-driven and other non-scripted agents: the real binary, a
/// real session, and an OpenAI-compatible endpoint on a loopback port answering canned text.
@Suite("deskgym run with model, replay and random agents", .serialized, .timeLimit(.minutes(3)))
struct ModelDrivenRunTests {
    /// The screen of the default vm-config, which the bundled os tasks use.
    private let screen: VMConfig.Screen

    init() throws {
        screen = try VMConfig.load(from: repository.appendingPathComponent("vm-configs/default.yaml")).screen
    }

    @Test(
        "the openai agent solves a bundled task; the trajectory keeps the model's timings, usage, requests and thoughts",
        arguments: SolvingScript.all)
    func modelSolvesTask(_ script: SolvingScript) async throws {
        let server = try await FakeModelServer.start(script.replies)
        let out = temporaryPath("deskgym-cli-openai")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try await runDeskgymAsync(
            openAIArguments(
                out: out, port: server.port, grammar: script.grammar, coordinates: script.coordinates,
                extra: ["--api-key-env", "DESKGYM_CLI_TEST_KEY"]),
            environment: ["DESKGYM_CLI_TEST_KEY": "sk-cli-test"])
        await server.stop()
        #expect(run.status == 0, "\(run.out)\n\(run.err)")
        #expect(run.out.contains("task count-lines: score 1.0 after \(script.replies.count) steps"), "\(run.out)")

        let result = try resultObject(out)
        #expect(result["score"] as? Double == 1)
        #expect(result["agent"] as? String == "openai:test-model")
        #expect(result["environment_error"] == nil)

        let lines = try trajectoryLines(out)
        #expect(lines.map { $0["step"] as? Int } == Array(0...script.replies.count))
        #expect(lines[0]["model_ms"] == nil, "the first observation has no answer")
        for (line, thought) in zip(lines.dropFirst(), script.thoughts) {
            let step = line["step"] as? Int ?? -1
            #expect(line["grammar"] as? String == script.grammar, "step \(step)")
            #expect(line["coordinates"] as? String == script.coordinates, "step \(step)")
            #expect(line["thought"] as? String == thought, "step \(step)")
            #expect(line["model_ms"] is Double, "step \(step)")
            #expect(line["error"] == nil, "step \(step): \(line["error"] ?? "")")
            let usage = try #require(line["usage"] as? [String: Any], "step \(step)")
            #expect(
                usage["prompt_tokens"] as? Int == 1200 && usage["completion_tokens"] as? Int == 34
                    && usage["total_tokens"] as? Int == 1234, "step \(step): \(usage)")
            let requests = try #require(line["requests"] as? [[String: Any]], "step \(step)")
            #expect(requests.count == 1, "step \(step)")
            #expect(requests.first?["attempt"] as? Int == 1 && requests.first?["status"] as? Int == 200, "step \(step)")
            #expect(requests.first?["ms"] is Double && requests.first?["error"] == nil, "step \(step)")
        }
        #expect(try recordedActions(lines[1]).first == .click(button: .left, at: script.click, count: 1))
        #expect(try recordedActions(lines.last ?? [:]) == [.done])

        // One request a step, each with the key, the model and the screen the agent was shown last.
        let requests = await server.requests
        #expect(requests.count == script.replies.count)
        for (index, request) in requests.enumerated() {
            #expect(request.authorization == "Bearer sk-cli-test")
            #expect(request.model == "test-model")
            let png = try #require(lastScreenshot(request), "request \(index + 1) carries no PNG data URL")
            let size = try #require(pngSize(png), "request \(index + 1): not a PNG")
            #expect(size.width == screen.width && size.height == screen.height)
            // Exactly the observation the trajectory stored before this step.
            let stored = try Data(contentsOf: out.appendingPathComponent(String(format: "step-%04d.png", index)))
            #expect(png == stored, "request \(index + 1) carries the screenshot of step \(index)")
        }
    }

    @Test("an answer the grammar refuses is a step; the model hears why in the next request and still solves the task")
    func refusedAnswerIsReportedBack() async throws {
        var script = SolvingScript.uiTARS(coordinates: "relative", box: (500, 500))
        script.replies.insert(.completion(content: "I am not sure yet what to do on this screen."), at: 0)
        let server = try await FakeModelServer.start(script.replies)
        let out = temporaryPath("deskgym-cli-refused")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try await runDeskgymAsync(openAIArguments(out: out, port: server.port, grammar: "uitars"))
        await server.stop()
        #expect(run.status == 0, "\(run.out)\n\(run.err)")

        let result = try resultObject(out)
        #expect(result["score"] as? Double == 1, "the later answers still solve the task")
        #expect(result["steps"] as? Int == 4)
        let lines = try trajectoryLines(out)
        let refused = try #require(lines.first { $0["step"] as? Int == 1 })
        let problem = try #require(refused["error"] as? String, "the refused answer's step records why")
        #expect(problem.contains("could not be read") && problem.contains("uitars"), "\(problem)")
        #expect(try recordedActions(refused).isEmpty)
        // StepEngine's rule: nothing of the refused answer ran, and the screen is observed again.
        #expect(refused["screenshot"] as? String == "step-0001.png")
        #expect((refused["executed"] as? [Any])?.isEmpty == true)

        let requests = await server.requests
        try #require(requests.count == 4)
        let second = try #require(requests[1].texts.last { $0.role == "user" }?.text)
        #expect(second.contains(problem), "the second request's last user message carries the problem: \(second)")
        #expect(second.contains("could not be executed"))
        #expect(requests[1].texts.contains { $0.role == "assistant" && $0.text == "I am not sure yet what to do on this screen." })
        #expect(requests[0].texts.allSatisfy { !$0.text.contains("could not be read") })
        #expect(
            requests[2].texts.last { $0.role == "user" }?.text.contains("could not be executed") == false,
            "a readable answer clears the problem")
    }

    @Test("an unreachable endpoint is an environment error of the agent phase: exit code 2, error_phase agent")
    func unreachableEndpoint() async throws {
        // A port that was just listening and is closed now.
        let closed = try await FakeModelServer.start([.completion(content: "DONE")])
        await closed.stop()
        let out = temporaryPath("deskgym-cli-unreachable")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try await runDeskgymAsync(openAIArguments(out: out, port: closed.port, grammar: "pyautogui"))
        #expect(run.status == 2, "\(run.out)\n\(run.err)")
        #expect(run.out.contains("environment error: agent at step 1"), "\(run.out)")

        let result = try resultObject(out)
        #expect(result["error_phase"] as? String == "agent")
        #expect(result["score"] as? Double == 0)
        let error = try #require(result["environment_error"] as? String)
        #expect(error.contains("127.0.0.1:\(closed.port)"), "the error names the endpoint: \(error)")
        let lines = try trajectoryLines(out)
        let failed = try #require(lines.last)
        #expect(failed["step"] as? Int == 1)
        let requests = try #require(failed["requests"] as? [[String: Any]])
        #expect(requests.count == 1, "--retries 0: one attempt")
        #expect(requests.first?["status"] == nil, "no response came")
        #expect((requests.first?["error"] as? String)?.isEmpty == false)
    }

    @Test("an unknown --agent or --grammar is a usage error naming the value and listing the valid ones")
    func unknownAgentOrGrammar() throws {
        let out = temporaryPath("deskgym-cli-usage")
        let agent = try runDeskgym(["run", "tasks/os/count-lines.json", "--out", out.path, "--agent", "bogus"])
        #expect(agent.status == 64, "EX_USAGE")
        #expect(agent.err.contains("unknown agent 'bogus'"), "\(agent.err)")
        for form in AgentCatalog.forms {
            #expect(agent.err.contains(form), "\(form) is listed: \(agent.err)")
        }

        let grammar = try runDeskgym([
            "run", "tasks/os/count-lines.json", "--out", out.path, "--agent", "openai",
            "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--grammar", "bogus",
        ])
        #expect(grammar.status == 64, "EX_USAGE")
        #expect(grammar.err.contains("unknown action grammar 'bogus'"), "\(grammar.err)")
        for name in ActionGrammars.names {
            #expect(grammar.err.contains("'\(name)'"), "\(name) is listed: \(grammar.err)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing ran, so no trajectory folder")
    }

    @Test("a UI-TARS trajectory in absolute coordinates records its mode and replays to the same actions and score")
    func replayAbsoluteUITARS() async throws {
        // 1920x1080 is seen as the 1932x1092 smart-resized image: (966, 546) is the screen's centre,
        // the terminal; read as 0–1000 it would be (1854, 589), the bare desktop beside it.
        let script = SolvingScript.uiTARS(coordinates: "absolute", box: (966, 546))
        let server = try await FakeModelServer.start(script.replies)
        let recorded = temporaryPath("deskgym-cli-recorded")
        let replayed = temporaryPath("deskgym-cli-replayed")
        defer {
            try? FileManager.default.removeItem(at: recorded)
            try? FileManager.default.removeItem(at: replayed)
        }
        let original = try await runDeskgymAsync(
            openAIArguments(
                out: recorded, port: server.port, grammar: "uitars",
                coordinates: "absolute"))
        await server.stop()
        #expect(original.status == 0, "\(original.out)\n\(original.err)")
        #expect(try resultObject(recorded)["score"] as? Double == 1)
        let recordedLines = try trajectoryLines(recorded)
        #expect(recordedLines.dropFirst().allSatisfy { $0["coordinates"] as? String == "absolute" })
        #expect(try recordedActions(recordedLines[1]) == [.click(button: .left, at: script.click, count: 1)])

        let replay = try await runDeskgymAsync([
            "run", "tasks/os/count-lines.json", "--out", replayed.path,
            "--agent", "replay:\(recorded.path)",
        ])
        #expect(replay.status == 0, "\(replay.out)\n\(replay.err)")
        let result = try resultObject(replayed)
        #expect(result["score"] as? Double == 1)
        #expect(result["agent"] as? String == "replay:\(recorded.path)")
        let replayedLines = try trajectoryLines(replayed)
        #expect(replayedLines.count == recordedLines.count)
        for (old, new) in zip(recordedLines.dropFirst(), replayedLines.dropFirst()) {
            let step = new["step"] as? Int ?? -1
            #expect(new["action_text"] as? String == old["action_text"] as? String, "step \(step)")
            #expect(new["grammar"] as? String == "uitars" && new["coordinates"] as? String == "absolute", "step \(step)")
            #expect(try recordedActions(new) == recordedActions(old), "step \(step): the same pixels")
            #expect(new["requests"] == nil && new["usage"] == nil, "step \(step): no model was asked")
        }
    }

    @Test("the random agent runs a bundled task without an environment error; the same seed repeats its answers")
    func seededRandomAgent() async throws {
        func answers(seed: String) async throws -> [String] {
            let out = temporaryPath("deskgym-cli-random")
            defer { try? FileManager.default.removeItem(at: out) }
            let run = try await runDeskgymAsync([
                "run", "tasks/os/count-lines.json", "--out", out.path,
                "--agent", "random:\(seed)", "--random-steps", "5",
            ])
            #expect(run.status == 0, "\(run.out)\n\(run.err)")
            let result = try resultObject(out)
            #expect(result["environment_error"] == nil && result["error_phase"] == nil)
            #expect(result["agent"] as? String == "random:\(seed)")
            #expect(result["steps"] as? Int == 6, "5 random answers, then DONE")
            let lines = try trajectoryLines(out).filter { ($0["step"] as? Int ?? 0) > 0 }
            #expect(lines.allSatisfy { $0["grammar"] as? String == "computer_13" && $0["coordinates"] == nil })
            #expect(lines.allSatisfy { $0["error"] == nil }, "every random action is on the screen and accepted")
            return lines.compactMap { $0["action_text"] as? String }
        }
        let first = try await answers(seed: "20240611")
        let again = try await answers(seed: "20240611")
        let other = try await answers(seed: "7")
        #expect(first.count == 6)
        #expect(first == again)
        #expect(first != other, "another seed, other actions")
        #expect(first.last?.contains("DONE") == true)
    }
}
