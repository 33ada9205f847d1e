import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// `compare_pdfs` (OSWorld's chrome.py) on PDFs LibreOffice exports from flat ODF text documents
/// made here; the text comes from pdftotext.
@Suite("compare_pdfs", .serialized, .timeLimit(.minutes(3)))
struct MetricPDFTests {
    /// A two-page document: these paragraphs on page one, "Second page" after a page break.
    static func document(_ paragraphs: [String]) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document \(LibreOfficeFixture.namespaces) office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
        <office:automatic-styles><style:style style:name="Break" style:family="paragraph">\
        <style:paragraph-properties fo:break-before="page"/></style:style></office:automatic-styles>
        <office:body><office:text>\(paragraphs.map { "<text:p>\($0)</text:p>" }.joined())\
        <text:p text:style-name="Break">Second page</text:p></office:text></office:body></office:document>
        """
    }

    static let base = ["Quarterly report", "Revenue grew by twelve percent.", "", "Costs stayed flat."]
    static let variants: [String: String] = [
        "base": document(base),
        "same": document(base),
        "word": document(["Quarterly report", "Revenue grew by ten percent.", "", "Costs stayed flat."]),
        "other": document(["Meeting agenda", "Welcome and introductions"]),
    ]

    @Test("text without page breaks or blank lines; identical PDFs score 1, changed ones fuzz.ratio")
    func libreOfficePDFs() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try LibreOfficeFixture.convert(Self.variants, extension: "fodt", to: "pdf", in: folder)
        let base = try #require(files["base"])

        #expect(try Metric.pdfText(base) == "Quarterly report\nRevenue grew by twelve percent.\nCosts stayed flat.\nSecond page")

        func score(_ name: String) throws -> MetricOutcome {
            try Metric.evaluate(name: "compare_pdfs", result: .file(files[name]!), expected: .file(base))
        }
        // Two exports of the same text, written at different times (so different bytes).
        #expect(try score("same") == .pass)
        let word = try score("word")
        let wordRatio = FuzzyRatio.ratio(
            "Quarterly report\nRevenue grew by ten percent.\nCosts stayed flat.\nSecond page",
            "Quarterly report\nRevenue grew by twelve percent.\nCosts stayed flat.\nSecond page")
        #expect(abs(word.score - wordRatio) < 1e-12 && word.score > 0.9 && word.score < 1, "\(word)")
        #expect(word.reason == "word.pdf: text similarity \(wordRatio)")
        #expect(try score("other").score < 0.6)

        // Lists (multi getters): pairs in order, the mean over the expected files, a missing or
        // unreadable result counting 0.
        let text = MetricFixture.file("notes.pdf", "not a PDF", in: folder)
        let pair = try Metric.evaluate(
            name: "compare_pdfs", result: .files([files["same"]!, files["word"]!]),
            expected: .files([base, base]))
        #expect(abs(pair.score - (1 + wordRatio) / 2) < 1e-12, "\(pair)")
        let short = try Metric.evaluate(name: "compare_pdfs", result: .files([files["same"]!]), expected: .files([base, base]))
        #expect(short.score == 0.5 && short.reason == "1 of 2 expected files have no result file", "\(short)")
        let broken = try Metric.evaluate(name: "compare_pdfs", result: .files([text, files["same"]!]), expected: .files([base, base]))
        #expect(broken.score == 0.5 && broken.reason?.hasPrefix("notes.pdf is not a readable PDF (pdftotext exited 1") == true, "\(broken)")
        let single = try Metric.evaluate(name: "compare_pdfs", result: .file(base), expected: .files([base, base]))
        #expect(single == .fail("the result is one file, but 2 expected files were given"))
    }

    @Test("a missing file scores 0; a missing pdftotext is an error naming it and its package")
    func missingInputs() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let absent = folder.appendingPathComponent("absent.pdf")
        #expect(try Metric.evaluate(name: "compare_pdfs", result: .none, expected: .file(absent)) == .fail("no result file"))
        #expect(try Metric.evaluate(name: "compare_pdfs", result: .file(absent), expected: .none) == .fail("no expected file"))
        let outcome = try Metric.evaluate(name: "compare_pdfs", result: .file(absent), expected: .file(absent))
        #expect(outcome == .fail("absent.pdf does not exist"))
        #expect(throws: MetricError.self) { try Metric.evaluate(name: "compare_pdfs", result: .text("x"), expected: .file(absent)) }

        let tool = ExternalTool(name: "deskgym-no-such-pdftotext", package: "poppler-utils")
        do {
            _ = try tool.run([])
            Issue.record("running a missing program should throw")
        } catch {
            #expect(error.description == "deskgym-no-such-pdftotext is not installed (install the Debian package poppler-utils)")
        }
        #expect(ExternalTool.pdftotext.location != nil, "pdftotext (poppler-utils, scripts/setup.sh) should be installed")
    }
}
