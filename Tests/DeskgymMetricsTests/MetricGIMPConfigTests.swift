import DeskgymCore
import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// `check_config_status` on gimprc-style files. Each expected outcome is what OSWorld's
/// gimp.py gives for the same file and rule (`scripts/osworld-gimp-reference.py`); "IndexError"
/// cases raise there and score 0 here.
@Suite("check_config_status")
struct MetricGIMPConfigTests {
    static let files = [
        "gimprc": "# GIMP gimprc\n#\n\n(undo-levels 100)\n(default-image\n    (width 1920)\n    (height 1080))\n(theme \"Dark\")\n",
        "blank": "# c\n   \n(undo-levels 100)\n",
        "late-blank": "(undo-levels 100)\n  \n",
        "sessionrc":
            "(session-info \"toplevel\"\n    (factory-entry \"gimp-single-image-window\")\n    (position 0 0))\n(hide-docks no)\n(single-window-mode yes)\n",
        "one": "(single-window-mode)\n(undo-levels 5)\n",
        "crlf": "(undo-levels 100)\r\n",
    ]

    @Test("a line's first word(s) and last word, as OSWorld splits gimprc lines")
    func cases() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases: [(String, String, Bool, String?)] = [
            ("gimprc", #"{"key": "undo-levels", "value": "100"}"#, true, nil),
            ("gimprc", #"{"key": "undo-levels", "value": "99"}"#, false, "sets no 'undo-levels' to '99'"),
            // "(height 1080))" loses both parentheses: rstrip(')\n').
            ("gimprc", #"{"key": "height", "value": "1080"}"#, true, nil),
            ("gimprc", #"{"key": "theme", "value": "\"Dark\""}"#, true, nil),
            ("gimprc", #"{"key": "undo-levels", "value": 100}"#, false, "sets no"),
            ("blank", #"{"key": "undo-levels", "value": "100"}"#, false, "line 2 has no words"),
            ("late-blank", #"{"key": "undo-levels", "value": "100"}"#, true, nil),
            ("late-blank", #"{"key": "x", "value": "100"}"#, false, "IndexError"),
            ("sessionrc", #"{"key": ["session-info", "\"toplevel\""], "value": "\"toplevel\""}"#, true, nil),
            ("sessionrc", #"{"key": "single-window-mode", "value": "yes"}"#, true, nil),
            ("sessionrc", #"{"key": "hide-docks", "value": "yes"}"#, false, "sets no"),
            ("one", #"{"key": ["single-window-mode", "x"], "value": "5"}"#, false, "items[1] raises IndexError"),
            ("one", #"{"key": ["undo-levels", "5"], "value": "5"}"#, true, nil),
            ("crlf", #"{"key": "undo-levels", "value": "100"}"#, true, nil),
        ]
        for (name, rules, passes, reason) in cases {
            let file = MetricFixture.file(name, try #require(Self.files[name]), in: folder)
            let outcome = try Metric.evaluate(
                name: "check_config_status", result: .file(file), expected: .json(.object(MetricFixture.options(rules))))
            #expect(outcome.score == (passes ? 1 : 0), "\(name) \(rules): \(outcome)")
            if let reason { #expect(outcome.reason?.contains(reason) == true, "\(name) \(rules): \(outcome)") }
        }
    }

    @Test("no file, a missing file and rules without key or value")
    func badInput() throws {
        let rules = MetricInput.json(.object(MetricFixture.options(#"{"key": "undo-levels", "value": "100"}"#)))
        #expect(try Metric.evaluate(name: "check_config_status", result: .none, expected: rules).reason == "no config file")
        let missing = URL(fileURLWithPath: "/nonexistent/gimprc")
        #expect(
            try Metric.evaluate(name: "check_config_status", result: .file(missing), expected: rules).reason
                == "/nonexistent/gimprc does not exist")
        #expect(throws: MetricError.self) {
            try Metric.evaluate(name: "check_config_status", result: .file(missing), expected: .json(.object(["key": .string("a")])))
        }
    }
}
