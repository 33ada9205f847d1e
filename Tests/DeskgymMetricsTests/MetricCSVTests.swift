import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// check_csv (records through Python's csv.DictReader) and compare_csv (lines of two files).
@Suite("Metrics on CSV files")
struct MetricCSVTests {
    let score = MetricFixture.score

    // check_csv: `expect` records must each match a row, `unexpect` records none. The Thunderbird
    // task checks an account was removed.
    @Test func checkCSVRecords() throws {
        let accounts = MetricFixture.file(
            "accounts.csv", "url,user\nimap://outlook.office365.com,anonym-x2024@outlook.com\nimap://other,me\n")
        let unexpect = MetricFixture.rules(#"{"unexpect": [{"url": "imap://outlook.office365.com", "user": "anonym-x2024@outlook.com"}]}"#)
        #expect(try score("check_csv", .file(accounts), unexpect, [:], MetricContext()) == 0)
        let expect = MetricFixture.rules(#"{"expect": [{"user": "me"}]}"#)
        #expect(try score("check_csv", .file(accounts), expect, [:], MetricContext()) == 1)
        #expect(try score("check_csv", .file(accounts), MetricFixture.rules(#"{"expect": [{"user": "you"}]}"#), [:], MetricContext()) == 0)
        // A field the header lacks is never matched.
        #expect(try score("check_csv", .file(accounts), MetricFixture.rules(#"{"expect": [{"host": "x"}]}"#), [:], MetricContext()) == 0)
    }

    // Quoted fields keep commas, doubled quotes and newlines; blank lines are skipped; a short row
    // gives None for its missing fields (matched by a null pattern value).
    @Test func checkCSVParsing() throws {
        let text = "name,note,extra\n\"Doe, J\",\"said \"\"hi\"\"\nthen left\",x\n\nshort\n"
        let url = MetricFixture.file("people.csv", text)
        #expect(
            try score(
                "check_csv", .file(url), MetricFixture.rules(#"{"expect": [{"name": "Doe, J", "note": "said \"hi\"\nthen left"}]}"#), [:],
                MetricContext()) == 1)
        #expect(
            try score("check_csv", .file(url), MetricFixture.rules(#"{"expect": [{"name": "short", "note": null}]}"#), [:], MetricContext())
                == 1)
        #expect(
            try score("check_csv", .file(url), MetricFixture.rules(#"{"expect": [{"name": "short", "note": ""}]}"#), [:], MetricContext())
                == 0)
        #expect(try score("check_csv", .none, MetricFixture.rules(#"{"expect": []}"#), [:], MetricContext()) == 0)
    }

    func compare(_ a: String, _ b: [String], _ options: String = "{}") throws -> Double {
        let folder = MetricFixture.directory()
        let expected = b.enumerated().map { MetricFixture.file("gold\($0.offset).csv", $0.element, in: folder) }
        return try score(
            "compare_csv", .file(MetricFixture.file("out.csv", a, in: folder)), .files(expected), MetricFixture.options(options),
            MetricContext())
    }

    // compare_csv compares splitlines(): a final newline does not matter, an extra blank line does.
    @Test func compareCSVLines() throws {
        #expect(try compare("a,b\n1,2\n", ["a,b\n1,2"]) == 1)
        #expect(try compare("a,b\n1,2\n\n", ["a,b\n1,2\n"]) == 0)
        #expect(try compare("a,b\r\n1,2\r\n", ["a,b\n1,2\n"]) == 1)
        #expect(try compare("a,b\n1,3\n", ["a,b\n1,2\n"]) == 0)
    }

    // strict (default true) false strips each line; ignore_case lower-cases.
    @Test func compareCSVOptions() throws {
        #expect(try compare("a,b \n 1,2\n", ["a,b\n1,2\n"]) == 0)
        #expect(try compare("a,b \n 1,2\n", ["a,b\n1,2\n"], #"{"strict": false}"#) == 1)
        #expect(try compare("A,B\n", ["a,b\n"], #"{"ignore_case": true}"#) == 1)
    }

    // Several expected files (a multi cloud_file): any one matching scores 1.
    @Test func compareCSVAnyExpected() throws {
        #expect(try compare("x\n", ["y\n", "x\n"]) == 1)
        #expect(try compare("x\n", ["y\n", "z\n"]) == 0)
    }

    // _safe_read_file: plain UTF-8 first, so a byte-order mark stays (U+FEFF starts the first
    // line; OSWorld's compare_csv scores these two 0, see MetricPythonParityTests); bytes that
    // are not UTF-8 read as Latin-1.
    @Test func compareCSVEncodings() throws {
        let folder = MetricFixture.directory()
        let bom = MetricFixture.bytes("bom.csv", [0xEF, 0xBB, 0xBF] + Array("a,b\n".utf8), in: folder)
        let plain = MetricFixture.file("plain.csv", "a,b\n", in: folder)
        #expect(try score("compare_csv", .file(bom), .file(plain), [:], MetricContext()) == 0)
        #expect(try score("compare_csv", .file(bom), .file(bom), [:], MetricContext()) == 1)
        let latin = MetricFixture.bytes("latin.csv", [0x63, 0x61, 0x66, 0xE9, 0x0A], in: folder)
        let utf8 = MetricFixture.file("utf8.csv", "caf\u{E9}\n", in: folder)
        #expect(try score("compare_csv", .file(latin), .file(utf8), [:], MetricContext()) == 1)
    }
}
