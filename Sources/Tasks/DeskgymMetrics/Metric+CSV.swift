import DeskgymCore
import Foundation

/// The metrics on CSV files.
extension Metric {
    /// `check_csv`: each record pattern of `rules.expect` (an object of field → value) matches some
    /// row of the file (read as `csv.DictReader` records), and no row matches any pattern of
    /// `rules.unexpect`. A pattern matches a row when every field it names has exactly that value.
    public static func checkCSV(result: URL?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let metric = "check_csv"
        let expect = try patterns(rules.list("expect", metric: metric), key: "expect")
        let unexpect = try patterns(rules.list("unexpect", metric: metric), key: "unexpect")
        guard let result else { return .fail("no result file") }
        let records: [[String: String?]]
        do { records = PythonCSV.records(try TextFile.read(result)) } catch { return .fail("\(error)") }
        for pattern in expect where !records.contains(where: { matches(pattern, $0) }) {
            return .fail("no row matches \(JSONValue.object(pattern).pythonRepr.clipped)")
        }
        for pattern in unexpect where records.contains(where: { matches(pattern, $0) }) {
            return .fail("a row matches \(JSONValue.object(pattern).pythonRepr.clipped)")
        }
        return .pass

        func patterns(_ items: [JSONValue], key: String) throws(MetricError) -> [[String: JSONValue]] {
            var patterns: [[String: JSONValue]] = []
            for (index, item) in items.enumerated() {
                guard let object = item.objectValue else {
                    throw MetricError(.malformedOptions, metric: metric, "rules.\(key)[\(index)] must be an object, not \(item.typeName)")
                }
                patterns.append(object)
            }
            return patterns
        }
    }

    /// OSWorld's `_match_record`: every field of the pattern is in the record with an equal value
    /// (record values are strings, or `None` for a field a short row lacks).
    static func matches(_ pattern: [String: JSONValue], _ record: [String: String?]) -> Bool {
        pattern.allSatisfy { key, wanted in
            guard let entry = record.first(where: { $0.key.pythonEquals(key) }) else { return false }
            return (entry.value.map(JSONValue.string) ?? .null).pythonEquals(wanted)
        }
    }

    /// `compare_csv`: the result's lines equal some expected file's lines (Python `splitlines()`,
    /// so a final newline does not count but an extra blank line does). Files read as UTF-8 (a
    /// byte-order mark kept, as OSWorld's reader keeps it) or else Latin-1. Option `strict` (default true) false strips each
    /// line; `ignore_case` lower-cases them. An expected file that cannot be read is skipped.
    public static func compareCSV(result: URL?, expected: [URL], options: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        guard let result else { return .fail("no result file") }
        let strict = options["strict"]?.pythonTruthy ?? true
        let ignoreCase = options["ignore_case"]?.pythonTruthy ?? false
        func normalize(_ text: String) -> [String] {
            var lines = text.pythonSplitLines()
            if !strict { lines = lines.map { $0.pythonStrip() } }
            if ignoreCase { lines = lines.map { $0.pythonLower() } }
            return lines
        }
        let resultLines: [String]
        do { resultLines = normalize(try TextFile.readLenient(result)) } catch { return .fail("\(error)") }
        var reasons: [String] = []
        for url in expected {
            guard let text = try? TextFile.readLenient(url) else {
                reasons.append("\(url.lastPathComponent) cannot be read")
                continue
            }
            let expectedLines = normalize(text)
            if resultLines.count == expectedLines.count && zip(resultLines, expectedLines).allSatisfy({ $0.pythonEquals($1) }) {
                return .pass
            }
            let index =
                zip(resultLines, expectedLines).enumerated().first { !$0.element.0.pythonEquals($0.element.1) }?.offset
                ?? Swift.min(resultLines.count, expectedLines.count)
            reasons.append(
                "\(url.lastPathComponent) differs from line \(index + 1)"
                    + (resultLines.count == expectedLines.count ? "" : " (\(resultLines.count) lines, expected \(expectedLines.count))"))
        }
        if expected.isEmpty { return .fail("no expected file") }
        return .fail(reasons.joined(separator: "; "))
    }
}
