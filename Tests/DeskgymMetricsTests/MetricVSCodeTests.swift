import DeskgymCore
import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// The VS Code and GIMP configuration metrics, on files written here with the rules of OSWorld's
/// tasks, each checked against OSWorld's own function where desktop-env is installed.
@Suite("VS Code and configuration metrics")
struct MetricVSCodeTests {
    func score(_ name: String, _ result: MetricInput, _ expected: MetricInput, options: [String: JSONValue] = [:]) throws -> MetricOutcome {
        try Metric.evaluate(name: name, result: result, expected: expected, options: options)
    }

    /// Deskgym's score and OSWorld's agree (when OSWorld's can be run), and equal `expected`.
    func agree(_ outcome: MetricOutcome, _ osworld: Double?, _ expected: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.score == expected, "\(outcome)", sourceLocation: sourceLocation)
        if let osworld { #expect(osworld == expected, "OSWorld scores \(osworld)", sourceLocation: sourceLocation) }
    }

    @Test("compare_config: the whole text, exactly (vs_code 982d12a5 and 53ad5833's rules)")
    func compareConfig() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let expectedText = "{\"workbench.colorTheme\": \"Visual Studio Dark\"}\n"
        let rules = JSONValue.object(["expected": .string(expectedText)])
        for (text, wanted) in [(expectedText, 1.0), ("{\"workbench.colorTheme\": \"Visual Studio Dark\"}", 0), ("project", 0)] {
            let file = MetricFixture.file("settings-\(UUID().uuidString).json", text, in: folder)
            agree(
                try score("compare_config", .file(file), .json(rules), options: ["containment_ok": .bool(true)]),
                try OSWorldPython.score("vscode", "compare_config", [.string(file.path), rules]), wanted)
        }
        let project = MetricFixture.file("OpenProject.txt", "project", in: folder)
        #expect(try score("compare_config", .file(project), MetricFixture.rules(#"{"expected": "project"}"#)) == .pass)
        let missing = try score(
            "compare_config", .file(folder.appendingPathComponent("none.txt")), MetricFixture.rules(#"{"expected": "project"}"#))
        #expect(missing.score == 0 && missing.reason?.contains("none.txt") == true, "\(missing)")
        #expect(throws: MetricError.self) { try score("compare_config", .file(project), MetricFixture.rules("{}")) }
    }

    @Test("check_json_keybindings: VS Code's file with its comment line; the binding must be one of the list")
    func keybindings() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // vs_code ea98c5d7's expected binding.
        let rules = MetricFixture.json(
            #"{"expected": {"key": "ctrl+f", "command": "-list.find", "when": "listFocus && listSupportsFind"}}"#)
        let withComment = MetricFixture.file(
            "keybindings.json",
            """
            // Place your key bindings in this file to override the defaults
            [
                {"command": "-list.find", "key": "ctrl+f", "when": "listFocus && listSupportsFind"}
            ]
            """, in: folder)
        let other = MetricFixture.file("other.json", #"[{"key": "ctrl+f", "command": "list.find"}]"#, in: folder)
        let object = MetricFixture.file("object.json", #"{"key": "ctrl+f"}"#, in: folder)
        let broken = MetricFixture.file("broken.json", "// comment\n[{\"key\": ", in: folder)
        for (file, wanted) in [(withComment, 1.0), (other, 0), (object, 0), (broken, 0)] {
            agree(
                try score("check_json_keybindings", .file(file), .json(rules)),
                try OSWorldPython.score("vscode", "check_json_keybindings", [.string(file.path), rules]), wanted)
        }
        let reason = try score("check_json_keybindings", .file(broken), .json(rules)).reason ?? ""
        #expect(reason.contains("broken.json") && reason.contains("not a JSON list"), "\(reason)")
        // Nesting far past any decoder's limit is refused, not followed.
        let deep = MetricFixture.file(
            "deep.json", String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000), in: folder)
        #expect(try score("check_json_keybindings", .file(deep), .json(rules)).score == 0)
    }

    @Test("a text file larger than the metrics' limit is refused before it is read, naming it")
    func boundedRead() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = MetricFixture.file("big.txt", String(repeating: "x", count: 2_000), in: folder)
        #expect(try TextFile.readBounded(file, limit: 2_000).count == 2_000)
        #expect {
            _ = try TextFile.readBounded(file, limit: 1_000)
        } throws: { error in
            "\(error)".contains("big.txt is 2000 bytes, more than the 1000")
        }
    }

