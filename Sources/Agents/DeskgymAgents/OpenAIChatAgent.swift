import DeskgymActions
import DeskgymCore
import Foundation
import Logging

/// An agent behind an OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, SGLang, llama.cpp,
/// Ollama, OpenRouter, …): each step posts the conversation with the latest screenshots and reads
/// the answer with the configured grammar.
///
/// ```swift
/// var configuration = OpenAIChatAgent.Configuration(baseURL: URL(string: "http://127.0.0.1:8000/v1")!,
///                                                   model: "ui-tars-1.5-7b", grammar: "uitars")
/// configuration.apiKey = OpenAIChatAgent.Configuration.apiKey(fromEnvironment: "OPENAI_API_KEY")
/// let agent = try OpenAIChatAgent(configuration: configuration, logger: logger)
/// ```
///
/// The conversation is: a system prompt for the grammar (``systemPrompt(grammar:screen:)``, or the
/// configuration's own), a first user message with the task's instruction and the first screenshot,
/// then for each step the model's answer and a user message with the next screenshot. Only the last
/// ``Configuration/historyLength`` screenshots are sent; older user messages keep their text. When
/// the runtime reports that an answer could not be carried out (``AgentObservation/previousProblem``),
/// the next user message says so and why. See `docs/agents.md`.
public struct OpenAIChatAgent: Agent {
    public let configuration: Configuration
    let setup: GrammarSetup
    let client: ChatCompletionClient

    /// Checks `configuration` (an http(s) base URL, a model name, a known grammar, a history of at
    /// least one screenshot, …) and throws ``AgentError/Kind/badInput`` naming what is wrong.
    /// `logger` gets a warning for each retried request.
    public init(configuration: Configuration, logger: Logger) throws(AgentError) {
        self.configuration = configuration
        setup = try configuration.validated()
        client = ChatCompletionClient(
            endpoint: configuration.baseURL.appendingPathComponent("chat/completions"),
            apiKey: configuration.apiKey, timeout: configuration.requestTimeout,
            retries: configuration.retries, initialBackoff: configuration.initialBackoff,
            maxBackoff: configuration.maxBackoff, logger: logger,
            agent: "openai:\(configuration.model)")
    }

    /// `openai:MODEL`.
    public var name: String { "openai:\(configuration.model)" }

    public func startEpisode(_ task: AgentTask) async throws(AgentError) -> any AgentEpisode {
        let grammar = try setup.grammar(for: task.screen, agent: name)
        var template = PromptTemplate.forGrammar(setup, screen: task.screen)
        if let custom = configuration.systemPrompt { template.system = custom }
        return OpenAIChatEpisode(
            grammar: grammar, grammarName: setup.name, template: template,
            instruction: task.instruction, observationType: task.observationType, configuration: configuration, client: client)
    }

    /// The system prompt the agent sends for `grammar` on a `screen`-sized screen, when the
    /// configuration has none of its own.
    public static func systemPrompt(grammar: GrammarSetup, screen: Size) -> String {
        PromptTemplate.forGrammar(grammar, screen: screen).system
    }
}
