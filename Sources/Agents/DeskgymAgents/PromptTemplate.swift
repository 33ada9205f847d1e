import DeskgymActions
import DeskgymCore

/// The texts around a conversation with a model: the system prompt of a grammar, the first user
/// message (the task), and the follow-up messages that go with each new screenshot.
///
/// The templates are written for this project, each in the style its models were trained on:
/// OSWorld's prompts for pyautogui and computer_13, UI-TARS's `Thought:`/`Action:` prompt with its
/// action space, Qwen's Hermes-style tool definition, and JSON tool calls described in prose for the
/// Anthropic and OpenAI computer-use shapes. `docs/agents.md` shows them.
struct PromptTemplate: Sendable, Hashable {
    /// The system message.
    var system: String
    /// How the first user message introduces the task; `instruction` is placed after it.
    var taskHeading: String

    /// The template for `setup` on a `screen`-sized screen.
    static func forGrammar(_ setup: GrammarSetup, screen: Size) -> PromptTemplate {
        let space = setup.coordinateSpace(for: screen)
        switch setup.name {
        case Computer13Grammar.name:
            return PromptTemplate(system: computer13(screen: screen), taskHeading: "Task:")
        case UITARSGrammar.name:
            return PromptTemplate(system: uiTARS(), taskHeading: "## User Instruction")
        case QwenComputerUseGrammar.name:
            return PromptTemplate(system: qwenComputerUse(space: space), taskHeading: "Task:")
        case AnthropicComputerGrammar.name:
            return PromptTemplate(system: anthropicComputer(space: space), taskHeading: "Task:")
        case OpenAIComputerUseGrammar.name:
            return PromptTemplate(system: openAIComputerUse(space: space), taskHeading: "Task:")
        default:
            return PromptTemplate(system: pyAutoGUI(screen: screen), taskHeading: "Task:")
        }
    }

    /// The first user message's text.
    func taskMessage(instruction: String) -> String {
        "\(taskHeading)\n\(instruction)"
    }

    /// The text of the user message that brings the screenshot of `step` (2 or more).
    static func followUp(step: Int, previousProblem: String?) -> String {
        guard let previousProblem else {
            return "The screen after your last answer (step \(step))."
        }
        return "Your last answer could not be executed, so nothing was done: \(previousProblem)\n"
            + "Look at the screen (step \(step)) and answer again in the required format."
    }

    /// The output of the previous answer's shell commands, as the model reads it (each stream cut
    /// to its last `limit` characters, since a model's context is finite and the end of a log is
    /// what usually matters).
    static func commandOutput(_ results: [CommandResult], limit: Int = 4000) -> String? {
        guard !results.isEmpty else { return nil }
        func tail(_ text: String) -> String {
            text.count > limit ? "…" + String(text.suffix(limit)) : text
        }
        return results.map { result in
            var text = "$ \(result.command)\n"
            if !result.stdout.isEmpty { text += tail(result.stdout) + (result.stdout.hasSuffix("\n") ? "" : "\n") }
            if !result.stderr.isEmpty { text += "[stderr]\n" + tail(result.stderr) + (result.stderr.hasSuffix("\n") ? "" : "\n") }
            text += result.timedOut ? "[timed out: \(result.status)]" : "[\(result.status)]"
            return text
        }.joined(separator: "\n")
    }

    /// The most characters of the tree a prompt carries (about 10,000 tokens, OSWorld's cut).
    static let accessibilityTreeLimit = 40_000

    /// The tree as OSWorld's a11y and SoM prompts give it: a line that introduces it, then its
    /// linearized table (for `som`, the marks table; cut at ``accessibilityTreeLimit`` characters,
    /// saying so), then the question.
    static func accessibilityTree(_ table: String?, note: String?, type: ObservationType) -> String {
        var text =
            switch type {
            case .a11yTree: "Given the info from accessibility tree as below:\n"
            case .som: "Given the tagged screenshot and info from accessibility tree as below:\n"
            default: "Given the screenshot and info from accessibility tree as below:\n"
            }
        if let table {
            text += table.count > accessibilityTreeLimit ? String(table.prefix(accessibilityTreeLimit)) + "\n[...]" : table
        } else {
            text += "(no accessibility tree)"
        }
        if let note { text += "\n(\(note))" }
        return text + "\nWhat's the next step that you will do to help with the task?"
    }

    /// What stands in for a screenshot that has left the history.
    static let omittedScreenshot = "(The screenshot of this step is no longer shown.)"
}
