import DeskgymActions
import DeskgymAgents
import DeskgymCore
import Testing

@Suite struct RandomAgentTests {
    private func run(
        _ agent: RandomAgent, task: AgentTask = TestSupport.task()
    ) async throws -> (grammar: any ActionGrammar, texts: [String]) {
        let episode = try await agent.startEpisode(task)
        var texts: [String] = []
        for step in 1...(agent.steps + 5) {
            guard let turn = try await episode.next(TestSupport.observation(step: step)) else { break }
            texts.append(turn.text)
        }
        return (episode.grammar, texts)
    }

    @Test func sameSeedGivesSameActions() async throws {
        let first = try await run(RandomAgent(seed: 42, steps: 30))
        let second = try await run(RandomAgent(seed: 42, steps: 30))
        let other = try await run(RandomAgent(seed: 43, steps: 30))
        #expect(first.texts == second.texts)
        #expect(first.texts != other.texts)
        let otherTask = try await run(RandomAgent(seed: 42, steps: 30), task: TestSupport.task(id: "task-2"))
        #expect(first.texts != otherTask.texts)
    }

    @Test func unseededAgentNamesItsSeedAndRepeats() async throws {
        let agent = RandomAgent(steps: 8)
        #expect(agent.name == "random:\(agent.seed)")
        let again = RandomAgent(seed: agent.seed, steps: 8)
        #expect(try await run(agent).texts == run(again).texts)
    }

    @Test(arguments: [UInt64(0), 1, 7, 2024, .max])
    func everyAnswerParsesStaysOnScreenAndEndsWithDone(seed: UInt64) async throws {
        let agent = RandomAgent(seed: seed, steps: 200)
        let (grammar, texts) = try await run(agent)
        #expect(grammar.name == "computer_13")
        #expect(texts.count == 201)
        var kinds: Set<String> = []
        for text in texts.dropLast() {
            let actions = try grammar.parse(text)
            #expect(actions.count == 1)
            for action in actions {
                try action.validate(on: TestSupport.screen)
                kinds.insert(action.typeName)
                switch action {
                case .hotkey, .keyDown, .keyUp, .done, .fail, .dragTo, .mouseDown, .mouseUp:
                    Issue.record("unexpected action \(action)")
                case .press(let key):
                    #expect(RandomAgent.safeKeys.contains(key.name))
                case .typing(let text):
                    #expect(!text.isEmpty && text.count <= 8 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == " ") })
                default:
                    break
                }
            }
        }
        #expect(kinds.isSuperset(of: ["CLICK", "MOVE_TO", "TYPING", "SCROLL", "PRESS"]))
        #expect(try grammar.parse(texts.last ?? "") == [.done])
    }

    @Test func safeKeysAreKnownNames() throws {
        for name in RandomAgent.safeKeys {
            _ = try Key(name)
        }
    }
}
