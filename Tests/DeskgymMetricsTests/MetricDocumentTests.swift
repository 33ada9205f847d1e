import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// `compare_docx_files` (OSWorld's docs.py) on .docx files LibreOffice writes from flat ODF text
/// documents made here. Expected partial scores are the ones OSWorld's own function gives on the
/// same texts (python-docx paragraphs, rapidfuzz), noted beside each.
@Suite("compare_docx_files", .serialized, .timeLimit(.minutes(3)))
struct MetricDocumentTests {
    static let base = [
        "<text:p>Title</text:p>",
        "<text:p>First line<text:tab/>with tab</text:p>",
        "<text:p>Line one<text:line-break/>line two</text:p>",
        #"<text:p>Link: <text:a xlink:type="simple" xlink:href="https://example.com/">example</text:a></text:p>"#,
        "<text:p/>",
        #"<text:p>Zeta<text:s text:c="2"/>spaced words</text:p>"#,
    ]

    static let variants: [String: [String]] = [
        "base": base,
        "same": base,
        "case": ["<text:p>TITLE</text:p>"] + base.dropFirst(),
        "word": base.dropLast() + ["<text:p>Zeta spaced words changed</text:p>"],
        "order": [base[5]] + base.prefix(5),
        "empty": base + ["<text:p/>"],
    ]

    func compare(_ a: URL, _ b: URL, _ options: String = "{}") throws -> MetricOutcome {
        try Metric.evaluate(name: "compare_docx_files", result: .file(a), expected: .file(b), options: MetricFixture.options(options))
    }

    @Test("paragraphs as python-docx reads them, and every option of OSWorld's")
    func libreOfficeDocuments() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try LibreOfficeFixture.convert(
            Self.variants.mapValues(LibreOfficeFixture.textDocument), extension: "fodt",
            to: "docx", in: folder)
        let base = try #require(files["base"])

        // Body paragraphs only (the table's is left out); tab, line break and hyperlink text kept.
        #expect(
            try DOCXDocument.load(base).paragraphs
                == ["Title", "First line\twith tab", "Line one\nline two", "Link: example", "", "Zeta  spaced words", "Last line"])

        // Two conversions of the same text: equal under every option.
        for options in ["{}", #"{"ignore_blanks": false}"#, #"{"fuzzy_match": true}"#, #"{"content_only": true}"#] {
            #expect(try compare(files["same"]!, base, options) == .pass)
        }
        // ignore_blanks (the default) joins the paragraphs and collapses white space: an extra
        // empty paragraph does not count; paragraph by paragraph it does.
        #expect(try compare(files["empty"]!, base) == .pass)
        #expect(try compare(files["empty"]!, base, #"{"ignore_blanks": false}"#).reason == "8 paragraphs, expected 7")
        #expect(try compare(files["empty"]!, base, #"{"ignore_blanks": false, "delete_empty_lines": true}"#) == .pass)

        let changed = try compare(files["word"]!, base)
        #expect(changed.score == 0 && changed.reason?.contains("texts differ") == true, "\(changed)")
        // OSWorld on these files: 0.9550561797752809 (content_only and fuzzy_match), 0.9700996677740863 (the mean per paragraph).
        #expect(abs(try compare(files["word"]!, base, #"{"content_only": true}"#).score - 0.9550561797752809) < 1e-12)
        #expect(abs(try compare(files["word"]!, base, #"{"fuzzy_match": true}"#).score - 0.9550561797752809) < 1e-12)
        #expect(
            abs(try compare(files["word"]!, base, #"{"ignore_blanks": false, "fuzzy_match": true}"#).score - 0.9700996677740863) < 1e-12)

        #expect(try compare(files["case"]!, base).score == 0)
        #expect(try compare(files["case"]!, base, #"{"ignore_case": true}"#) == .pass)
        #expect(try compare(files["case"]!, base, #"{"ignore_blanks": false, "ignore_case": true}"#) == .pass)
        let paragraph = try compare(files["case"]!, base, #"{"ignore_blanks": false}"#)
        #expect(paragraph.reason == "paragraph 0 differs: got 'TITLE', expected 'Title'", "\(paragraph)")

        #expect(try compare(files["order"]!, base).score == 0)
        #expect(try compare(files["order"]!, base, #"{"ignore_order": true}"#) == .pass)
        // OSWorld: 0.7882352941176471, and 0.345479641131815 for the mean per paragraph.
        #expect(abs(try compare(files["order"]!, base, #"{"content_only": true}"#).score - 0.7882352941176471) < 1e-12)
        #expect(
            abs(try compare(files["order"]!, base, #"{"ignore_blanks": false, "fuzzy_match": true}"#).score - 0.345479641131815) < 1e-12)
    }

    @Test("a missing file, a file that is not a docx, or a file not named .docx scores 0 and says why")
    func unreadable() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = MetricFixture.file("notes.docx", "plain text, not a zip", in: folder)
        let cases: [(URL, String)] = [
            (folder.appendingPathComponent("absent.docx"), "absent.docx does not exist"),
            (text, "notes.docx is not a readable docx (zip) file"),
            (MetricFixture.file("notes.txt", "x", in: folder), "the files are not both .docx"),
            (MetricFixture.file("a.odt", "x", in: folder), "the files are not both .docx"),
        ]
        for (file, reason) in cases {
            let outcome = try compare(file, text)
            #expect(outcome.score == 0 && outcome.reason?.contains(reason) == true, "\(outcome) should say \(reason)")
        }
        let odt = try compare(MetricFixture.file("a.odt", "x", in: folder), MetricFixture.file("b.odt", "x", in: folder))
        #expect(odt.reason == "both files are .odt, which Deskgym does not read")
        #expect(try Metric.evaluate(name: "compare_docx_files", result: .none, expected: .file(text)).reason == "no result file")
    }
}
