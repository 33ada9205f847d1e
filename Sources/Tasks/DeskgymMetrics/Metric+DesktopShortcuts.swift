import DeskgymCore
import Foundation

/// The metric on the desktop's application shortcuts.
extension Metric {
    /// `is_shortcut_on_desktop` (OSWorld's `chrome.py`): the result maps each `.desktop` file on
    /// the desktop to its text (the `shortcuts_on_desktop` getter). With `rules.type` `name`, some
    /// file must hold the line `Name=<rules.name>`; with `exec`, the line `Exec=<rules.exec>`
    /// (each followed by a line break, as OSWorld looks for it).
    ///
    /// - Throws: `MetricError` for another `rules.type` (OSWorld raises for `url`, `id` and others).
    public static func isShortcutOnDesktop(result: JSONValue?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let metric = "is_shortcut_on_desktop"
        let type = try rules.required("type", metric: metric)
        let key: String
        switch type {
        case .string("name"): key = "name"
        case .string("exec"): key = "exec"
        default:
            throw MetricError(.unsupported, metric: metric, "rules.type \(type.pythonRepr.clipped) is not supported (OSWorld: name, exec)")
        }
        guard case .string(let wanted) = try rules.required(key, metric: metric) else {
            throw MetricError(.malformedOptions, metric: metric, "rules.\(key) must be a string")
        }
        guard let shortcuts = result?.objectValue else { return .fail("no shortcuts (the getter found no desktop folder)") }
        let line = (key == "name" ? "Name=" : "Exec=") + wanted + "\n"
        for (_, content) in shortcuts.sorted(by: { $0.key < $1.key }) {
            if case .string(let text) = content, text.pythonContains(line) { return .pass }
        }
        return .fail("none of the \(shortcuts.count) shortcut(s) on the desktop has the line \(line.pythonStrip().pythonRepr.clipped)")
    }
}
