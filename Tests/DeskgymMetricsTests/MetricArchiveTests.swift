import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// `compare_archive` (OSWorld's chrome.py) on zip archives written here and tar archives made with
/// GNU tar, with text members and with PDFs LibreOffice exports.
@Suite("compare_archive", .serialized, .timeLimit(.minutes(3)))
struct MetricArchiveTests {
    static func zip(_ name: String, _ entries: [(String, String)], in folder: URL) -> URL {
        MetricFixture.bytes(name, StoredZip.archive(entries.map { ($0.0, Array($0.1.utf8)) }), in: folder)
    }

    static func compare(_ result: URL?, _ expected: URL?, _ options: String = "{}") throws -> MetricOutcome {
        try Metric.evaluate(
            name: "compare_archive", result: result.map(MetricInput.file) ?? .none,
            expected: expected.map(MetricInput.file) ?? .none, options: MetricFixture.options(options))
    }

    @Test("zip: the member names must agree, then each text member is compared and the scores averaged")
    func zipText() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let gold = Self.zip("gold.zip", [("a.txt", "alpha\n"), ("b.txt", "Beta  two\n")], in: folder)
        // Members in another order, and ones Python's unpacking skips (absolute, or with ".." in the name).
        let same = Self.zip(
            "same.zip",
            [
                ("b.txt", "Beta  two\n"), ("/abs.txt", "x"), ("../up.txt", "x"), ("a..b.txt", "x"),
                ("a.txt", "alpha\n"),
            ], in: folder)
        #expect(try Self.compare(same, gold) == .pass)

        let half = Self.zip("half.zip", [("a.txt", "alpha\n"), ("b.txt", "beta two\n")], in: folder)
        let outcome = try Self.compare(half, gold)
        #expect(outcome.score == 0.5 && outcome.reason?.hasPrefix("1 of 2 files differ: b.txt: ") == true, "\(outcome)")
        // The other options go to compare_text_file.
        #expect(try Self.compare(half, gold, #"{"ignore_case": true, "ignore_blanks": true}"#) == .pass)
        #expect(try Self.compare(half, gold, #"{"file_type": "text", "ignore_case": true}"#).score == 0.5)

