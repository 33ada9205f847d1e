import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// `compare_pptx_files` (OSWorld's slides.py) on .pptx files LibreOffice writes from flat ODF
/// presentations made here: a base deck and variants that each change one thing. The expected
/// scores are those OSWorld's own function (python-pptx 1.0.2) gives on the same decks.
@Suite("compare_pptx_files", .serialized, .timeLimit(.minutes(3)))
struct MetricSlideTests {
    /// What a variant changes in the base deck.
    struct Deck {
        var title = "Quarterly report"
        var runColor = "#c00000"
        var bold = true
        var secondBoxX = "2cm"
        var alignment = "center"
        var note = "Speaker note one"
        var extraSlide = false
        var underline = false
        var strike = false
        var size = "18pt"
        var cell = "a1"
        var groupText = "grouped"
        var background: String?

        /// Slide 1: a title box, a box of two paragraphs (one run bold and coloured, one centred),
        /// a bulleted list, notes. Slide 2: a 1×2 table and a group of two shapes with text.
        var flatODP: String {
            var textStyle =
                #"<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="\#(bold ? "bold" : "normal")" fo:color="\#(runColor)" fo:font-size="\#(size)""#
            if underline {
                textStyle +=
                    #" style:text-underline-style="solid" style:text-underline-width="auto" style:text-underline-color="font-color""#
            }
            if strike { textStyle += #" style:text-line-through-style="solid""# }
            textStyle += "/></style:style>"
            let paragraphStyle =
                #"<style:style style:name="P1" style:family="paragraph"><style:paragraph-properties fo:text-align="\#(alignment)"/></style:style>"#
            let pageStyle =
                background.map {
                    #"<style:style style:name="dp1" style:family="drawing-page"><style:drawing-page-properties draw:fill="solid" draw:fill-color="\#($0)"/></style:style>"#
                } ?? ""
            let items = ["alpha", "beta", "gamma"].map { "<text:list-item><text:p>\($0)</text:p></text:list-item>" }.joined()
            var slides = """
                <draw:page draw:name="one" draw:master-page-name="Default"\(background == nil ? "" : #" draw:style-name="dp1""#)>
                <draw:frame svg:x="2cm" svg:y="1cm" svg:width="20cm" svg:height="3cm"><draw:text-box><text:p>\(title)</text:p></draw:text-box></draw:frame>
                <draw:frame svg:x="\(secondBoxX)" svg:y="5cm" svg:width="20cm" svg:height="6cm"><draw:text-box><text:p>Plain <text:span text:style-name="T1">bold red</text:span> tail</text:p><text:p text:style-name="P1">Centred</text:p></draw:text-box></draw:frame>
                <draw:frame svg:x="2cm" svg:y="12cm" svg:width="20cm" svg:height="5cm"><draw:text-box><text:list>\(items)</text:list></draw:text-box></draw:frame>
                <presentation:notes><draw:frame presentation:style-name="Default-notes" svg:x="2cm" svg:y="14cm" svg:width="17cm" svg:height="10cm" presentation:class="notes"><draw:text-box><text:p>\(note)</text:p></draw:text-box></draw:frame></presentation:notes>
                </draw:page>
                <draw:page draw:name="two" draw:master-page-name="Default">
                <draw:frame svg:x="2cm" svg:y="2cm" svg:width="12cm" svg:height="4cm"><table:table><table:table-column/><table:table-column/><table:table-row><table:table-cell><text:p>\(cell)</text:p></table:table-cell><table:table-cell><text:p>b1</text:p></table:table-cell></table:table-row></table:table></draw:frame>
                <draw:g><draw:custom-shape svg:x="15cm" svg:y="2cm" svg:width="5cm" svg:height="5cm"><text:p>\(groupText)</text:p><draw:enhanced-geometry draw:type="rectangle"/></draw:custom-shape><draw:custom-shape svg:x="15cm" svg:y="8cm" svg:width="5cm" svg:height="3cm"><text:p>second</text:p><draw:enhanced-geometry draw:type="ellipse"/></draw:custom-shape></draw:g>
                </draw:page>
                """
            if extraSlide {
                slides +=
                    #"<draw:page draw:name="three" draw:master-page-name="Default"><draw:frame svg:x="2cm" svg:y="1cm" svg:width="20cm" svg:height="3cm"><draw:text-box><text:p>Extra</text:p></draw:text-box></draw:frame></draw:page>"#
            }
            // The notes frame needs a presentation style to come out of LibreOffice as a notes placeholder.
            return """
                <?xml version="1.0" encoding="UTF-8"?>
                <office:document \(LibreOfficeFixture.namespaces) office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.presentation">
                <office:styles><style:style style:name="Default-notes" style:family="presentation"/></office:styles>
                <office:automatic-styles>\(textStyle)\(paragraphStyle)\(pageStyle)</office:automatic-styles>
                <office:master-styles><style:master-page style:name="Default"/></office:master-styles>
                <office:body><office:presentation>\(slides)</office:presentation></office:body></office:document>
                """
        }
    }

