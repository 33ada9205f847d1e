import DeskgymImage
import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// OSWorld's Writer formatting metrics (docs.py) on .docx files LibreOffice writes from flat ODF
/// documents made here, and on hand-made parts for python-docx's rules LibreOffice never exercises.
@Suite("Writer formatting metrics", .serialized, .timeLimit(.minutes(3)))
struct MetricDocxFormattingTests {
    /// A PNG of one colour (B, G, R bytes), encoded with this zlib level.
    static func png(blue: UInt8, green: UInt8, red: UInt8, level: Int = 1) throws -> String {
        let pixels = [UInt8](repeating: 0, count: 6 * 4 * 4).enumerated().map { index, _ in [blue, green, red, 255][index % 4] }
        let data = try pixels.withUnsafeBytes { buffer in
            try encodePNG(
                bgrx: buffer, layout: FrameLayout(width: 6, height: 4),
                options: PNGEncoderOptions(compressionLevel: level, filter: level == 0 ? .none : .sub, workerCount: 1))
        }
        return data.base64EncodedString()
    }

    struct Parts {
        var heading = #"<text:p text:style-name="Center">Heading</text:p>"#
        var tabbed = #"<text:p text:style-name="Tabbed">one two three<text:tab/>rest of line</text:p>"#
        var chemistry =
            #"<text:p text:style-name="Break">H<text:span text:style-name="Sub">2</text:span>O and <text:span text:style-name="Italic14">italic words</text:span></text:p>"#
        var banana = "Blue"
        var last = #"<text:p><text:span text:style-name="Struck">Last words</text:span></text:p>"#
        var footer = #"<text:p>Page <text:page-number text:select-page="current">1</text:page-number></text:p>"#
        var image: String
        var extra = ""
        var centerStyle = #"fo:line-height="200%" fo:text-align="center""#
        var tabStop = #"style:position="10cm" style:type="right""#
        var italicSize = "14pt"
        var paragraphFont = false
    }

