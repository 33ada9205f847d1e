import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// The registry, the dispatcher, `infeasible`, and the Python reproductions the metrics rest on.
@Suite("Metric registry and Python semantics")
struct MetricRegistryTests {
    @Test func namesCoverTheIssueList() {
        let wanted = [
            "exact_match", "check_include_exclude", "match_in_list", "literal_match", "is_in_list", "diff_text_file",
            "fuzzy_match", "check_csv", "check_list", "check_json", "check_direct_json_object", "compare_text_file",
            "compare_csv", "compare_table", "check_json_settings", "file_contains", "check_line_number", "infeasible",
            "compare_images", "run_sqlite3", "compare_docx_files", "compare_pptx_files",
        ]
        #expect(Set(MetricRegistry.names).isSuperset(of: wanted))
        #expect(MetricRegistry.names == MetricRegistry.names.sorted())
        #expect(!MetricRegistry.contains("compare_pdf_images"))
    }

    // An unknown name is an error that names it and suggests the closest known ones.
    @Test func unknownMetricSuggestsClosest() {
        do {
            _ = try Metric.evaluate(name: "exact_matc", result: .text("x"), expected: .none)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .unknownMetric)
            #expect(error.metric == "exact_matc")
            #expect(error.suggestions.first == "exact_match")
            #expect(error.description.contains("'exact_match'"))
        }
    }

    // A metric given the wrong kind of input (text where it reads a file) is an error, not a 0.
    @Test func wrongInputKind() {
        #expect(throws: MetricError.self) {
            try Metric.evaluate(name: "compare_text_file", result: .text("hello"), expected: .none)
        }
        #expect(throws: MetricError.self) {
            try Metric.evaluate(name: "exact_match", result: .text("x"), expected: .text("x"))
        }
    }

    // infeasible: 1 exactly when the agent's last action was FAIL.
    @Test func infeasible() throws {
        #expect(try MetricFixture.score("infeasible", .none, .none, context: MetricContext(lastActionWasFail: true)) == 1)
        let outcome = try Metric.evaluate(
            name: "infeasible", result: .none, expected: .none, context: MetricContext(lastActionWasFail: false))
        #expect(outcome.score == 0)
        #expect(outcome.reason != nil)
    }

    // difflib.SequenceMatcher(None, a, b).ratio() in Python 3.11, on characters.
    @Test(arguments: [
        ("abcd", "bcda", 0.75),
        ("kitten", "sitting", 0.6153846153846154),
        ("The quick brown fox", "The quick brown dog jumps", 0.7727272727272727),
        ("h\u{E9}llo w\u{F6}rld", "hello world", 0.8181818181818182),
        // 200 characters: autojunk makes both letters popular, so nothing matches.
        (String(repeating: "ab", count: 100), String(repeating: "ba", count: 100), 0.0),
        ("", "", 1.0),
    ])
    func sequenceMatcherAgreesWithDifflib(pair: (String, String, Double)) {
        #expect(SequenceMatcher(Array(pair.0.unicodeScalars), Array(pair.1.unicodeScalars)).ratio() == pair.2)
    }

    // autojunk: in a 300-line b, "x" (100 times > 300/100 + 1) cannot start a match. Python:
    // 0.3333333333333333 with autojunk, 0.6666666666666666 without.
    @Test func sequenceMatcherAutojunk() {
        let b = (0..<300).map { $0 % 3 == 0 ? "x" : "l\($0)" }
        let a = (0..<300).map { $0 % 3 == 1 ? "x" : "l\($0)" }
        #expect(SequenceMatcher(a, b).ratio() == 0.3333333333333333)
        #expect(SequenceMatcher(a, b, autojunk: false).ratio() == 0.6666666666666666)
        // Popular elements still extend a match found next to them: Python gives 0.00398406374501992.
        let a2 = Array(repeating: "x", count: 250) + ["y"], b2 = ["y"] + Array(repeating: "x", count: 250)
        #expect(SequenceMatcher(a2, b2).ratio() == 0.00398406374501992)
        #expect(SequenceMatcher(a2, b2, autojunk: false).ratio() == 0.9960159362549801)
    }

    // Python repr(float), which str() of a spreadsheet value uses (sheet_fuzzy).
    @Test(arguments: [
        (1.0, "1.0"), (0.1, "0.1"), (1e16, "1e+16"), (1e15, "1000000000000000.0"), (123456789012345.6, "123456789012345.6"),
        (1.5e-05, "1.5e-05"), (0.0001, "0.0001"), (-2.5, "-2.5"), (1e22, "1e+22"), (100.0, "100.0"),
        (1_152_921_504_606_846_976.0, "1.152921504606847e+18"), (1.0 / 3.0, "0.3333333333333333"),
    ])
    func pythonFloatRepr(pair: (Double, String)) {
        #expect(pair.0.pythonFloatRepr == pair.1)
    }

    // Python's splitlines splits at more than "\n"; a final terminator adds no empty line.
    @Test func pythonSplitLines() {
        #expect("a\nb\r\nc\rd\u{0B}e\u{0C}f\u{1C}g\u{85}h\u{2028}i\n".pythonSplitLines() == ["a", "b", "c", "d", "e", "f", "g", "h", "i"])
        #expect("a\n\n".pythonSplitLines() == ["a", ""])
        #expect("".pythonSplitLines() == [])
    }

    // Python regex syntax ICU lacks is rewritten; "$" only sees "\n" as a line end.
    @Test func pythonRegex() throws {
        #expect(try PythonRegex(#"(?P<w>ab)(?P=w)"#).search("xxabab"))
        #expect(try PythonRegex(#"[]x]"#).search("]"))
        #expect(try PythonRegex(#"[[]"#).search("a[b"))
        #expect(try PythonRegex("a$").search("alpha\n"))
        #expect(try !PythonRegex("a$").search("alpha\u{2028}"))
        #expect(try PythonRegex("SMART", flags: ["IGNORECASE"]).search("smart"))
        #expect(throws: PythonRegexError.self) { try PythonRegex("(") }
    }
}
