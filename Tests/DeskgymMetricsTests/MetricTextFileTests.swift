import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// The metrics on text files (OSWorld's vscode.py and general.py). Files are read as Python's
/// `open(path)` reads them: UTF-8 with "\r\n" and "\r" turned into "\n".
@Suite("Metrics on text files")
struct MetricTextFileTests {
    let score = MetricFixture.score
    let file = MetricFixture.file

    func compare(_ a: String, _ b: String, _ options: String = "{}") throws -> Double {
        let folder = MetricFixture.directory()
        return try score(
            "compare_text_file", .file(file("a.txt", a, folder)), .file(file("b.txt", b, folder)),
            MetricFixture.options(options), MetricContext())
    }

    // compare_text_file compares whole texts: a missing trailing newline is a difference.
    @Test func compareTextFileTrailingNewline() throws {
        #expect(try compare("hello\nworld\n", "hello\nworld\n") == 1)
        #expect(try compare("hello\nworld", "hello\nworld\n") == 0)
    }

    // Universal newlines: a CRLF file equals its LF twin.
    @Test func compareTextFileCRLF() throws {
        #expect(try compare("a\r\nb\r\n", "a\nb\n") == 1)
        #expect(try compare("a\rb", "a\nb") == 1)
    }

    // ignore_blanks: tabs/newlines to spaces, strip, runs of white space to one space.
    @Test func compareTextFileIgnoreBlanks() throws {
        #expect(try compare("@article{x,\n\ttitle = {A}\n}\n", " @article{x, title = {A} }", #"{"ignore_blanks": true}"#) == 1)
        #expect(try compare("a b", "ab", #"{"ignore_blanks": true}"#) == 0)
        #expect(try compare("a\tb", "a b") == 0)
    }

    // ignore_case lower-cases both sides.
    @Test func compareTextFileIgnoreCase() throws {
        #expect(try compare("Hello", "hELLO", #"{"ignore_case": true}"#) == 1)
        #expect(try compare("Hello", "hELLO") == 0)
    }

    // No result file, or one that does not exist, scores 0 with the reason.
    @Test func compareTextFileMissing() throws {
        let expected = file("b.txt", "x", MetricFixture.directory())
        #expect(try score("compare_text_file", .none, .file(expected), [:], MetricContext()) == 0)
        let outcome = try Metric.evaluate(
            name: "compare_text_file", result: .file(URL(fileURLWithPath: "/nonexistent/a.txt")), expected: .file(expected))
        #expect(outcome.score == 0)
        #expect(outcome.reason?.contains("does not exist") == true)
    }

    // diff_text_file: difflib ratio over lines. Python: SequenceMatcher(a=la, b=lb).ratio() with
    // la = ten lines "line 0".."line 9", lb = la with line 3 changed and a line added = 0.8571428571428571.
    @Test func diffTextFile() throws {
        let folder = MetricFixture.directory()
        let lines = (0..<10).map { "line \($0)" }
        var changed = lines
        changed[3] = "changed"
        changed.append("extra")
        let a = file("a.js", lines.joined(separator: "\n") + "\n", folder)
        let b = file("b.js", changed.joined(separator: "\n"), folder)
        #expect(try score("diff_text_file", .file(a), .file(b), [:], MetricContext()) == 0.8571428571428571)
        // splitlines drops terminators: a final newline alone changes nothing.
        let c = file("c.js", lines.joined(separator: "\n"), folder)
        #expect(try score("diff_text_file", .file(a), .file(c), [:], MetricContext()) == 1)
        #expect(try score("diff_text_file", .none, .file(c), [:], MetricContext()) == 0)
    }

    // file_contains: every expected string occurs in the file.
    @Test func fileContains() throws {
        let report = file("report.txt", "CPU %user %nice %system %iowait %steal %idle\nall 1.0\n", MetricFixture.directory())
        let all = MetricFixture.rules(#"{"expected": ["CPU", "%user", "%nice", "%system", "%iowait", "%steal", "%idle"]}"#)
        #expect(try score("file_contains", .file(report), all, [:], MetricContext()) == 1)
        #expect(
            try score("file_contains", .file(report), MetricFixture.rules(#"{"expected": ["CPU", "%memused"]}"#), [:], MetricContext()) == 0
        )
        #expect(try score("file_contains", .none, all, [:], MetricContext()) == 0)
        #expect(throws: MetricError.self) {
            try score("file_contains", .file(report), MetricFixture.rules(#"{"expected": [1]}"#), [:], MetricContext())
        }
    }

    // check_line_number counts lines holding HH:MM:SS (hours 00–23, seconds up to 60), against an
    // expected count given as text ("31" in the corpus).
    @Test func checkLineNumber() throws {
        let log = file("sar.txt", "Linux\n10:00:01 all 1\n23:59:60 all 2\n24:00:00 all 3\n\n09:05:07 PM x\n", MetricFixture.directory())
        #expect(try score("check_line_number", .file(log), MetricFixture.rules(#"{"expected": "3"}"#), [:], MetricContext()) == 1)
        #expect(try score("check_line_number", .file(log), MetricFixture.rules(#"{"expected": 4}"#), [:], MetricContext()) == 0)
        #expect(throws: MetricError.self) {
            try score("check_line_number", .file(log), MetricFixture.rules(#"{"expected": "many"}"#), [:], MetricContext())
        }
    }

    // check_list: each `expect` regex matches some line, no `unexpect` regex matches any.
    @Test func checkList() throws {
        let folder = MetricFixture.directory()
        let wmctrl = file(
            "wmctrl.out",
            "0x01 0 org.gnome.Nautilus.Org.gnome.Nautilus  host OSWorld\n0x02 0 gnome-terminal-server.Gnome-terminal  host ~/Documents/Projects/OSWorld\n",
            folder)
        let rules = MetricFixture.rules(
            #"{"expect": ["\\borg\\.gnome\\.Nautilus\\.Org\\.gnome\\.Nautilus\\b.*\\bOSWorld\\b", "gnome-terminal-server\\.Gnome-terminal\\b.*~/Documents/Projects/OSWorld\\b"]}"#
        )
        #expect(try score("check_list", .file(wmctrl), rules, [:], MetricContext()) == 1)
        #expect(try score("check_list", .file(wmctrl), MetricFixture.rules(#"{"expect": ["gedit"]}"#), [:], MetricContext()) == 0)
        // diff.out must be empty: ".+" matches any non-empty line.
        let unexpect = MetricFixture.rules(#"{"unexpect": [".+"]}"#)
        #expect(try score("check_list", .file(file("empty.out", "", folder)), unexpect, [:], MetricContext()) == 1)
        #expect(try score("check_list", .file(file("diff.out", "< a\n", folder)), unexpect, [:], MetricContext()) == 0)
        // A blank line is "\n", which "." does not match.
        #expect(try score("check_list", .file(file("blank.out", "\n\n", folder)), unexpect, [:], MetricContext()) == 1)
        #expect(throws: MetricError.self) {
            try score("check_list", .file(wmctrl), MetricFixture.rules(#"{"expect": ["("]}"#), [:], MetricContext())
        }
    }
}
