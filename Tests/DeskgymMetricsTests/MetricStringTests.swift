import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// The metrics on values against a `rule` getter's rules. Expected scores follow OSWorld's
/// general.py; partial scores were computed once with Python (rapidfuzz 3.14, difflib 3.11).
@Suite("Metrics on values")
struct MetricStringTests {
    let score = MetricFixture.score
    let rules = MetricFixture.rules

    // exact_match is Python `==`: a command's trailing newline is part of the value.
    @Test func exactMatchKeepsTrailingNewline() throws {
        #expect(try score("exact_match", .text("1\n"), rules(#"{"expected": "1\n"}"#), [:], MetricContext()) == 1)
        #expect(try score("exact_match", .text("1"), rules(#"{"expected": "1\n"}"#), [:], MetricContext()) == 0)
    }

    // exact_match is case-sensitive, and a JSON boolean is not the string "true".
    @Test func exactMatchIsCaseAndTypeSensitive() throws {
        #expect(try score("exact_match", .text("True"), rules(#"{"expected": "true"}"#), [:], MetricContext()) == 0)
        #expect(try score("exact_match", .json(.bool(true)), rules(#"{"expected": "true"}"#), [:], MetricContext()) == 0)
        #expect(try score("exact_match", .json(.bool(true)), rules(#"{"expected": true}"#), [:], MetricContext()) == 1)
    }

    // No result scores 0 with a reason, not an error; rules without "expected" are malformed (KeyError).
    @Test func exactMatchMissingResultAndBadRules() throws {
        let outcome = try Metric.evaluate(name: "exact_match", result: .none, expected: rules(#"{"expected": "x"}"#))
        #expect(outcome.score == 0)
        #expect(outcome.reason == "no result")
        #expect(throws: MetricError.self) { try score("exact_match", .text("x"), rules(#"{"want": "x"}"#), [:], MetricContext()) }
    }

    // check_include_exclude: all includes present and no exclude present.
    @Test func includeExclude() throws {
        let both = rules(#"{"include": ["no libreoffice is running", "killed"], "exclude": ["still running"]}"#)
        #expect(
            try score("check_include_exclude", .text("no libreoffice is running\nkilled from terminal\n"), both, [:], MetricContext()) == 1)
        #expect(
            try score("check_include_exclude", .text("no libreoffice is running, killed; still running"), both, [:], MetricContext()) == 0)
        #expect(try score("check_include_exclude", .text("killed"), both, [:], MetricContext()) == 0)
        // An empty include list with an exclude, as in the InstructorEmbedding task.
        #expect(try score("check_include_exclude", .text(""), rules(#"{"include": [], "exclude": ["Error:"]}"#), [:], MetricContext()) == 1)
        #expect(try score("check_include_exclude", .none, both, [:], MetricContext()) == 0)
    }

    // Python's `in` works on code points: "\r\n" contains "\n" (Swift's Character view would say no).
    @Test func includeIsCodePointSubstring() throws {
        #expect(try score("check_include_exclude", .text("a\r\nb"), rules(#"{"include": ["\n"]}"#), [:], MetricContext()) == 1)
        // Precomposed é is not e + combining accent in Python.
        #expect(try score("check_include_exclude", .text("caf\u{E9}"), rules(#"{"include": ["cafe\u0301"]}"#), [:], MetricContext()) == 0)
    }

    // match_in_list: `result in expected` — list membership, or a substring test when expected is text.
    @Test func matchInList() throws {
        let list = rules(#"{"expected": ["Microsoft Bing", "Bing"]}"#)
        #expect(try score("match_in_list", .text("Bing"), list, [:], MetricContext()) == 1)
        #expect(try score("match_in_list", .text("bing"), list, [:], MetricContext()) == 0)
        #expect(try score("match_in_list", .text("Bin"), list, [:], MetricContext()) == 0)
        #expect(try score("match_in_list", .text("Bin"), rules(#"{"expected": "Bing"}"#), [:], MetricContext()) == 1)
    }

    // is_in_list: `expected in result` — the result is the list (extension paths found).
    @Test func isInList() throws {
        let wanted = rules(#"{"expected": "/home/user/Desktop/helloExtension"}"#)
        #expect(try score("is_in_list", .list(["/opt/x", "/home/user/Desktop/helloExtension"]), wanted, [:], MetricContext()) == 1)
        #expect(try score("is_in_list", .list(["/home/user/Desktop/helloExtension/"]), wanted, [:], MetricContext()) == 0)
        #expect(try score("is_in_list", .none, wanted, [:], MetricContext()) == 0)
    }

    // literal_match "str": str(result) == str(expected); ignore_case lower-cases both.
    @Test func literalMatchString() throws {
        #expect(try score("literal_match", .text("ABC"), .json(.string("abc")), [:], MetricContext()) == 0)
        #expect(
            try score(
                "literal_match", .text("ABC"), .json(.string("abc")), MetricFixture.options(#"{"ignore_case": true}"#), MetricContext())
                == 1)
        // str(5) == "5": a number and its text are the same literal.
        #expect(try score("literal_match", .json(.number(5)), .json(.string("5")), [:], MetricContext()) == 1)
        // str(True) is "True".
        #expect(try score("literal_match", .json(.bool(true)), .json(.string("true")), [:], MetricContext()) == 0)
    }

    // literal_match "list": same length, items equal as str (the researchers.xlsx task).
    @Test func literalMatchList() throws {
        let options = MetricFixture.options(#"{"type": "list", "ignore_case": true}"#)
        #expect(
            try score(
                "literal_match", .list(["Tianbao Xie", "1200"]), .json(MetricFixture.json(#"["tianbao xie", 1200]"#)), options,
                MetricContext()) == 1)
        #expect(
            try score(
                "literal_match", .list(["Tianbao Xie"]), .json(MetricFixture.json(#"["tianbao xie", 1200]"#)), options, MetricContext())
                == 0)
        #expect(
            try score("literal_match", .text("Tianbao Xie"), .json(MetricFixture.json(#"["Tianbao Xie"]"#)), options, MetricContext()) == 0)
        #expect(throws: MetricError.self) {
            try score("literal_match", .text("a"), .json(.string("a")), MetricFixture.options(#"{"type": "dict"}"#), MetricContext())
        }
    }

    // fuzzy_match is rapidfuzz's fuzz.ratio / 100 (Indel similarity), not difflib's ratio. Values
    // from Python: fuzz.ratio(a, b) / 100.
    @Test(arguments: [
        ("kitten", "sitting", 0.6153846153846154),
        // difflib gives 0.8181818181818182 here: the last bit shows which formula is used.
        ("h\u{E9}llo w\u{F6}rld", "hello world", 0.8181818181818181),
        // difflib's autojunk finds no match at all here (0.0); rapidfuzz 0.995.
        (String(repeating: "ab", count: 100), String(repeating: "ba", count: 100), 0.995),
        ("Mount Everest", "mount everest", 0.8461538461538461),
        ("", "", 1.0),
        ("abc", "", 0.0),
    ])
    func fuzzyMatch(pair: (String, String, Double)) throws {
        let got = try score("fuzzy_match", .text(pair.0), .json(.object(["expected": .string(pair.1)])), [:], MetricContext())
        #expect(got == pair.2)
    }
}
