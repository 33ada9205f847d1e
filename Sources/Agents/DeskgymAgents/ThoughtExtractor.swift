import DeskgymActions
import Foundation

/// Finds the model's reasoning in an answer, for reports: the endpoint's reasoning field first, then
/// a `<think>…</think>` block, then (UI-TARS) the text before `Action:`.
enum ThoughtExtractor {
    static func thought(content: String, reasoning: String?, grammar: String) -> String? {
        if let reasoning = nonEmpty(reasoning) { return reasoning }
        if let open = content.range(of: "<think>") {
            let rest = content[open.upperBound...]
            let end = rest.range(of: "</think>")?.lowerBound ?? rest.endIndex
            if let inner = nonEmpty(String(rest[..<end])) { return inner }
        }
        guard grammar == UITARSGrammar.name else { return nil }
        // `Thought: …` or `Reflection: … Action_Summary: …`, up to the `Action:` that starts the calls.
        let head: Substring
        if let action = content.range(of: "\nAction:") ?? content.range(of: "Action:", options: .anchored) {
            head = content[..<action.lowerBound]
        } else if let action = content.range(of: "Action:", options: .backwards) {
            head = content[..<action.lowerBound]
        } else {
            return nil
        }
        var text = String(head)
        if let label = text.range(of: "Thought:") {
            text = String(text[label.upperBound...])
        }
        return nonEmpty(text)
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}
