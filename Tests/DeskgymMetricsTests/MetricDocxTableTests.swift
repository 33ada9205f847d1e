import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// `compare_docx_tables` (OSWorld's docs.py) on .docx files LibreOffice writes from flat ODF text
/// documents made here, and python-docx's cell layout of merged cells on hand-written tables.
@Suite("compare_docx_tables", .serialized, .timeLimit(.minutes(3)))
struct MetricDocxTableTests {
    static func cell(_ text: String, _ attributes: String = "") -> String {
        "<table:table-cell\(attributes)><text:p>\(text)</text:p></table:table-cell>"
    }

    static func row(_ cells: String...) -> String { "<table:table-row>\(cells.joined())</table:table-row>" }

    static func table(columns: Int, _ rows: String...) -> String {
        #"<table:table><table:table-column table:number-columns-repeated="\#(columns)"/>"# + rows.joined() + "</table:table>"
    }

    /// Table 1: two rows, a cell of two paragraphs. Table 2: a cell spanning two columns and one
    /// spanning two rows.
    static func document(
        intro: String = "Intro", e: String = "e", f: String = "f", tall: String = "tall",
        extraRow: Bool = false, secondTable: Bool = true
    ) -> String {
        let first = table(
            columns: 3,
            row(cell("a"), cell("b"), "<table:table-cell><text:p>c1</text:p><text:p>c2</text:p></table:table-cell>"),
            row(cell("d"), cell(e), cell(f)) + (extraRow ? row(cell("g"), cell("h"), cell("i")) : ""))
        let second = table(
            columns: 3,
            row(cell("wide", #" table:number-columns-spanned="2""#), "<table:covered-table-cell/>", cell("x")),
            row(cell(tall, #" table:number-rows-spanned="2""#), cell("y"), cell("z")),
            row("<table:covered-table-cell/>", cell("p"), cell("q")))
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document \(LibreOfficeFixture.namespaces) office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
            <office:body><office:text><text:p>\(intro)</text:p>\(first)<text:p>Between</text:p>\(secondTable ? second : "")\
            </office:text></office:body></office:document>
            """
    }

    static let variants: [String: String] = [
        "base": document(),
        "intro": document(intro: "A different paragraph outside the tables"),
        "padded": document(e: "<text:s/>e<text:s text:c=\"2\"/>"),
        "cell": document(f: "F"),
        "merged": document(tall: "Tall"),
        "rows": document(extraRow: true),
        "one": document(secondTable: false),
    ]

    func compare(_ a: URL?, _ b: URL?) throws -> MetricOutcome {
        try Metric.evaluate(
            name: "compare_docx_tables", result: a.map(MetricInput.file) ?? .none,
            expected: b.map(MetricInput.file) ?? .none)
    }

    @Test("tables as python-docx lays them out, compared cell by cell with the ends stripped")
    func libreOfficeDocuments() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try LibreOfficeFixture.convert(Self.variants, extension: "fodt", to: "docx", in: folder)
        let base = try #require(files["base"])

        let tables = try DOCXDocument.load(base).tables
        try #require(tables.count == 2)
        #expect(tables[0].rows.count == 2 && tables[0].columnCount == 3)
        #expect(tables[0].layout == ["a", "b", "c1\nc2", "d", "e", "f"])
        // The spanned cell fills both grid columns; the row-spanned one stands in the row below.
        #expect(tables[1].layout == ["wide", "wide", "x", "tall", "y", "z", "tall", "p", "q"])

        #expect(try compare(base, base) == .pass)
        #expect(try compare(files["intro"]!, base) == .pass)
        #expect(try compare(files["padded"]!, base) == .pass)

        let cell = try compare(files["cell"]!, base)
        #expect(cell == .fail("table 1, row 2, column 3 differs: got 'F', expected 'f'"), "\(cell)")
        let merged = try compare(base, files["merged"]!)
        #expect(merged == .fail("table 2, row 2, column 1 differs: got 'tall', expected 'Tall'"), "\(merged)")
        let rows = try compare(files["rows"]!, base)
        #expect(rows == .fail("table 1 is 3×3 (rows×columns), expected 2×3"), "\(rows)")
        let count = try compare(files["one"]!, base)
        #expect(count == .fail("one.docx has 1 tables, base.docx has 2"), "\(count)")
    }

    static func table(_ xml: String) throws -> DOCXTable {
        let wrapped = #"<w:tbl xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"# + xml + "</w:tbl>"
        return DOCXTable(try XMLTreeNode.parse(Data(wrapped.utf8)))
    }

    @Test("python-docx's _cells: gridSpan repeats a cell, vMerge continues the one above, a bare vMerge continues")
    func mergeLayout() throws {
        let grid = "<w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
        func tc(_ text: String, _ properties: String = "") -> String {
            "<w:tc><w:tcPr>\(properties)</w:tcPr><w:p><w:r><w:t>\(text)</w:t></w:r></w:p></w:tc>"
        }
        let merged = try Self.table(
            grid + "<w:tr>\(tc("a", #"<w:vMerge w:val="restart"/>"#))\(tc("b"))</w:tr>"
                + "<w:tr>\(tc("ignored", "<w:vMerge/>"))\(tc("c", #"<w:vMerge w:val="continue"/>"#))</w:tr>")
        #expect(merged.layout == ["a", "b", "a", "b"])
        let spanned = try Self.table(grid + "<w:tr>\(tc("wide", #"<w:gridSpan w:val="2"/>"#))</w:tr>")
        #expect(spanned.layout == ["wide", "wide"])
        // Nothing above to continue: python-docx raises IndexError.
        #expect(try Self.table(grid + "<w:tr>\(tc("a", "<w:vMerge/>"))</w:tr>").layout == nil)
        // No grid: python-docx cannot count the columns.
        let gridless = try Self.table("<w:tr>\(tc("a"))</w:tr>")
        #expect(gridless.columnCount == nil && gridless.layout == nil)
    }

    @Test("hand-made documents: a short row or a missing grid scores 0 and names the table and file")
    func malformedTables() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        func docx(_ name: String, _ tableXML: String) -> URL {
            let document = """
                <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\
                <w:tbl>\(tableXML)</w:tbl></w:body></w:document>
                """
            let rels = """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
                Target="word/document.xml"/></Relationships>
                """
            return MetricFixture.bytes(
                name,
                StoredZip.archive([
                    ("_rels/.rels", Array(rels.utf8)),
                    ("word/document.xml", Array(document.utf8)),
                ]), in: folder)
        }
        let row = "<w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>y</w:t></w:r></w:p></w:tc></w:tr>"
        let grid = "<w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
        let good = docx("good.docx", grid + row)
        #expect(try compare(good, docx("same.docx", grid + row)) == .pass)
        let short = try compare(docx("short.docx", grid + "<w:tr><w:tc><w:p/></w:tc></w:tr>"), good)
        #expect(
            short.score == 0 && short.reason?.contains("short.docx has fewer cells than its 1 rows × 2 grid columns") == true, "\(short)")
        let gridless = try compare(docx("nogrid.docx", row), good)
        #expect(gridless == .fail("table 1 of nogrid.docx has no column grid (w:tblGrid)"), "\(gridless)")
    }

    @Test("a missing or unreadable file scores 0 and says why")
    func unreadable() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = MetricFixture.file("notes.docx", "plain text, not a zip", in: folder)
        #expect(try compare(nil, text) == .fail("no result file"))
        #expect(try compare(text, nil) == .fail("no expected file"))
        #expect(try compare(text, text) == .fail("notes.docx is not a readable docx (zip) file"))
        #expect(try compare(folder.appendingPathComponent("absent.docx"), text) == .fail("absent.docx does not exist"))
        #expect(throws: MetricError.self) { try Metric.evaluate(name: "compare_docx_tables", result: .text("x"), expected: .file(text)) }
    }
}
