import DeskgymCore
import Foundation

/// The metric on GIMP's configuration files (`gimprc`, `sessionrc`).
extension Metric {
    /// `check_config_status` (OSWorld's `gimp.py`): some line of the file, read as
    /// `(key … value)` — stripped, its leading `(`s and trailing `)`s removed, split at white
    /// space — has `rules.key` as its first word and `rules.value` as its last. With a key of two
    /// words (a list), the first two words must be those.
    ///
    /// Lines starting with `#` and empty lines are skipped. As in OSWorld, the lines are read in
    /// order and the first match scores 1; a line that holds no word (or one word where two are
    /// looked for) before any match stops the check with 0, where OSWorld raises.
    public static func checkConfigStatus(result: URL?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let metric = "check_config_status"
        let key = try rules.required("key", metric: metric)
        let value = try rules.required("value", metric: metric)
        let keyWords: [String]?
        switch key {
        case .string(let word): keyWords = [word]
        case .array(let words) where words.count == 2:
            keyWords = words.compactMap(\.stringValue).count == 2 ? words.compactMap(\.stringValue) : nil
        default: keyWords = []
        }
        guard let result else { return .fail("no result file") }
        let text: String
        do { text = try TextFile.readBounded(result) } catch { return .fail("\(error)") }
        // A key of another shape, or a value that is not a string, never matches in OSWorld.
        guard let keyWords, !keyWords.isEmpty, case .string(let wantedValue) = value else {
            return .fail("rules.key \(key.pythonRepr.clipped) and rules.value \(value.pythonRepr.clipped) can match no line")
        }
        for (number, line) in text.pythonFileLines().enumerated() {
            if line.hasPrefix("#") || line == "\n" { continue }
            let items = line.pythonStrip().pythonStrip("(", trailing: false).pythonStrip(")\n", leading: false)
                .split(whereSeparator: { $0.unicodeScalars.allSatisfy(\.pythonIsSpace) }).map(String.init)
            // Word by word, as Python's `and` evaluates them: a missing word raises only when the
            // words before it matched.
            var matched = true
            for (index, word) in keyWords.enumerated() {
                guard index < items.count else {
                    return .fail("\(result.lastPathComponent) line \(number + 1) has \(items.count) word(s), fewer than rules.key")
                }
                if !items[index].pythonEquals(word) {
                    matched = false
                    break
                }
            }
            if matched, items[items.count - 1].pythonEquals(wantedValue) { return .pass }
        }
        return .fail("no line of \(result.lastPathComponent) sets \(keyWords.joined(separator: " ")) to \(wantedValue)")
    }
}
