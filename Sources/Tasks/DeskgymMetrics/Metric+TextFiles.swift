import DeskgymCore
import Foundation

/// The metrics on text files copied out of the session.
extension Metric {
    /// `diff_text_file`: difflib's `SequenceMatcher(a=result_lines, b=expected_lines).ratio()` over
    /// the files' lines (Python `splitlines()`: no terminators, so a missing final newline does
    /// not count) — a partial score.
    public static func diffTextFile(result: URL?, expected: URL?) throws(MetricError) -> MetricOutcome {
        guard let result else { return .fail("no result file") }
        guard let expected else { return .fail("no expected file") }
        let resultLines: [String], expectedLines: [String]
        do {
            resultLines = try TextFile.read(result).pythonSplitLines()
            expectedLines = try TextFile.read(expected).pythonSplitLines()
        } catch {
            return .fail("\(error)")
        }
        let ratio = SequenceMatcher(resultLines.map { Array($0.utf8) }, expectedLines.map { Array($0.utf8) }).ratio()
        return ratio == 1 ? .pass : MetricOutcome(score: ratio, reason: "line similarity \(ratio)")
    }

    /// `compare_text_file`: the two files' whole texts are equal — a trailing newline counts, and
    /// "\r\n" reads as "\n". Option `ignore_blanks` turns tabs and newlines into spaces, strips the
    /// ends and collapses runs of white space to one space; `ignore_case` lower-cases both.
    public static func compareTextFile(
        result: URL?, expected: URL?, options: [String: JSONValue]
    ) throws(MetricError)
        -> MetricOutcome
    {
        guard let result else { return .fail("no result file") }
        guard let expected else { return .fail("no expected file") }
        var actualText: String, expectedText: String
        do {
            actualText = try TextFile.read(result)
            expectedText = try TextFile.read(expected)
        } catch {
            return .fail("\(error)")
        }
        if options["ignore_blanks"]?.pythonTruthy ?? false {
            actualText = collapseBlanks(actualText)
            expectedText = collapseBlanks(expectedText)
        }
        if options["ignore_case"]?.pythonTruthy ?? false {
            actualText = actualText.pythonLower()
            expectedText = expectedText.pythonLower()
        }
        return .check(actualText.pythonEquals(expectedText), else: firstDifference(actualText, expectedText))
    }

    /// `file_contains`: every string of `rules.expected` occurs in the file's text.
    public static func fileContains(result: URL?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        _ = try rules.required("expected", metric: "file_contains")
        let wanted = try rules.strings("expected", metric: "file_contains")
        guard let result else { return .fail("no result file") }
        let text: String
        do { text = try TextFile.read(result) } catch { return .fail("\(error)") }
        for item in wanted where !text.pythonContains(item) {
            return .fail("\(item.pythonRepr.clipped) is not in the file")
        }
        return .pass
    }

    /// `check_line_number`: the number of lines holding a time of day (`HH:MM:SS`, OSWorld's
    /// `([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)`) equals `rules.expected` (an integer or a string of one).
    public static func checkLineNumber(result: URL?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let expected = try rules.required("expected", metric: "check_line_number")
        guard let wanted = pythonInt(expected) else {
            throw MetricError(
                .malformedOptions, metric: "check_line_number", "rules.expected must be an integer, not \(expected.pythonRepr)")
        }
        guard let result else { return .fail("no result file") }
        let text: String
        do { text = try TextFile.read(result) } catch { return .fail("\(error)") }
        let regex: PythonRegex
        do { regex = try PythonRegex(#"([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)"#) } catch {
            return .fail("\(error)")
        }
        let count = text.pythonFileLines().filter(regex.search).count
        return .check(count == wanted, else: "\(count) lines hold a time, expected \(wanted)")
    }

    /// `check_list`: every regular expression of `rules.expect` matches (`re.search`) some line of
    /// the file, and no pattern of `rules.unexpect` matches any line. Lines keep their "\n", as
    /// Python's `for line in file` gives them; an empty file passes when there is nothing to expect.
    public static func checkList(result: URL?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let metric = "check_list"
        let expect = try rules.strings("expect", metric: metric).map { pattern throws(MetricError) in try compile(pattern, metric) }
        let unexpect = try rules.strings("unexpect", metric: metric).map { pattern throws(MetricError) in try compile(pattern, metric) }
        guard let result else { return .fail("no result file") }
        let lines: [String]
        do { lines = try TextFile.read(result).pythonFileLines() } catch { return .fail("\(error)") }
        for pattern in expect where !lines.contains(where: pattern.search) {
            return .fail("no line matches \(pattern.pattern.pythonRepr)")
        }
        for pattern in unexpect {
            if let line = lines.first(where: pattern.search) {
                return .fail("line \(line.pythonRepr.clipped) matches \(pattern.pattern.pythonRepr)")
            }
        }
        return .pass
    }

    static func compile(_ pattern: String, _ metric: String, flags: [String] = []) throws(MetricError) -> PythonRegex {
        do {
            return try PythonRegex(pattern, flags: flags)
        } catch {
            throw MetricError(.malformedOptions, metric: metric, "\(error)")
        }
    }

    /// Python `int(value)` for a rule value: an int, a float (truncated), or a string of digits.
    static func pythonInt(_ value: JSONValue) -> Int? {
        switch value {
        case .number(let number): return number.isFinite ? Int(exactly: number.rounded(.towardZero)) : nil
        case .bool(let flag): return flag ? 1 : 0
        case .string(let text):
            var digits = text.pythonStrip()
            var sign = 1
            if digits.hasPrefix("-") || digits.hasPrefix("+") {
                sign = digits.hasPrefix("-") ? -1 : 1
                digits.removeFirst()
            }
            guard !digits.isEmpty, !digits.hasPrefix("_"), !digits.hasSuffix("_"), !digits.contains("__"),
                digits.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "_" })
            else { return nil }
            return Int(digits.replacingOccurrences(of: "_", with: "")).map { $0 * sign }
        default: return nil
        }
    }

    /// `compare_text_file`'s `ignore_blanks`: tabs and newlines to spaces, strip, runs of white
    /// space to one space.
    static func collapseBlanks(_ text: String) -> String {
        var spaced = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { spaced.append(scalar == "\t" || scalar == "\n" ? " " : scalar) }
        var out = String.UnicodeScalarView()
        var inBlank = false
        for scalar in String(spaced).pythonStrip().unicodeScalars {
            if scalar.pythonIsSpace {
                if !inBlank { out.append(" ") }
                inBlank = true
            } else {
                out.append(scalar)
                inBlank = false
            }
        }
        return String(out)
    }

    /// Where two texts first differ, for a reason.
    static func firstDifference(_ actual: String, _ expected: String) -> String {
        let a = Array(actual.unicodeScalars), b = Array(expected.unicodeScalars)
        var index = 0
        while index < a.count, index < b.count, a[index] == b[index] { index += 1 }
        let line = a[..<index].filter { $0 == "\n" }.count + 1
        func excerpt(_ scalars: [Unicode.Scalar]) -> String {
            index >= scalars.count
                ? "end of text" : String(String.UnicodeScalarView(scalars[index..<Swift.min(scalars.count, index + 40)])).pythonRepr
        }
        return "texts differ at character \(index) (line \(line)): got \(excerpt(a)), expected \(excerpt(b))"
    }
}
