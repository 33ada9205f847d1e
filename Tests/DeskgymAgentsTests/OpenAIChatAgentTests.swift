import DeskgymActions
import DeskgymAgents
import DeskgymCore
import DeskgymFakeModelServer
import Foundation
import Testing

@Suite struct OpenAIChatAgentTests {
    private func configuration(
        _ server: FakeModelServer?, port: Int? = nil, grammar: String = "pyautogui",
        apiKey: String? = nil, history: Int = 3, retries: Int = 2,
        timeout: Duration = .seconds(120)
    ) -> OpenAIChatAgent.Configuration {
        let base = server?.baseURL ?? URL(string: "http://127.0.0.1:\(port ?? 9)/v1")!
        return OpenAIChatAgent.Configuration(
            baseURL: base, model: "test-model", apiKey: apiKey, grammar: grammar,
            historyLength: history, maxTokens: 256, temperature: 0,
            requestTimeout: timeout, retries: retries,
            initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(50))
    }

    // MARK: Conversation

    @Test func uiTARSConversationKeepsHistoryAndReportsProblems() async throws {
        let answers = (1...4).map { step in
            "Thought: The Files icon is in the dock; step \(step).\nAction: click(start_box='<|box_start|>(500,40)<|box_end|>')"
        }
        let server = try await FakeModelServer.start(
            answers.map {
                .completion(content: $0, usage: FakeReply.TokenCounts(prompt: 1500, completion: 40))
            })
        defer { Task { await server.stop() } }
        var settings = configuration(server, grammar: "uitars", apiKey: "sk-test-123", history: 2)
        settings.model = "ui-tars-1.0-7b"
        let agent = try OpenAIChatAgent(configuration: settings, logger: TestSupport.logger)
        #expect(agent.name == "openai:ui-tars-1.0-7b")
        let task = TestSupport.task()
        let episode = try await agent.startEpisode(task)

        let problem = "uitars: line 2, column 9: unknown action 'clik'; did you mean 'click'?"
        var turns: [AgentTurn] = []
        for step in 1...4 {
            let observation = TestSupport.observation(step: step, problem: step == 3 ? problem : nil)
            turns.append(try #require(try await episode.next(observation)))
        }
        await server.stop()
        let requests = await server.requests
        #expect(requests.count == 4)

        for (index, request) in requests.enumerated() {
            #expect(request.path == "/v1/chat/completions")
            #expect(request.authorization == "Bearer sk-test-123")
            #expect(request.model == "ui-tars-1.0-7b")
            #expect(request.json["max_tokens"] as? Int == 256)
            // The latest screenshots only, at most 2, oldest first.
            let step = index + 1
            let expected = (max(1, step - 1)...step).map(TestSupport.dataURL(step:))
            #expect(request.imageURLs == expected)
            let texts = request.texts
            #expect(texts.first?.role == "system")
            #expect(texts.first?.text.contains("## Action Space") == true)
            #expect(texts[1].role == "user" && texts[1].text.contains(task.instruction))
            // Every earlier answer is in the history, as the model wrote it.
            #expect(texts.filter { $0.role == "assistant" }.map(\.text) == Array(answers.prefix(index)))
            #expect(texts.filter { $0.role == "user" }.count == step)
        }
        // The refused answer's reason reaches the model in the next user message, and only there.
        #expect(requests[2].texts.last?.text.contains(problem) == true)
        #expect(requests[1].texts.allSatisfy { !$0.text.contains(problem) })
        // A user message whose screenshot left the history says so.
        #expect(requests[3].texts[1].text.contains("no longer shown"))

        let turn = turns[0]
        #expect(turn.text == answers[0])
        #expect(turn.thought == "The Files icon is in the dock; step 1.")
        #expect(turn.usage == TokenUsage(promptTokens: 1500, completionTokens: 40, totalTokens: 1540))
        #expect(turn.requests.count == 1)
        #expect(turn.requests.first?.status == 200 && turn.requests.first?.error == nil)
        // 0–1000 coordinates on the 1280x720 screen.
        #expect(try episode.grammar.parse(turn.text) == [.click(button: .left, at: Point(x: 640, y: 28), count: 1)])
    }

    @Test func pyAutoGUIFencedCodeWithoutKeyAndWithReasoning() async throws {
        let answer = "The Save button is at the bottom right.\n```python\npyautogui.click(1100, 650)\n```"
        let server = try await FakeModelServer.start([.completion(content: answer, reasoning: "Saving needs the button.")])
        defer { Task { await server.stop() } }
        let agent = try OpenAIChatAgent(configuration: configuration(server), logger: TestSupport.logger)
        let episode = try await agent.startEpisode(TestSupport.task())
        let turn = try #require(try await episode.next(TestSupport.observation(step: 1)))
        await server.stop()
        let request = try #require(await server.requests.first)
        #expect(request.authorization == nil)
        #expect(request.texts.first?.text.contains("1280x720") == true)
        #expect(turn.thought == "Saving needs the button.")
        #expect(try episode.grammar.parse(turn.text) == [.click(button: .left, at: Point(x: 1100, y: 650), count: 1)])
    }

    @Test func qwenToolCallsInTheTextOrParsedByTheServer() async throws {
        let inText =
            "Action: Open the File menu.\n<tool_call>\n{\"name\": \"computer_use\", \"arguments\": "
            + "{\"action\": \"left_click\", \"coordinate\": [999, 0]}}\n</tool_call>"
        let server = try await FakeModelServer.start([
            .completion(content: inText),
            .completion(content: nil, toolCalls: [("computer_use", #"{"action": "type", "text": "report"}"#)]),
        ])
        defer { Task { await server.stop() } }
        let agent = try OpenAIChatAgent(configuration: configuration(server, grammar: "qwen_computer_use"), logger: TestSupport.logger)
        let episode = try await agent.startEpisode(TestSupport.task())
        let first = try #require(try await episode.next(TestSupport.observation(step: 1)))
        let second = try #require(try await episode.next(TestSupport.observation(step: 2)))
        await server.stop()
        #expect(try episode.grammar.parse(first.text) == [.click(button: .left, at: Point(x: 1279, y: 0), count: 1)])
        #expect(try episode.grammar.parse(second.text) == [.typing("report")])

        // The tool definition in the system prompt is valid JSON and names the grid.
        let system = try #require(await server.requests.first?.texts.first?.text)
        let start = try #require(system.range(of: "<tools>\n")), end = try #require(system.range(of: "\n</tools>"))
        let tool = try JSONSerialization.jsonObject(with: Data(system[start.upperBound..<end.lowerBound].utf8)) as? [String: Any]
        let function = try #require(tool?["function"] as? [String: Any])
        #expect(function["name"] as? String == "computer_use")
        #expect((function["description"] as? String)?.contains("999x999") == true)
    }

    /// One canned answer per grammar, in the shape its template asks for, and where it must click.
    struct GrammarCase: Sendable, CustomTestStringConvertible {
        var grammar: String
        var coordinates: CoordinateMode
        var answer: String
        var point: Point
        var testDescription: String { "\(grammar) (\(coordinates))" }
    }

    static let grammarCases: [GrammarCase] = [
        GrammarCase(
            grammar: "pyautogui", coordinates: .relative, answer: "```python\npyautogui.click(300, 400)\n```",
            point: Point(x: 300, y: 400)),
        GrammarCase(
            grammar: "computer_13", coordinates: .relative,
            answer: "```json\n{\"action_type\": \"CLICK\", \"x\": 300, \"y\": 400}\n```", point: Point(x: 300, y: 400)),
        GrammarCase(
            grammar: "uitars", coordinates: .absolute,
            answer: "Thought: click.\nAction: click(start_box='<|box_start|>(644,364)<|box_end|>')",
            point: Point(x: 640, y: 360)),
        GrammarCase(
            grammar: "qwen_computer_use", coordinates: .absolute,
            answer:
                "<tool_call>\n{\"name\": \"computer_use\", \"arguments\": {\"action\": \"left_click\", \"coordinate\": [644, 364]}}\n</tool_call>",
            point: Point(x: 640, y: 360)),
        GrammarCase(
            grammar: "anthropic_computer", coordinates: .relative,
            answer:
                "```json\n{\"type\": \"tool_use\", \"name\": \"computer\", \"input\": {\"action\": \"left_click\", \"coordinate\": [300, 400]}}\n```",
            point: Point(x: 300, y: 400)),
        GrammarCase(
            grammar: "openai_computer_use", coordinates: .relative,
            answer:
                "```json\n{\"type\": \"computer_call\", \"action\": {\"type\": \"click\", \"button\": \"left\", \"x\": 300, \"y\": 400}}\n```",
            point: Point(x: 300, y: 400)),
    ]

    @Test(arguments: grammarCases)
    func everyGrammarHasATemplateAndReadsItsAnswers(_ test: GrammarCase) async throws {
        let server = try await FakeModelServer.start([.completion(content: test.answer)])
        defer { Task { await server.stop() } }
        var settings = configuration(server, grammar: test.grammar)
        settings.coordinates = test.coordinates
        let agent = try OpenAIChatAgent(configuration: settings, logger: TestSupport.logger)
        let episode = try await agent.startEpisode(TestSupport.task())
        let turn = try #require(try await episode.next(TestSupport.observation(step: 1)))
        await server.stop()
        #expect(episode.grammar.name == test.grammar)
        let actions = try episode.grammar.parse(turn.text)
        #expect(actions.first?.points == [test.point])
        let system = try #require(await server.requests.first?.texts.first?.text)
        let setup = try GrammarSetup(name: test.grammar, coordinates: test.coordinates, agent: "test")
        #expect(system == OpenAIChatAgent.systemPrompt(grammar: setup, screen: TestSupport.screen))
        #expect(system.count > 300)
    }

    // MARK: Failures

    @Test func retriesAfter503() async throws {
        let server = try await FakeModelServer.start([
            .status(503, body: #"{"error": {"message": "model is loading"}}"#),
            .status(503, body: "busy"),
            .completion(content: "DONE"),
        ])
        defer { Task { await server.stop() } }
        let agent = try OpenAIChatAgent(configuration: configuration(server, retries: 3), logger: TestSupport.logger)
        let turn = try #require(try await agent.startEpisode(TestSupport.task()).next(TestSupport.observation(step: 1)))
        await server.stop()
        #expect(turn.text == "DONE")
        #expect(turn.requests.map(\.attempt) == [1, 2, 3])
        #expect(turn.requests.map(\.status) == [503, 503, 200])
        #expect(turn.requests[0].error == "HTTP 503: model is loading")
        #expect(turn.requests[2].error == nil)
        #expect(await server.requests.count == 3)
    }

    @Test func repeated500IsAnEndpointError() async throws {
        let server = try await FakeModelServer.start([.status(500, body: "internal error")])
        defer { Task { await server.stop() } }
        let agent = try OpenAIChatAgent(configuration: configuration(server, retries: 2), logger: TestSupport.logger)
        let episode = try await agent.startEpisode(TestSupport.task())
        let error = await #expect(throws: AgentError.self) { _ = try await episode.next(TestSupport.observation(step: 1)) }
        await server.stop()
        #expect(error?.kind == .endpoint)
        #expect(error?.requests.map(\.status) == [500, 500, 500])
        #expect(error?.message.contains("3 attempts") == true)
        #expect(await server.requests.count == 3)
    }

    @Test func refusedConnectionIsAnEndpointError() async throws {
        // A port that was just listening and is closed now.
        let closed = try await FakeModelServer.start([.completion(content: "DONE")])
        let port = closed.port
        await closed.stop()
        let agent = try OpenAIChatAgent(configuration: configuration(nil, port: port, retries: 1), logger: TestSupport.logger)
        let episode = try await agent.startEpisode(TestSupport.task())
        let error = await #expect(throws: AgentError.self) { _ = try await episode.next(TestSupport.observation(step: 1)) }
        #expect(error?.kind == .endpoint)
        #expect(error?.requests.count == 2)
        #expect(error?.requests.allSatisfy { $0.status == nil && $0.error?.contains("cannot connect") == true } == true)
    }

    @Test func slowAnswerTimesOutIsRetriedThenFails() async throws {
        let server = try await FakeModelServer.start([.delayed(.seconds(3), .completion(content: "DONE"))])
        defer { Task { await server.stop() } }
        let agent = try OpenAIChatAgent(
            configuration: configuration(server, retries: 1, timeout: .milliseconds(300)),
            logger: TestSupport.logger)
        let episode = try await agent.startEpisode(TestSupport.task())
        let error = await #expect(throws: AgentError.self) { _ = try await episode.next(TestSupport.observation(step: 1)) }
        let received = await server.requests.count
        await server.stop()
        #expect(error?.kind == .endpoint)
        #expect(error?.requests.count == 2)
        #expect(error?.requests.allSatisfy { $0.status == nil && $0.error == "no answer within 0.3 s" } == true)
        #expect(received == 2)
    }

    @Test func unauthorizedIsNotRetried() async throws {
        let server = try await FakeModelServer.start([.status(401, body: #"{"error": {"message": "Incorrect API key"}}"#)])
        defer { Task { await server.stop() } }
        let agent = try OpenAIChatAgent(configuration: configuration(server, apiKey: "wrong", retries: 3), logger: TestSupport.logger)
        let episode = try await agent.startEpisode(TestSupport.task())
        let error = await #expect(throws: AgentError.self) { _ = try await episode.next(TestSupport.observation(step: 1)) }
        await server.stop()
        #expect(error?.kind == .badInput)
        #expect(error?.message.contains("Incorrect API key") == true)
        #expect(error?.requests.map(\.status) == [401])
        #expect(await server.requests.count == 1)
    }

    @Test func okThatIsNotACompletionIsAProtocolViolation() async throws {
        let server = try await FakeModelServer.start([.status(200, body: #"{"object": "list", "data": []}"#)])
        defer { Task { await server.stop() } }
        let agent = try OpenAIChatAgent(configuration: configuration(server), logger: TestSupport.logger)
        let episode = try await agent.startEpisode(TestSupport.task())
        let error = await #expect(throws: AgentError.self) { _ = try await episode.next(TestSupport.observation(step: 1)) }
        await server.stop()
        #expect(error?.kind == .protocolViolation)
        #expect(error?.message.contains("no choices") == true)
        #expect(error?.requests.map(\.status) == [200])
    }

    // MARK: Configuration

    @Test func badSettingsAreNamed() throws {
        var settings = configuration(nil, port: 9)
        settings.historyLength = 0
        let history = #expect(throws: AgentError.self) { _ = try OpenAIChatAgent(configuration: settings, logger: TestSupport.logger) }
        #expect(history?.kind == .badInput && history?.message.contains("history length 0") == true)

        settings = configuration(nil, port: 9, grammar: "pyautogooey")
        let grammar = #expect(throws: AgentError.self) { _ = try OpenAIChatAgent(configuration: settings, logger: TestSupport.logger) }
        #expect(grammar?.message.contains("pyautogooey") == true && grammar?.message.contains("uitars") == true)

        settings = configuration(nil, port: 9)
        settings.baseURL = URL(string: "ftp://example.org/v1")!
        let url = #expect(throws: AgentError.self) { _ = try OpenAIChatAgent(configuration: settings, logger: TestSupport.logger) }
        #expect(url?.message.contains("ftp://example.org/v1") == true)
    }

    @Test func apiKeyComesFromTheNamedVariableAndIsNeverPrinted() {
        let environment = ["MY_KEY": "sk-secret", "EMPTY": ""]
        #expect(OpenAIChatAgent.Configuration.apiKey(fromEnvironment: "MY_KEY", environment: environment) == "sk-secret")
        #expect(OpenAIChatAgent.Configuration.apiKey(fromEnvironment: "EMPTY", environment: environment) == nil)
        #expect(OpenAIChatAgent.Configuration.apiKey(environment: environment) == nil)
        let settings = configuration(nil, port: 9, apiKey: "sk-secret")
        #expect(!settings.description.contains("sk-secret"))
    }
}
