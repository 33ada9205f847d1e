import DeskgymCore
import Foundation

/// OSWorld's `is_extension_installed` (`metrics/vscode.py`): its tasks list VS Code's extensions
/// (or a folder) with a `vm_command_line` piped through `grep` and look for a name in the output.
extension Metric {
    /// `is_extension_installed`: with `rules.type` `"contain"`, `rules.expected` is in the result
    /// (Python `in`: a substring of text, an item of a list); with `"not_contain"`, it is not. No
    /// result scores 0 (OSWorld's `in None` would raise). Another type is an error, as OSWorld's
    /// `NotImplementedError`.
    public static func isExtensionInstalled(result: JSONValue?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let metric = "is_extension_installed"
        let type = try rules.required("type", metric: metric)
        guard type == .string("contain") || type == .string("not_contain") else {
            throw MetricError(
                .unsupported, metric: metric,
                "rules.type \(type.pythonRepr) is not supported (OSWorld knows 'contain' and 'not_contain')")
        }
        let expected = try rules.required("expected", metric: metric)
        guard let result else { return .fail("no result") }
        switch pythonIn(expected, result) {
        case .success(let found):
            if type == .string("contain") {
                return .check(found, else: "\(expected.pythonRepr.clipped) is not in \(result.pythonRepr.clipped)")
            }
            return .check(!found, else: "\(expected.pythonRepr.clipped) is in \(result.pythonRepr.clipped)")
        case .failure(let error):
            return .fail(error.message)
        }
    }
}