    @Test("compare_python_pure_text: shebang and coding lines, blank lines, tabs and trailing spaces do not count")
    func pythonPureText() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let gold = MetricFixture.file("gold.py", "def f(x):\n    return x + 1\n\nprint(f(1))\n", in: folder)
        let same = MetricFixture.file(
            "same.py", "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n\ndef f(x):   \n\treturn x + 1\n\n\n\nprint(f(1))", in: folder)
        let markdown = MetricFixture.file("markdown.py", "```python\ndef f(x):\n    return x + 1\n\nprint(f(1))\n```\n", in: folder)
        let latin1 = MetricFixture.bytes("latin1.py", [0x23, 0x20, 0xE9, 0x0A], in: folder)
        for (file, wanted) in [(same, 1.0), (markdown, 0), (latin1, 0)] {
            agree(
                try score("compare_python_pure_text", .file(file), .file(gold)),
                try OSWorldPython.score("general", "compare_python_pure_text", [.string(file.path), .string(gold.path)]), wanted)
        }
        #expect("a\tbc\td".pythonExpandTabs(4) == "a   bc  d")
        let reason = try score("compare_python_pure_text", .file(markdown), .file(gold)).reason ?? ""
        #expect(reason.contains("line 1") && reason.contains("```python"), "\(reason)")
    }

    @Test("check_python_file_by_test_suite scores the report the evaluator got from the session")
    func testSuiteReport() throws {
        #expect(try score("check_python_file_by_test_suite", .json(.object(["score": .number(1)])), .none) == .pass)
        #expect(try score("check_python_file_by_test_suite", .json(.object(["score": .number(0.25)])), .none).score == 0.25)
        let failed = try score("check_python_file_by_test_suite", .json(.object(["error": .string("ImportError: no tetris")])), .none)
        #expect(failed == .fail("the test suite failed: ImportError: no tetris"))
        // Given the files themselves, the suite was never run: 0, and it says why.
        let files = try score(
            "check_python_file_by_test_suite", .files([URL(fileURLWithPath: "/tmp/main.py")]), .file(URL(fileURLWithPath: "/tmp/t.py")))
        #expect(files.score == 0 && files.reason?.contains("only in a session") == true, "\(files)")
        #expect(try score("check_python_file_by_test_suite", .json(.object(["score": .number(2)])), .none).score == 0)
    }

    @Test("check_config_status on a gimprc: the corpus's four rules, comments, two-word keys, a short line")
    func configStatus() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let gimprc = MetricFixture.file(
            "gimprc",
            """
            # GIMP gimprc
            # (undo-levels 5)

            (undo-levels 100)
            (layer-new-name "Square")
            (theme "Light")
            (default-image
                (width 1920))
            (hide-docks yes)
            (show-tooltips no)
            # end of gimprc

            """, in: folder)
        let cases: [(String, Double)] = [
            (#"{"type:": "key-value", "key": "undo-levels", "value": "100"}"#, 1),
            (#"{"type:": "key-value", "key": "layer-new-name", "value": "\"Square\""}"#, 1),
            (#"{"type:": "key-value", "key": "theme", "value": "\"Light\""}"#, 1),
            (#"{"type:": "key-value", "key": "hide-docks", "value": "yes"}"#, 1),
            (#"{"type:": "key-value", "key": "theme", "value": "\"Dark\""}"#, 0),
            (#"{"key": ["default-image", "width"], "value": "1920"}"#, 0),
            (#"{"key": ["show-tooltips", "no"], "value": "no"}"#, 1),
            (#"{"key": "undo-levels", "value": 100}"#, 0),
        ]
        for (rules, wanted) in cases {
            agree(
                try score("check_config_status", .file(gimprc), MetricFixture.rules(rules)),
                try OSWorldPython.score("gimp", "check_config_status", [.string(gimprc.path), MetricFixture.json(rules)]), wanted)
        }
        // A line of white space alone has no first word: OSWorld raises, Deskgym scores 0 and names the line.
        let blank = MetricFixture.file("sessionrc", "(a b)\n   \n(hide-docks yes)\n", in: folder)
        let rules = #"{"key": "hide-docks", "value": "yes"}"#
        let outcome = try score("check_config_status", .file(blank), MetricFixture.rules(rules))
        #expect(outcome.score == 0 && outcome.reason?.contains("sessionrc line 2") == true, "\(outcome)")
        agree(outcome, try OSWorldPython.score("gimp", "check_config_status", [.string(blank.path), MetricFixture.json(rules)]), 0)
        #expect(try score("check_config_status", .none, MetricFixture.rules(rules)).score == 0)
    }
}
