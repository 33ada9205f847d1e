import DeskgymActions
import DeskgymAgents
import DeskgymCore
import Foundation
import Testing

/// `docs/agents.md` shows every system prompt for a 1920x1080 screen; these must be what the agent sends.
@Suite struct PromptDocumentationTests {
    private static let page: String? = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/agents.md")
        return try? String(contentsOf: url, encoding: .utf8)
    }()

    @Test(arguments: ActionGrammars.names)
    func documentedPromptMatchesTheCode(_ grammar: String) throws {
        let page = try #require(Self.page, "docs/agents.md could not be read")
        let setup = try GrammarSetup(name: grammar, agent: "test")
        let prompt = OpenAIChatAgent.systemPrompt(grammar: setup, screen: Size(width: 1920, height: 1080))
        #expect(page.contains("#### \(grammar)\n"))
        #expect(page.contains("````text\n" + prompt + "\n````"), "the \(grammar) prompt in docs/agents.md differs from the code")
    }
}
