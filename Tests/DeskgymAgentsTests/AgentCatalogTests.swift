import DeskgymAgents
import Foundation
import Testing

@Suite struct AgentCatalogTests {
    @Test func validFormsAreRead() throws {
        #expect(try AgentCatalog.Choice(parsing: "reference") == .reference)
        #expect(try AgentCatalog.Choice(parsing: "none") == .none)
        #expect(try AgentCatalog.Choice(parsing: "random") == .random(seed: nil))
        #expect(try AgentCatalog.Choice(parsing: "random:18446744073709551615") == .random(seed: .max))
        #expect(try AgentCatalog.Choice(parsing: "replay:/tmp/run/task-1") == .replay(folder: URL(fileURLWithPath: "/tmp/run/task-1")))
        #expect(try AgentCatalog.Choice(parsing: "openai") == .openAI(model: nil))
        #expect(try AgentCatalog.Choice(parsing: "openai:gpt-4o") == .openAI(model: "gpt-4o"))
    }

    @Test(arguments: ["", "gpt", "random:abc", "random:-1", "replay:", "replay", "reference:x", "none:1", "openai:"])
    func malformedValuesListTheForms(_ value: String) {
        let error = #expect(throws: AgentError.self) { _ = try AgentCatalog.Choice(parsing: value) }
        #expect(error?.kind == .badInput)
        #expect(error?.message.contains("random:SEED") == true && error?.message.contains("replay:DIR") == true)
    }

    @Test func agentsAreMade() throws {
        #expect(try AgentCatalog.agent("reference", logger: TestSupport.logger).name == "reference")
        #expect(try AgentCatalog.agent("random:7", logger: TestSupport.logger).name == "random:7")
        let missing = #expect(throws: AgentError.self) { _ = try AgentCatalog.agent("openai", logger: TestSupport.logger) }
        #expect(missing?.message.contains("--base-url") == true)
        let settings = OpenAIChatAgent.Configuration(baseURL: URL(string: "http://127.0.0.1:8000/v1")!, model: "first")
        #expect(try AgentCatalog.agent("openai:second", openAI: settings, logger: TestSupport.logger).name == "openai:second")
        let replay = #expect(throws: AgentError.self) {
            _ = try AgentCatalog.agent("replay:/nonexistent/deskgym-run", logger: TestSupport.logger)
        }
        #expect(replay?.message.contains("/nonexistent/deskgym-run") == true)
    }
}
