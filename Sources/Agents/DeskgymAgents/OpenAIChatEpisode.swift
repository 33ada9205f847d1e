import DeskgymActions
import Foundation

/// One episode's conversation with a chat-completions model.
actor OpenAIChatEpisode: AgentEpisode {
    nonisolated let grammar: any ActionGrammar
    private let grammarName: String
    private let template: PromptTemplate
    private let instruction: String
    private let observationType: ObservationType
    private let configuration: OpenAIChatAgent.Configuration
    private let client: ChatCompletionClient

    /// One step of the conversation: what the user message said, its screenshot (as the data URL
    /// sent), and the answer.
    private struct Exchange {
        var text: String
        /// Nil once the screenshot can no longer be sent (it fell out of the history).
        var screenshot: String?
        var answer: String?
    }

    private var exchanges: [Exchange] = []

    init(
        grammar: any ActionGrammar, grammarName: String, template: PromptTemplate, instruction: String,
        observationType: ObservationType = .screenshot, configuration: OpenAIChatAgent.Configuration, client: ChatCompletionClient
    ) {
        self.observationType = observationType
        self.grammar = grammar
        self.grammarName = grammarName
        self.template = template
        self.instruction = instruction
        self.configuration = configuration
        self.client = client
    }

    func next(_ observation: AgentObservation) async throws(AgentError) -> AgentTurn? {
        var text =
            exchanges.isEmpty
            ? template.taskMessage(instruction: instruction)
            : PromptTemplate.followUp(step: observation.step, previousProblem: observation.previousProblem)
        if exchanges.isEmpty, let problem = observation.previousProblem {
            text += "\n\n" + PromptTemplate.followUp(step: observation.step, previousProblem: problem)
        }
        if let output = PromptTemplate.commandOutput(observation.commands) {
            text += "\n\nYour shell commands printed:\n" + output
        }
        if observationType.readsTree {
            text +=
                "\n\n"
                + PromptTemplate.accessibilityTree(
                    observation.accessibilityTree, note: observation.accessibilityNote, type: observationType)
        }
        let screenshot = observationType.showsScreenshot ? ChatRequest.Part.pngDataURL(observation.screenshot.png) : nil
        let current = Exchange(text: text, screenshot: screenshot, answer: nil)
        let body: Data
        do {
            body = try JSONEncoder().encode(request(with: current))
        } catch {
            throw AgentError(
                kind: .badInput, agent: "openai:\(configuration.model)",
                message: "cannot encode the request: \(error)")
        }
        let reply = try await client.complete(body)
        let content = reply.completion.content
        exchanges.append(Exchange(text: current.text, screenshot: current.screenshot, answer: content))
        // The next request sends this many of the latest stored screenshots, besides its own.
        let kept = configuration.historyLength - 1
        for index in exchanges.indices.dropLast(kept) { exchanges[index].screenshot = nil }
        return AgentTurn(
            text: content,
            thought: ThoughtExtractor.thought(
                content: content, reasoning: reply.completion.reasoning,
                grammar: grammarName),
            modelMilliseconds: reply.milliseconds, usage: reply.completion.usage, requests: reply.requests)
    }

    /// The request for the conversation so far followed by `current`: the system prompt, then each
    /// exchange's user message (with its screenshot if it is among the last `historyLength`) and answer.
    private func request(with current: Exchange) -> ChatRequest {
        let all = exchanges + [current]
        let firstWithImage = max(0, all.count - configuration.historyLength)
        var messages: [ChatRequest.Message] = [.system(template.system)]
        for (index, exchange) in all.enumerated() {
            if index >= firstWithImage, let screenshot = exchange.screenshot {
                messages.append(.user([.text(exchange.text), .imageURL(screenshot)]))
            } else if observationType.showsScreenshot {
                messages.append(.user([.text(exchange.text + "\n" + PromptTemplate.omittedScreenshot)]))
            } else {
                messages.append(.user([.text(exchange.text)]))
            }
            if let answer = exchange.answer {
                messages.append(.assistant(answer))
            }
        }
        return ChatRequest(
            model: configuration.model, messages: messages, maxTokens: configuration.maxTokens,
            temperature: configuration.temperature, topP: configuration.topP)
    }
}
