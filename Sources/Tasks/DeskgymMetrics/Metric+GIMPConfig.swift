import DeskgymCore
import Foundation

extension Metric {
    /// `check_config_status` (OSWorld's gimp.py), on the file `gimp_config_file` fetched (gimprc,
    /// sessionrc, …): some line, read as OSWorld reads it, sets `rules.key` to `rules.value`.
    ///
    /// Lines starting with `#` and empty lines are skipped; any other line is stripped, its leading
    /// `(`s and trailing `)`s removed, and split at white space: `(undo-levels 100)` is
    /// `undo-levels`, `100`. A string key must be the first word, a two-item key list the first two
    /// words, and `rules.value` (a string; a number never equals a word) the last word. A line of
    /// white space only, or of parentheses only, scores 0 unless a match came first: OSWorld's
    /// `items[0]` raises `IndexError` there.
    public static func checkConfigStatus(result: URL?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        guard let key = rules["key"], let value = rules["value"] else {
            throw MetricError(.malformedOptions, metric: "check_config_status", "rules need `key` and `value`")
        }
        guard let result else { return .fail("no config file") }
        let text: String
        do {
            text = try TextFile.read(result)
        } catch {
            return .fail("\(error)")
        }
        // A key that is neither a string nor a list of two strings never matches (OSWorld: a key
        // of another type takes neither branch; non-string items never equal a word).
        let keyWords: [String]?
        switch key {
        case .string(let word): keyWords = [word]
        case .array(let items) where items.count == 2:
            let words = items.compactMap(\.stringValue)
            keyWords = words.count == 2 ? words : nil
        default: keyWords = nil
        }
        guard let keyWords else { return .fail("rules.key \(key.pythonRepr) is neither a string nor a list of two") }
        let wanted = value.stringValue
        for (number, line) in text.pythonFileLines().enumerated() {
            if line.hasPrefix("#") || line == "\n" { continue }
            let body = line.pythonStrip().pythonStrip("(", trailing: false).pythonStrip(")\n", leading: false)
            let words = body.unicodeScalars.split(whereSeparator: \.pythonIsSpace).map { String(String.UnicodeScalarView($0)) }
            // The order of OSWorld's `and`: items[0], then items[1] for a list key, then items[-1].
            guard let first = words.first else {
                return .fail("\(result.lastPathComponent) line \(number + 1) has no words (OSWorld's items[0] raises IndexError)")
            }
            guard first == keyWords[0] else { continue }
            if keyWords.count == 2 {
                guard words.count > 1 else {
                    return .fail("\(result.lastPathComponent) line \(number + 1) has one word (OSWorld's items[1] raises IndexError)")
                }
                guard words[1] == keyWords[1] else { continue }
            }
            if let wanted, words[words.count - 1] == wanted { return .pass }
        }
        return .fail("\(result.lastPathComponent) sets no \(key.pythonRepr) to \(value.pythonRepr)")
    }
}