    static func deck(_ change: (inout Deck) -> Void) -> Deck {
        var deck = Deck()
        change(&deck)
        return deck
    }

    static let decks: [String: Deck] = [
        "base": Deck(), "same": Deck(),
        "title": deck { $0.title = "Quarterly Report" },
        "color": deck { $0.runColor = "#00a000" },
        "notbold": deck { $0.bold = false },
        "moved": deck { $0.secondBoxX = "2.05cm" },
        "align": deck { $0.alignment = "end" },
        "note": deck { $0.note = "Other note" },
        "extra": deck { $0.extraSlide = true },
        "underline": deck { $0.underline = true },
        "strike": deck { $0.strike = true },
        "size": deck { $0.size = "20pt" },
        "cell": deck { $0.cell = "A1" },
        "group": deck { $0.groupText = "Grouped" },
        "background": deck { $0.background = "#ffeedd" },
    ]

    @Test("each change is caught by its check and passes with that check switched off, as in OSWorld")
    func libreOfficeDecks() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try LibreOfficeFixture.convert(Self.decks.mapValues(\.flatODP), extension: "fodp", to: "pptx", in: folder)
        let base = try #require(files["base"])
        func compare(_ name: String, _ options: String = "{}") throws -> MetricOutcome {
            try Metric.evaluate(
                name: "compare_pptx_files", result: .file(try #require(files[name])), expected: .file(base),
                options: MetricFixture.options(options))
        }
        let presentation = try PPTXPresentation.load(base)
        #expect(presentation.slides.count == 2)
        #expect(presentation.slides[0].notes == "Speaker note one")
        #expect(
            presentation.slides[0].shapes.map { $0.text ?? "-" } == [
                "Quarterly report", "Plain bold red tail\nCentred", "alpha\nbeta\ngamma",
            ])
        #expect(presentation.slides[0].shapes[1].paragraphs?[0].runs.map(\.font.bold) == [false, true, false])
        #expect(presentation.slides[1].shapes.map(\.shapeType) == [19, 6])

        #expect(try compare("same") == .pass)
        // Table cell text is not among the things OSWorld compares (only the cells' formatting).
        #expect(try compare("cell") == .pass)

        // (variant, what the reason names, the options that let it pass)
        let cases: [(String, String, String?)] = [
            ("title", "slide 1, shape 1: text 'Quarterly Report', expected 'Quarterly report'", nil),
            ("color", "colour 00A000, expected C00000", #"{"examine_color_rgb": false, "examine_font_bold": false}"#),
            ("notbold", "bold False, expected True", #"{"examine_color_rgb": false, "examine_font_bold": false}"#),
            ("moved", "slide 1, shape 2: position or size", #"{"examine_shape": false}"#),
            ("align", "alignment r, expected ctr", #"{"examine_alignment": false}"#),
            ("note", "slide 1: notes 'Other note', expected 'Speaker note one'", #"{"examine_note": false}"#),
            ("extra", "3 slides, expected 2", #"{"examine_number_of_slides": false}"#),
            (
                "underline", "underline True, expected None",
                #"{"examine_font_underline": false, "examine_strike_through": false, "examine_font_size": false}"#
            ),
            (
                "strike", "strike-through sngStrike, expected noStrike",
                #"{"examine_font_underline": false, "examine_strike_through": false, "examine_font_size": false}"#
            ),
            (
                "size", "font size 2000, expected 1800",
                #"{"examine_font_underline": false, "examine_strike_through": false, "examine_font_size": false}"#
            ),
            ("group", "slide 2, text shape 1 (groups included): text 'Grouped', expected 'grouped'", #"{"examine_alignment": false}"#),
            ("background", "slide 1: background FFEEDD, expected None", #"{"examine_background_color": false}"#),
        ]
        for (variant, reason, passing) in cases {
            let outcome = try compare(variant)
            #expect(outcome.score == 0 && outcome.reason?.contains(reason) == true, "\(variant): \(outcome) should say \(reason)")
            if let passing {
                #expect(try compare(variant, passing) == .pass, "\(variant) with \(passing)")
            }
        }
        // A 2.5% move passes a tolerance of 20%.
        #expect(try compare("moved", #"{"approximately_tolerance": 0.2}"#) == .pass)
        #expect(throws: MetricError.self) { try compare("moved", #"{"approximately_tolerance": "wide"}"#) }
    }

    @Test("a missing file or one that is not a pptx scores 0 and says why")
    func unreadable() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = MetricFixture.file("deck.pptx", "not a zip", in: folder)
        for (file, reason) in [
            (folder.appendingPathComponent("absent.pptx"), "absent.pptx does not exist"),
            (text, "deck.pptx is not a readable pptx (zip) file"),
        ] {
            let outcome = try Metric.evaluate(name: "compare_pptx_files", result: .file(file), expected: .file(text))
            #expect(outcome.score == 0 && outcome.reason?.contains(reason) == true, "\(outcome)")
        }
    }
}