        let renamed = Self.zip("renamed.zip", [("a.txt", "alpha\n"), ("c.txt", "Beta  two\n")], in: folder)
        #expect(try Self.compare(renamed, gold) == .fail("the archives hold different files: missing 'b.txt'; unexpected 'c.txt'"))
        let fewer = Self.zip("fewer.zip", [("a.txt", "alpha\n")], in: folder)
        #expect(try Self.compare(fewer, gold) == .fail("the archives hold different files: missing 'b.txt'"))
    }

    @Test("file_path lists one folder inside the archives, names only")
    func subfolder() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let gold = Self.zip(
            "gold.zip", [("slides/", ""), ("slides/one.txt", "1"), ("slides/deep/two.txt", "2"), ("top.txt", "t")], in: folder)
        // A different top level and a different file deeper down do not count: only the names in
        // slides/ are listed, and the folder "deep" is one of them (compared as a file, it fails).
        let mine = Self.zip("mine.zip", [("slides/one.txt", "1"), ("slides/deep/other.txt", "3"), ("else.txt", "e")], in: folder)
        let outcome = try Self.compare(mine, gold, #"{"file_path": "slides"}"#)
        #expect(outcome.score == 0.5 && outcome.reason == "1 of 2 files differ: deep: slides/deep is a directory", "\(outcome)")
        #expect(try Self.compare(mine, gold).reason == "the archives hold different files: missing 'top.txt'; unexpected 'else.txt'")
        #expect(try Self.compare(mine, gold, #"{"file_path": "lecture"}"#) == .fail("mine.zip has no folder 'lecture'"))
        let empty = Self.zip("empty.zip", [("slides/", "")], in: folder)
        #expect(try Self.compare(empty, empty, #"{"file_path": "slides"}"#) == .fail("neither archive holds any file in 'slides'"))
    }

    @Test("tar.gz of PDFs with file_type pdf, as OSWorld's tasks pass it")
    func tarOfPDFs() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let documents = [
            "one": ["<text:p>First document</text:p>"], "two": ["<text:p>Second document</text:p>"],
            "changed": ["<text:p>Second documents</text:p>"],
        ]
        let pdfs = try LibreOfficeFixture.convert(
            documents.mapValues(LibreOfficeFixture.textDocument), extension: "fodt",
            to: "pdf", in: folder)
        func tar(_ name: String, _ members: [String: URL]) throws -> URL {
            let staging = folder.appendingPathComponent(name + "-members")
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
            for (member, source) in members {
                try FileManager.default.copyItem(at: source, to: staging.appendingPathComponent(member))
            }
            let archive = folder.appendingPathComponent(name)
            let run = try ExternalTool.tar.run(["-czf", archive.path, "-C", staging.path] + members.keys.sorted())
            try #require(run.status == 0, "tar: \(run.errors)")
            return archive
        }
        let gold = try tar("gold.tar.gz", ["a.pdf": pdfs["one"]!, "b.pdf": pdfs["two"]!])
        let same = try tar("same.tgz", ["a.pdf": pdfs["one"]!, "b.pdf": pdfs["two"]!])
        let changed = try tar("changed.tar.gz", ["a.pdf": pdfs["one"]!, "b.pdf": pdfs["changed"]!])
        #expect(try Self.compare(same, gold, #"{"file_type": "pdf"}"#) == .pass)
        let outcome = try Self.compare(changed, gold, #"{"file_type": "pdf"}"#)
        #expect(
            outcome.score > 0.95 && outcome.score < 1 && outcome.reason?.contains("b.pdf: b.pdf: text similarity") == true, "\(outcome)")
        // Compared as text, the PDFs' bytes differ (creation dates).
        #expect(try Self.compare(same, gold).score < 1)

        let zipped = Self.zip("gold.zip", [("a.pdf", "x")], in: folder)
        let broken = MetricFixture.file("broken.tar.gz", "not gzip", in: folder)
        let unreadable = try Self.compare(broken, zipped)
        #expect(
            unreadable.score == 0 && unreadable.reason?.hasPrefix("broken.tar.gz is not a readable .tar.gz archive (tar: ") == true,
            "\(unreadable)")
    }

    @Test("kinds and options Deskgym does not handle: a reason naming the file type, or an error")
    func unsupported() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let gold = Self.zip("gold.zip", [("a.txt", "a")], in: folder)
        let rar = MetricFixture.file("result.rar", "Rar!", in: folder)
        #expect(
            try Self.compare(rar, gold)
                == .fail(
                    "result.rar is a .rar file, not an archive Deskgym unpacks "
                        + "(.zip, .tar, .tar.gz, .tgz, .tar.bz2, .tbz2, .tar.xz, .txz)"))
        let notZip = MetricFixture.file("fake.zip", "plain text", in: folder)
        #expect(try Self.compare(notZip, gold) == .fail("fake.zip is not a readable zip file"))
        #expect(try Self.compare(folder.appendingPathComponent("absent.zip"), gold) == .fail("absent.zip does not exist"))
        #expect(try Self.compare(nil, gold) == .fail("no result file"))

        do {
            _ = try Self.compare(gold, gold, #"{"file_type": "audio"}"#)
            Issue.record("audio should be unsupported")
        } catch let error as MetricError {
            #expect(error.kind == .unsupported && error.message.contains("compare_audios"), "\(error)")
        }
        do {
            _ = try Self.compare(gold, gold, #"{"file_type": "spreadsheet"}"#)
            Issue.record("an unknown file_type should be an error")
        } catch let error as MetricError {
            #expect(
                error.kind == .malformedOptions && error.message.hasPrefix("file_type 'spreadsheet' is not one OSWorld knows"), "\(error)")
        }
    }
}
