import DeskgymCore
import Foundation

/// The metrics on Thunderbird's message filters and mail folders (OSWorld's `thunderbird.py`).
extension Metric {
    /// The most lines of a filter or folder file read; a real one has a few hundred.
    static let thunderbirdLineLimit = 1_000_000

    /// OSWorld's filter-condition pattern: each `AND (field,relation,value)` or
    /// `OR (…)` term of a condition, or `ALL`.
    static let filterConditionPattern = #"\b(?:AND|OR) \((?:[\w ]+),(?:[\w ']+),(?:"(?:(?:[^"]|\")+)"|(?:[^)]+))\)|\bALL\b"#

    /// `check_thunderbird_filter`: reads Thunderbird's `msgFilterRules.dat` into filters — `name`,
    /// `enabled`, `type`, `action`, `actionValue` as strings and `condition` as the list of its
    /// terms (`AND (subject,contains,discount)`, `ALL`) — and scores 1 when every rule of
    /// `rules.expect` is matched by some filter and no filter matches a rule of `rules.unexpect`.
    /// A rule matches a filter when every key of the rule is in the filter with an equal value.
    ///
    /// As in OSWorld: a value is the text between `KEY="` and the line's last two characters
    /// (`"` and the line break), with `\"` and `\\` unescaped; a filter counts once its
    /// `condition` line is read, and lines after it (before the next `name=`) still change it. A
    /// key line before any `name=` line scores 0 (OSWorld raises).
    public static func checkThunderbirdFilter(result: URL?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let metric = "check_thunderbird_filter"
        let expect = try rules.list("expect", metric: metric), unexpect = try rules.list("unexpect", metric: metric)
        var expectRules: [[String: JSONValue]] = [], unexpectRules: [[String: JSONValue]] = []
        for (key, list) in [("expect", expect), ("unexpect", unexpect)] {
            for (index, rule) in list.enumerated() {
                guard let object = rule.objectValue else {
                    throw MetricError(.malformedOptions, metric: metric, "rules.\(key)[\(index)] must be an object, not \(rule.typeName)")
                }
                if key == "expect" { expectRules.append(object) } else { unexpectRules.append(object) }
            }
        }
        guard let result else { return .fail("no result file") }
        let filters: [[String: JSONValue]]
        do { filters = try thunderbirdFilters(TextFile.readBounded(result), of: result) } catch {
            return .fail("\(error)")
        }
        func matches(_ rule: [String: JSONValue], _ filter: [String: JSONValue]) -> Bool {
            rule.allSatisfy { key, value in filter[key].map { $0.pythonEquals(value) } ?? false }
        }
        for (index, rule) in expectRules.enumerated() where !filters.contains(where: { matches(rule, $0) }) {
            return .fail(
                "no filter of the \(filters.count) in \(result.lastPathComponent) matches rules.expect[\(index)] "
                    + JSONValue.object(rule).pythonRepr.clipped)
        }
        for (index, rule) in unexpectRules.enumerated() {
            if let filter = filters.first(where: { matches(rule, $0) }) {
                return .fail("filter \(filter["name"]?.pythonRepr.clipped ?? "(unnamed)") matches rules.unexpect[\(index)]")
            }
        }
        return .pass
    }

    /// The filters of a `msgFilterRules.dat` text, as `check_thunderbird_filter` reads them.
    static func thunderbirdFilters(_ text: String, of url: URL) throws(TextFileProblem) -> [[String: JSONValue]] {
        let regex: NSRegularExpression
        do { regex = try NSRegularExpression(pattern: filterConditionPattern) } catch {
            preconditionFailure("the filter-condition pattern is a constant and compiles: \(error)")
        }
        var storage: [[String: JSONValue]] = []
        var counted: [Int] = []
        let keys = [("name=", "name"), ("enabled=", "enabled"), ("type=", "type"), ("actionValue=", "actionValue"), ("action=", "action")]
        for (number, line) in text.pythonFileLines().prefix(thunderbirdLineLimit).enumerated() {
            let isCondition = line.hasPrefix("condition=")
            guard let (prefix, key) = isCondition ? ("condition=", "condition") : keys.first(where: { line.hasPrefix($0.0) }) else {
                continue
            }
            // Python's `l[len(prefix) + 1:-2]`: past the opening quote, short of `"` and "\n".
            let scalars = Array(line.unicodeScalars)
            let start = prefix.unicodeScalars.count + 1, end = scalars.count - 2
            let raw = start < end ? String(String.UnicodeScalarView(scalars[start..<end])) : ""
            let value = raw.replacingOccurrences(of: #"\""#, with: #"""#).replacingOccurrences(of: #"\\"#, with: #"\"#)
            if key == "name" {
                storage.append([:])
            } else if storage.isEmpty {
                throw TextFileProblem(url: url, message: "line \(number + 1) sets \(key) before any filter name")
            }
            if isCondition {
                let range = NSRange(value.startIndex..., in: value)
                let terms = regex.matches(in: value, range: range).compactMap { Range($0.range, in: value).map { String(value[$0]) } }
                storage[storage.count - 1][key] = .array(terms.map(JSONValue.string))
                counted.append(storage.count - 1)
            } else {
                storage[storage.count - 1][key] = .string(value)
            }
        }
        return counted.map { storage[$0] }
    }

    /// `check_thunderbird_folder`: compares each result mail-folder file with the expected one at
    /// the same place (one file each, or lists paired in order). Reproduces OSWorld's check as it
    /// runs: its reader keeps only the *blank* pieces of the text split at `FROM - ` (a `continue`
    /// skips every non-blank message), so two folders are equal when both have, or both lack, a
    /// blank piece — with option `remove_duplicate` false, the same number of them. The options
    /// `ignore_status`, `ignore_keys` and `remove_deleted` therefore change nothing, in OSWorld
    /// and here. A missing result file scores 0.
    public static func checkThunderbirdFolder(
        result: MetricInput, expected: MetricInput, options: [String: JSONValue]
    ) throws(MetricError)
        -> MetricOutcome
    {
        let metric = "check_thunderbird_folder"
        let removeDuplicate = options["remove_duplicate"]?.pythonTruthy ?? true
        let pairs: [(URL?, URL)]
        if case .files(let golds) = expected {
            guard case .files(let mine) = result else {
                if case .none = result { return .fail("no result files") }
                return .fail("the result is one file, but \(golds.count) expected files were given")
            }
            pairs = zip(mine, golds).map { ($0, $1) }
        } else {
            guard let gold = try expected.file(for: metric, role: "expected") else { return .fail("no expected file") }
            pairs = [(try result.file(for: metric, role: "result"), gold)]
        }
        for (mine, gold) in pairs {
            guard let mine else { return .fail("no result file") }
            do {
                let left = try folderKey(TextFile.readBounded(mine), removeDuplicate: removeDuplicate)
                let right = try folderKey(TextFile.readBounded(gold), removeDuplicate: removeDuplicate)
                if left != right {
                    return .fail(
                        "\(mine.lastPathComponent) reads as \(left) blank message(s) and \(gold.lastPathComponent) as \(right), "
                            + "as OSWorld's folder reader counts them")
                }
            } catch {
                return .fail("\(error)")
            }
        }
        return .pass
    }

    /// How many blank pieces OSWorld's folder reader keeps (at most one when duplicates go).
    static func folderKey(_ text: String, removeDuplicate: Bool) -> Int {
        let pieces = text.pythonStrip().components(separatedBy: "FROM - ").prefix(thunderbirdLineLimit)
        let blank = pieces.filter { $0.pythonStrip().isEmpty }.count
        return removeDuplicate ? min(blank, 1) : blank
    }
}