    static func document(_ parts: Parts) -> String {
        let font = parts.paragraphFont ? #"<style:text-properties style:font-name="Liberation Serif"/>"# : ""
        let cell = { (text: String, style: String) in
            #"<table:table-cell><text:p><text:span text:style-name="\#(style)">\#(text)</text:span></text:p></table:table-cell>"#
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document \(LibreOfficeFixture.namespaces) office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
            <office:font-face-decls><style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'"/></office:font-face-decls>
            <office:styles><style:style style:name="Plain" style:family="paragraph">\
            <style:text-properties style:font-name="Liberation Serif"/></style:style></office:styles>
            <office:automatic-styles>
            <style:style style:name="Center" style:family="paragraph"><style:paragraph-properties \(parts.centerStyle)/>\(font)</style:style>
            <style:style style:name="Tabbed" style:family="paragraph"><style:paragraph-properties><style:tab-stops>\
            <style:tab-stop \(parts.tabStop)/></style:tab-stops></style:paragraph-properties>\(font)</style:style>
            <style:style style:name="Break" style:family="paragraph"><style:paragraph-properties fo:break-before="page"/>\(font)</style:style>
            <style:style style:name="Sub" style:family="text"><style:text-properties style:text-position="sub 58%"/></style:style>
            <style:style style:name="Italic14" style:family="text"><style:text-properties fo:font-style="italic" fo:font-size="\(parts.italicSize)"/></style:style>
            <style:style style:name="Struck" style:family="text"><style:text-properties style:text-line-through-style="solid"/></style:style>
            <style:style style:name="Red" style:family="text"><style:text-properties fo:color="#ff0000"/></style:style>
            <style:style style:name="Blue" style:family="text"><style:text-properties fo:color="#0000ff"/></style:style>
            <style:style style:name="Plain" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
            <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" \
            fo:margin-left="2cm" fo:margin-right="2cm"/><style:footer-style/></style:page-layout>
            </office:automatic-styles>
            <office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">\
            <style:footer>\(parts.footer)</style:footer></style:master-page></office:master-styles>
            <office:body><office:text>\(parts.heading)\(parts.tabbed)\(parts.chemistry)\(parts.extra)
            \(parts.image.isEmpty ? "" : #"<text:p><draw:frame draw:name="picture" svg:width="1cm" svg:height="1cm" text:anchor-type="as-char">\#(parts.image)</draw:frame></text:p>"#)
            <table:table><table:table-column table:number-columns-repeated="2"/><table:table-row>\(cell("apple", "Red"))\
            \(cell("banana", parts.banana))</table:table-row></table:table>\(parts.last)</office:text></office:body></office:document>
            """
    }

    static func variants() throws -> [String: String] {
        let green = "<draw:image><office:binary-data>\(try png(blue: 30, green: 200, red: 10))</office:binary-data></draw:image>"
        let greenAgain =
            "<draw:image><office:binary-data>\(try png(blue: 30, green: 200, red: 10, level: 0))</office:binary-data></draw:image>"
        let red = "<draw:image><office:binary-data>\(try png(blue: 0, green: 0, red: 250))</office:binary-data></draw:image>"
        let base = Parts(image: green)
        func variant(_ change: (inout Parts) -> Void) -> String {
            var parts = base
            change(&parts)
            return document(parts)
        }
        return [
            "base": document(base),
            "reencoded": variant { $0.image = greenAgain },
            "redImage": variant { $0.image = red },
            "noImage": variant { $0.image = "" },
            "single": variant { $0.centerStyle = #"fo:text-align="center""# },
            "exact": variant { $0.centerStyle = #"fo:line-height="0.5in" fo:text-align="center""# },
            "left": variant { $0.centerStyle = #"fo:line-height="200%""# },
            "tab12": variant { $0.tabStop = #"style:position="12cm" style:type="right""# },
            "centerTab": variant { $0.tabStop = #"style:position="10cm" style:type="center""# },
            "italic12": variant { $0.italicSize = "12pt" },
            "unstruck": variant { $0.last = "<text:p>Last words</text:p>" },
            "reworded": variant { $0.last = #"<text:p><text:span text:style-name="Struck">Other words</text:span></text:p>"# },
            "noSubscript": variant {
                $0.chemistry =
                    #"<text:p text:style-name="Break">H2O and <text:span text:style-name="Italic14">italic words</text:span></text:p>"#
            },
            "noBreak": variant { $0.chemistry = $0.chemistry.replacingOccurrences(of: #"text:style-name="Break""#, with: "") },
            "plainFooter": variant { $0.footer = "<text:p>Page</text:p>" },
            "blueApple": variant { $0.banana = "Red" },
            "uncoloured": variant { $0.banana = "Plain" },
            "blankLines": variant { $0.extra = "<text:p/><text:p/>" },
            "fonts": variant {
                $0.paragraphFont = true
                $0.image = ""; $0.tabbed = ""  // a drawing's run and a tab's empty run set no font
                $0.chemistry = $0.chemistry.replacingOccurrences(of: "Break", with: "Center")  // nor a page break's
                $0.last = #"<text:p text:style-name="Center"><text:span text:style-name="Struck">Last words</text:span></text:p>"#
            },
            "threeWords": variant {
                $0.heading = #"<text:p text:style-name="Center">A short heading</text:p>"#
                $0.chemistry = ""; $0.last = "<text:p>The last words</text:p>"
            },
            "styleFont": variant {
                $0.heading = #"<text:p text:style-name="Plain">Heading</text:p>"#
                $0.tabbed = ""; $0.chemistry = ""; $0.last = ""
            },
        ]
    }

    func score(_ name: String, _ result: URL?, _ expected: MetricInput = .none, _ options: String = "{}") throws -> MetricOutcome {
        try Metric.evaluate(
            name: name, result: result.map(MetricInput.file) ?? .none, expected: expected,
            options: MetricFixture.options(options))
    }

    @Test("LibreOffice-written documents: line spacing, images, fonts, breaks, footers, alignment, runs, tab stops, colours")
    func libreOfficeDocuments() throws {
        let folder = MetricFixture.directory()
        defer { if ProcessInfo.processInfo.environment["DESKGYM_KEEP_FIXTURES"] == nil { try? FileManager.default.removeItem(at: folder) } }
        let files = try LibreOfficeFixture.convert(try Self.variants(), extension: "fodt", to: "docx", in: folder)
        let base = try #require(files["base"])
        func file(_ name: String) -> MetricInput { .file(files[name]!) }

        // python-docx's view of what LibreOffice wrote.
        let document = try DOCXDocument.load(base)
        #expect(document.body.first?.lineSpacing == .value(.lines(2)))
        #expect(document.body.first?.alignment == "center")
        #expect(document.body[1].tabStops.map(\.alignment) == ["clear", "right"])
        #expect(document.sections.count == 1 && document.sections[0].footerFirstParagraph == .value("Page 2"))
        let runs = document.body[2].runs
        #expect(runs.contains { $0.isSubscript == true && $0.text == "2" })
        #expect(runs.contains { $0.italic == .value(true) && $0.size == .value(177_800) && $0.text == "italic words" })
        #expect(document.body.flatMap(\.runs).reduce(0) { $0 + $1.pageBreaks } == 1)

        // compare_line_spacing
        #expect(try score("compare_line_spacing", base, file("base")) == .pass)
        let single = try score("compare_line_spacing", files["single"], file("base"))
        #expect(single == .fail("paragraph 1 ('Heading') has line spacing None, expected 2.0 lines"), "\(single)")
        let exact = try score("compare_line_spacing", files["exact"], file("base"))
        #expect(exact == .fail("paragraph 1 ('Heading') has line spacing 36.0 pt, expected 2.0 lines"), "\(exact)")
        #expect(
            try score("compare_line_spacing", files["reworded"], file("base")).reason?.hasPrefix("the text is not the expected document's")
                == true)

        // compare_docx_images: the same pixels in other PNG bytes are the same image.
        #expect(try score("compare_docx_images", files["reencoded"], file("base")) == .pass)
        #expect(try score("compare_docx_images", files["redImage"], file("base")) == .fail("image 1 has different pixels"))
        #expect(try score("compare_docx_images", files["noImage"], file("base")) == .fail("noImage.docx has 0 images, base.docx has 1"))

        // compare_font_names: only a run's own font counts.
        let times = MetricFixture.rules(#"{"font_name": "Liberation Serif"}"#)
        #expect(try score("compare_font_names", files["fonts"], times) == .pass)
        #expect(
            try score("compare_font_names", base, times)
                == .fail("a run of paragraph 1 ('Heading') has font None, expected 'Liberation Serif'"))
        #expect(try score("compare_font_names", files["styleFont"], times).score == 0)

        // contains_page_break
        #expect(try score("contains_page_break", base, MetricFixture.rules(#"{"page_break_count": 1}"#)) == .pass)
        #expect(
            try score("contains_page_break", base, MetricFixture.rules(#"{"page_break_count": 2}"#)) == .fail("1 page breaks, expected 2"))
        #expect(try score("contains_page_break", files["noBreak"], MetricFixture.rules("{}")) == .fail("the document has no page break"))

        // has_page_numbers_in_footers
        #expect(try score("has_page_numbers_in_footers", base) == .pass)
        #expect(
            try score("has_page_numbers_in_footers", files["plainFooter"])
                == .fail("the footer of section 1 has no digit (first paragraph 'Page')"))

        // is_first_line_centered
        #expect(try score("is_first_line_centered", base) == .pass)
        #expect(
            try score("is_first_line_centered", files["left"]) == .fail("the first paragraph ('Heading') is aligned 'left', not 'center'"))

        // check_italic_font_size_14, evaluate_strike_through_last_paragraph, compare_subscript_contains
        #expect(try score("check_italic_font_size_14", base, file("base")) == .pass)
        #expect(
            try score("check_italic_font_size_14", files["italic12"], file("base"))
                == .fail("the italic run 'italic words' of paragraph 3 is 12.0 pt, not 14"))
        #expect(try score("evaluate_strike_through_last_paragraph", base, file("base")) == .pass)
        #expect(
            try score("evaluate_strike_through_last_paragraph", files["unstruck"], file("base"))
                == .fail("the run 'Last words' of the last paragraph is not struck through"))
        #expect(try score("evaluate_strike_through_last_paragraph", files["reworded"], file("base")).score == 0)
        #expect(try score("compare_subscript_contains", base, file("base")) == .pass)
        #expect(try score("compare_subscript_contains", files["noSubscript"], file("base")).score == 0)

        // check_tabstops: 2 cm off over a 17 cm text width, in one of the 4 non-blank paragraphs
        // (OSWorld on these files: 0.9705851836480598).
        #expect(try score("check_tabstops", base, file("base")) == .pass)
        let off = try score("check_tabstops", files["tab12"], file("base"))
        #expect(abs(off.score - 0.9705851836480598) < 1e-12, "\(off)")
        #expect(abs(off.score - (1 - Double(6803 - 5669) / Double(11906 - 2 * 1134) / 4)) < 1e-12, "\(off)")
        #expect(
            try score("check_tabstops", files["centerTab"], file("base")).reason?.contains("has a center tab stop, expected right") == true)
        // The word count applies to every non-blank paragraph of the result.
        let options = #"{"word_number_split_by_tabstop": 3, "index": 0}"#
        #expect(
            try score("check_tabstops", base, file("base"), options)
                == .fail("paragraph 'Heading' has 1 words before its tab, expected 3"))
        #expect(try score("check_tabstops", files["threeWords"], file("threeWords"), options) == .pass)
        #expect(try score("check_tabstops", files["threeWords"], file("threeWords"), #"{"word_number_split_by_tabstop": 2}"#).score == 0)

        // evaluate_colored_words_in_tables
        #expect(try score("evaluate_colored_words_in_tables", base, file("base")) == .pass)
        let blue = try score("evaluate_colored_words_in_tables", files["blueApple"], file("base"))
        #expect(blue.score == 0 && blue.reason?.hasPrefix("the word 'banana' in table 1 is #FF0000, not blue") == true, "\(blue)")
        #expect(
            try score("evaluate_colored_words_in_tables", files["uncoloured"], file("base"))
                == .fail("the word 'banana' in table 1 has no colour of its own"))

        // compare_docx_files_and_ignore_new_lines
        #expect(
            try score("compare_docx_files_and_ignore_new_lines", files["blankLines"], file("base"), #"{"ignore_blanks": false}"#) == .pass)
        #expect(
            try score("compare_docx_files_and_ignore_new_lines", files["reworded"], file("base"), #"{"ignore_blanks": false}"#)
                == .fail("non-empty paragraph 4 differs: got 'Other words', expected 'Last words'"))
        #expect(try score("compare_docx_files_and_ignore_new_lines", files["reworded"], file("base")).score == 0)
    }

    static func docx(_ name: String, body: String, extra: [(String, String)] = [], relationships: String = "", in folder: URL) -> URL {
        let w =
            #"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#
        let rels = """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
            Target="word/document.xml"/></Relationships>
            """
        let documentRels =
            #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\#(relationships)</Relationships>"#
        let entries =
            [
                ("_rels/.rels", rels), ("word/_rels/document.xml.rels", documentRels),
                ("word/document.xml", "<w:document \(w)><w:body>\(body)</w:body></w:document>"),
            ]
            + extra.map { ($0.0, $0.1.replacingOccurrences(of: "W_NS", with: w)) }
        return MetricFixture.bytes(name, StoredZip.archive(entries.map { ($0.0, Array($0.1.utf8)) }), in: folder)
    }

    @Test("python-docx's rules on hand-made parts: inherited footers, toggles, measures, line spacing equality")
    func handMadeParts() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let footerRel =
            #"<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>"#
        let footer = [("word/footer1.xml", "<w:ftr W_NS><w:p><w:r><w:t>- 3 -</w:t></w:r></w:p></w:ftr>")]
        let withFooter = #"<w:footerReference w:type="default" r:id="rId7"/>"#
        // A second section without a footer of its own uses the first's.
        let inherited = Self.docx(
            "inherited.docx", body: "<w:p><w:pPr><w:sectPr>\(withFooter)</w:sectPr></w:pPr></w:p><w:sectPr/>",
            extra: footer, relationships: footerRel, in: folder)
        #expect(try score("has_page_numbers_in_footers", inherited) == .pass)
        // The first section without one gets python-docx's new, empty footer.
        let first = Self.docx(
            "first.docx", body: "<w:p><w:pPr><w:sectPr/></w:pPr></w:p><w:sectPr>\(withFooter)</w:sectPr>",
            extra: footer, relationships: footerRel, in: folder)
        #expect(try score("has_page_numbers_in_footers", first) == .fail("the footer of section 1 has no digit (first paragraph '')"))
        let even = Self.docx(
            "even.docx", body: #"<w:sectPr><w:footerReference w:type="even" r:id="rId7"/></w:sectPr>"#,
            extra: footer, relationships: footerRel, in: folder)
        #expect(try score("has_page_numbers_in_footers", even).score == 0)
        let dangling = Self.docx("dangling.docx", body: "<w:sectPr>\(withFooter)</w:sectPr>", in: folder)
        #expect(
            try score("has_page_numbers_in_footers", dangling)
                == .fail("section 1: a footer reference names relationship 'rId7', which the document does not have"))

        // Toggles and values python-docx cannot convert fail the metric that reads them.
        let toggles = Self.docx(
            "toggles.docx",
            body: """
                <w:p><w:r><w:rPr><w:i w:val="0"/><w:sz w:val="20"/></w:rPr><w:t>upright</w:t></w:r>\
                <w:r><w:rPr><w:i w:val="on"/><w:sz w:val="28"/></w:rPr><w:t>italic</w:t></w:r></w:p>\
                <w:p><w:r><w:rPr><w:strike w:val="maybe"/></w:rPr><w:t>odd</w:t></w:r></w:p>
                """, in: folder)
        #expect(try score("check_italic_font_size_14", toggles, .file(toggles)) == .pass)
        #expect(
            try score("evaluate_strike_through_last_paragraph", toggles, .file(toggles))
                == .fail("a run of the last paragraph has w:strike/@w:val 'maybe', which python-docx cannot read"))
        let empty = Self.docx("empty.docx", body: "<w:sectPr/>", in: folder)
        #expect(try score("is_first_line_centered", empty) == .fail("the document has no paragraph"))
        #expect(try score("contains_page_break", empty, .none) == .fail("the document has no page break"))

        // Measures: twips rounded as Python rounds, universal measures, half-points.
        #expect(DOCXMeasure.signedTwips("240") == .value(152_400))
        #expect(DOCXMeasure.signedTwips("2.5") == .value(2 * 635))
        #expect(DOCXMeasure.signedTwips("1in") == .value(914_400))
        #expect(DOCXMeasure.halfPoints("29") == .value(184_150))
        #expect(DOCXMeasure.twips("x") == .invalid("'x'"))
        // Python compares a float number of lines and an int height by value.
        #expect(DOCXLineSpacing.lines(0).pythonEquals(.height(0)))
        #expect(!DOCXLineSpacing.lines(1).pythonEquals(.height(152_400)))
    }

    @Test("CIEDE2000 as scikit-image computes it (Sharma's test pairs) and rgb2lab of pure red")
    func colourDifference() {
        let pairs: [((Double, Double, Double), (Double, Double, Double), Double)] = [
            ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
            ((50, 0, 0), (50, -1, 2), 2.3669),
            ((50, 2.5, 0), (73, 25, -18), 27.1492),
            ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ]
        for (first, second, expected) in pairs {
            #expect(abs(DOCXColorDifference.ciede2000(first, second) - expected) < 5e-5)
        }
        let red = DOCXColorDifference.lab([255, 0, 0])
        #expect(abs(red.0 - 53.2408) < 1e-3 && abs(red.1 - 80.0925) < 1e-3 && abs(red.2 - 67.2032) < 1e-3)
        #expect(DOCXColorDifference.ciede2000([255, 0, 0], [255, 0, 0]) == 0)
        #expect(DOCXColorDifference.ciede2000([250, 5, 0], [255, 0, 0]) < 3.5)
        #expect(DOCXColorDifference.ciede2000([200, 0, 0], [255, 0, 0]) > 3.5)
    }

    @Test("find_default_font reads LibreOffice's registrymodifications.xcu")
    func defaultFont() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        func registry(_ items: String) -> URL {
            MetricFixture.file(
                "registrymodifications.xcu",
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                <item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
                \(items)
                </oor:items>
                """, in: folder)
        }
        let rules = MetricFixture.rules(#"{"font_name": "Times New Roman"}"#)
        func font(_ name: String) -> String {
            #"<item oor:path="/org.openoffice.Office.Writer/DefaultFont"><prop oor:name="Standard" oor:op="fuse"><value>\#(name)</value></prop></item>"#
        }
        #expect(try score("find_default_font", registry(font("Times New Roman")), rules) == .pass)
        #expect(
            try score("find_default_font", registry(font("Liberation Serif")), rules)
                == .fail("Writer's default font is 'Liberation Serif', expected 'Times New Roman'"))
        #expect(try score("find_default_font", registry(font("Liberation Serif") + font("Times New Roman")), rules) == .pass)
        #expect(
            try score("find_default_font", registry(""), rules) == .fail("Writer's default font is not set, expected 'Times New Roman'"))
        let broken = MetricFixture.file("broken.xcu", "<items><item>", in: folder)
        #expect(try score("find_default_font", broken, rules).reason?.hasPrefix("broken.xcu cannot be read as XML") == true)
        #expect(throws: MetricError.self) { try score("find_default_font", broken, MetricFixture.rules("{}")) }
    }

    @Test("a missing result scores 0; malformed options are errors")
    func missingAndMalformed() throws {
        let rules = MetricFixture.rules(#"{"font_name": "x", "page_break_count": 1}"#)
        for name in [
            "compare_line_spacing", "compare_docx_images", "check_italic_font_size_14", "evaluate_strike_through_last_paragraph",
            "compare_subscript_contains", "check_tabstops", "evaluate_colored_words_in_tables",
            "compare_docx_files_and_ignore_new_lines", "has_page_numbers_in_footers", "is_first_line_centered",
        ] {
            #expect(try score(name, nil, .file(URL(fileURLWithPath: "/nonexistent.docx"))) == .fail("no result file"), "\(name)")
        }
        for name in ["compare_font_names", "contains_page_break", "find_default_font"] {
            #expect(try score(name, nil, rules) == .fail("no result file"), "\(name)")
        }
        #expect(throws: MetricError.self) { try score("check_tabstops", nil, .none, #"{"word_number_split_by_tabstop": "3"}"#) }
        #expect(throws: MetricError.self) { try score("evaluate_colored_words_in_tables", nil, .none, #"{"threshold": "high"}"#) }
    }
}
