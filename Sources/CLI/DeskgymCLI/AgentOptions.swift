import ArgumentParser
import DeskgymActions
import DeskgymAgents
import Foundation
import Logging

/// The options that choose and set up the agent, shared by `run` and `eval`.
struct AgentOptions: ParsableArguments {
    @Option(help: "The agent: \(AgentCatalog.forms.joined(separator: ", ")).")
    var agent = "reference"
    @Option(help: "The OpenAI-compatible endpoint of the openai agent, e.g. http://127.0.0.1:8000/v1.")
    var baseURL: String?
    @Option(help: "The model name the endpoint serves.")
    var model: String?
    @Option(help: "The action grammar the model answers in: \(ActionGrammars.names.joined(separator: ", ")).")
    var grammar = "pyautogui"
    @Option(help: "The environment variable holding the API key (sent as a bearer token when set).")
    var apiKeyEnv = OpenAIChatAgent.Configuration.defaultAPIKeyVariable
    @Option(help: "How many of the latest screenshots the model sees.")
    var history = 3
    @Option(help: "UI-TARS / Qwen coordinates: relative (0-1000 / 0-999) or absolute (smart-resized image pixels).")
    var coordinates = "relative"
    @Option(help: "Seconds before a model request times out.")
    var requestTimeout = 120
    @Option(help: "Retries of a failed model request (connection errors, time-outs, 429, 5xx).")
    var retries = 3
    @Option(help: "Actions the random agent answers before DONE.")
    var randomSteps = 10
    @Option(
        help: """
            What observations carry, as OSWorld names it: screenshot, a11y_tree (the tree alone: \
            the model sees no screenshot), screenshot_a11y_tree, or som (numbered boxes on the \
            screenshot, the marks table; answers may click tag_N). With the tree, the model reads \
            OSWorld's linearized table and the trajectory keeps the XML per step (gzip).
            """)
    var observationType = "screenshot"

    /// ``observationType`` read.
    func parsedObservationType() throws -> ObservationType {
        guard let type = ObservationType(rawValue: observationType) else {
            throw ValidationError(
                "--observation-type must be one of \(ObservationType.allCases.map(\.rawValue).joined(separator: ", ")), "
                    + "got '\(observationType)'")
        }
        return type
    }

    /// The agent these options name.
    func makeAgent(logger: Logger) throws -> any Agent {
        do {
            _ = try ActionGrammars.named(grammar)
        } catch {
            throw ValidationError("\(error)")
        }
        var openAI: OpenAIChatAgent.Configuration?
        if let baseURL {
            guard let url = URL(string: baseURL), url.scheme == "http" || url.scheme == "https" else {
                throw ValidationError("--base-url '\(baseURL)' is not an http(s) URL")
            }
            guard let model else { throw ValidationError("--base-url needs --model") }
            do {
                openAI = OpenAIChatAgent.Configuration(
                    baseURL: url, model: model, apiKey: OpenAIChatAgent.Configuration.apiKey(fromEnvironment: apiKeyEnv),
                    grammar: grammar, coordinates: try CoordinateMode(parsing: coordinates), historyLength: history,
                    requestTimeout: .seconds(requestTimeout), retries: retries)
            } catch {
                throw ValidationError("\(error)")
            }
        }
        do {
            return try AgentCatalog.agent(agent, openAI: openAI, randomSteps: randomSteps, logger: logger)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
