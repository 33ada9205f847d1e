import DeskgymActions
import Foundation

extension OpenAIChatAgent {
    /// How to reach the model and how to talk to it.
    public struct Configuration: Sendable, Hashable, CustomStringConvertible {
        /// The API root, such as `https://api.openai.com/v1` or `http://127.0.0.1:8000/v1`; requests
        /// go to `{baseURL}/chat/completions`.
        public var baseURL: URL
        /// The `model` field of each request.
        public var model: String
        /// Sent as `Authorization: Bearer …`; no header when nil. Never written to logs or
        /// ``description``.
        public var apiKey: String?
        /// The grammar the model answers in (``DeskgymActions/ActionGrammars/names``); it also picks
        /// the prompt template.
        public var grammar: String
        /// What a `uitars` or `qwen_computer_use` model's coordinates mean.
        public var coordinates: CoordinateMode
        /// How many of the latest screenshots each request carries (at least 1); older turns keep
        /// their text only.
        public var historyLength: Int
        /// `max_tokens` of each request.
        public var maxTokens: Int
        /// `temperature` of each request.
        public var temperature: Double
        /// `top_p` of each request; not sent when nil.
        public var topP: Double?
        /// How long one request may take before it is abandoned (and retried).
        public var requestTimeout: Duration
        /// How many times a failed request is repeated (0: no retries). Refused connections,
        /// time-outs, 429 and 5xx are retried; other 4xx are not.
        public var retries: Int
        /// The pause before the first retry; it doubles with each further retry.
        public var initialBackoff: Duration
        /// The longest pause between attempts (also the cap on a server's `Retry-After`).
        public var maxBackoff: Duration
        /// A system prompt to send instead of the grammar's template, verbatim.
        public var systemPrompt: String?

        public init(
            baseURL: URL, model: String, apiKey: String? = nil, grammar: String = PyAutoGUIGrammar.name,
            coordinates: CoordinateMode = .relative, historyLength: Int = 3, maxTokens: Int = 1500,
            temperature: Double = 0, topP: Double? = nil, requestTimeout: Duration = .seconds(120),
            retries: Int = 3, initialBackoff: Duration = .seconds(1), maxBackoff: Duration = .seconds(30),
            systemPrompt: String? = nil
        ) {
            self.baseURL = baseURL
            self.model = model
            self.apiKey = apiKey
            self.grammar = grammar
            self.coordinates = coordinates
            self.historyLength = historyLength
            self.maxTokens = maxTokens
            self.temperature = temperature
            self.topP = topP
            self.requestTimeout = requestTimeout
            self.retries = retries
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
            self.systemPrompt = systemPrompt
        }

        /// The name of the environment variable the API key is read from unless the user names another.
        public static let defaultAPIKeyVariable = "OPENAI_API_KEY"

        /// The value of `variable` in `environment`, nil when it is unset or empty.
        public static func apiKey(
            fromEnvironment variable: String = defaultAPIKeyVariable,
            environment: [String: String] = ProcessInfo.processInfo.environment
        ) -> String? {
            guard let value = environment[variable], !value.isEmpty else { return nil }
            return value
        }

        /// The settings, with the API key left out.
        public var description: String {
            "\(baseURL.absoluteString) model \(model), grammar \(grammar) (\(coordinates) coordinates), "
                + "history \(historyLength), max_tokens \(maxTokens), temperature \(temperature), "
                + "time-out \(requestTimeout), retries \(retries), key \(apiKey == nil ? "none" : "set")"
        }

        /// Checks the values a request cannot do without.
        func validated() throws(AgentError) -> GrammarSetup {
            let agent = "openai:\(model)"
            func bad(_ message: String) -> AgentError { AgentError(kind: .badInput, agent: agent, message: message) }
            guard let scheme = baseURL.scheme?.lowercased(), scheme == "http" || scheme == "https", baseURL.host != nil else {
                throw bad("base URL '\(baseURL.absoluteString)' is not an http(s) URL")
            }
            guard !model.trimmingCharacters(in: .whitespaces).isEmpty else { throw bad("the model name is empty") }
            guard historyLength >= 1 else { throw bad("history length \(historyLength): at least 1 screenshot must be sent") }
            guard maxTokens >= 1 else { throw bad("max tokens \(maxTokens) must be at least 1") }
            guard retries >= 0 else { throw bad("retries \(retries) must not be negative") }
            guard requestTimeout > .zero else { throw bad("request time-out \(requestTimeout) must be positive") }
            guard initialBackoff >= .zero, maxBackoff >= .zero else { throw bad("back-off durations must not be negative") }
            guard temperature.isFinite, temperature >= 0 else { throw bad("temperature \(temperature) must be ≥ 0") }
            return try GrammarSetup(name: grammar, coordinates: coordinates, agent: agent)
        }
    }
}
