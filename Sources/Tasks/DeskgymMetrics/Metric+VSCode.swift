import DeskgymCore
import Foundation

/// The metrics of OSWorld's `vscode.py` on configuration and source files.
extension Metric {
    /// `compare_config`: the whole text of the result file equals `rules.expected`, character for
    /// character. OSWorld ignores every option (the corpus passes `containment_ok`, which does
    /// nothing), and so does Deskgym.
    public static func compareConfig(result: URL?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let metric = "compare_config"
        let wanted = try rules.required("expected", metric: metric)
        guard let result else { return .fail("no result file") }
        let text: String
        do { text = try TextFile.readBounded(result) } catch { return .fail("\(error)") }
        // A non-string expected value never equals a str in Python.
        guard case .string(let expected) = wanted else {
            return .fail("rules.expected is \(wanted.typeName), which never equals the text of \(result.lastPathComponent)")
        }
        return .check(
            text.pythonEquals(expected),
            else: "\(result.lastPathComponent) holds \(text.pythonRepr.clipped), expected \(expected.pythonRepr.clipped)")
    }

    /// `check_json_keybindings`: reads the result as a JSON list — the whole file, else the file
    /// without its first line (VS Code writes a `//` comment there) — and scores 1 when
    /// `rules.expected` equals one of its items (Python `in`: objects compare key by key, in
    /// any order). A file that is neither scores 0.
    public static func checkJSONKeybindings(result: URL?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let wanted = try rules.required("expected", metric: "check_json_keybindings")
        guard let result else { return .fail("no result file") }
        let text: String
        do { text = try TextFile.readBounded(result) } catch { return .fail("\(error)") }
        var bindings: [JSONValue]?
        if case .array(let items)? = parseJSON(text) {
            bindings = items
        } else if let newline = text.firstIndex(of: "\n"), case .array(let items)? = parseJSON(String(text[text.index(after: newline)...]))
        {
            bindings = items
        }
        guard let bindings else {
            return .fail("\(result.lastPathComponent) is not a JSON list, with or without its first line")
        }
        return .check(
            bindings.contains { $0.pythonEquals(wanted) },
            else: "none of the \(bindings.count) key bindings in \(result.lastPathComponent) is \(wanted.pythonRepr.clipped)")
    }

    /// `compare_python_pure_text` (OSWorld's `general.py`): two Python sources are equal once
    /// normalised: up to three leading lines that are a shebang or a coding declaration dropped,
    /// blank lines dropped, tabs expanded to 4 columns and trailing white space removed from
    /// each line. Either file missing or not UTF-8 scores 0.
    public static func comparePythonPureText(result: URL?, expected: URL?) -> MetricOutcome {
        guard let result else { return .fail("no result file") }
        guard let expected else { return .fail("no expected file") }
        let mine: String, gold: String
        do {
            mine = try TextFile.readBounded(result)
            gold = try TextFile.readBounded(expected)
        } catch {
            return .fail("\(error)")
        }
        let left = normalizedPythonSource(mine), right = normalizedPythonSource(gold)
        if left == right { return .pass }
        let firstDifference = zip(left, right).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(left.count, right.count)
        let line = { (lines: [String]) in firstDifference < lines.count ? lines[firstDifference].pythonRepr.clipped : "(end of file)" }
        return .fail(
            "\(result.lastPathComponent) differs from \(expected.lastPathComponent) at non-blank line \(firstDifference + 1): "
                + "\(line(left)) vs \(line(right))")
    }

    /// The lines `compare_python_pure_text` compares (see there).
    static func normalizedPythonSource(_ text: String) -> [String] {
        let lines = text.pythonSplitLines()
        var index = 0
        while index < lines.count, index < 3 {
            let stripped = lines[index].pythonStrip()
            let isMetadata = ["#!", "# -*- coding:", "# coding:", "# coding="].contains { stripped.hasPrefix($0) }
            guard isMetadata else { break }
            index += 1
        }
        return lines[index...].filter { !$0.pythonStrip().isEmpty }.map { $0.pythonExpandTabs(4).pythonRStrip() }
    }
}
