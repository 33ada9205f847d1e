import DeskgymImage
import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// OSWorld's Impress metrics (slides.py) and GIMP's `check_textbox_on_leftside`, on hand-made
/// .pptx parts, hand-written LibreOffice registries, .pptx files LibreOffice writes from flat ODF
/// presentations, and PNGs drawn here.
@Suite("Impress metrics", .serialized, .timeLimit(.minutes(3)))
struct MetricImpressTests {
    static let ns =
        #"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#
    static let relsNS = #"xmlns="http://schemas.openxmlformats.org/package/2006/relationships""#
    static let relType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

    /// A minimal .pptx: slides (each its `p:bg` markup and extra markup inside `p:sld`), one layout,
    /// one master (with its `p:bg` and shape-tree markup), slide size cx × cy.
    static func pptx(
        _ name: String, slides: [(background: String, extra: String)], masterBackground: String = "",
        masterShapes: String = "", cx: Int = 9_144_000, cy: Int = 6_858_000, in folder: URL
    ) -> URL {
        func rels(_ entries: [(String, String, String)]) -> String {
            "<Relationships \(relsNS)>"
                + entries.map { #"<Relationship Id="\#($0.0)" Type="\#(relType)\#($0.1)" Target="\#($0.2)"/>"# }.joined()
                + "</Relationships>"
        }
        var parts: [(String, String)] = [
            ("_rels/.rels", rels([("rId1", "officeDocument", "ppt/presentation.xml")])),
            (
                "ppt/presentation.xml",
                "<p:presentation \(ns)><p:sldIdLst>"
                    + slides.indices.map { #"<p:sldId id="\#(256 + $0)" r:id="rId\#($0 + 2)"/>"# }.joined()
                    + #"</p:sldIdLst><p:sldSz cx="\#(cx)" cy="\#(cy)"/></p:presentation>"#
            ),
            (
                "ppt/_rels/presentation.xml.rels",
                rels(
                    [("rId1", "slideMaster", "slideMasters/slideMaster1.xml")]
                        + slides.indices.map { ("rId\($0 + 2)", "slide", "slides/slide\($0 + 1).xml") })
            ),
            ("ppt/slideLayouts/slideLayout1.xml", "<p:sldLayout \(ns)><p:cSld><p:spTree/></p:cSld></p:sldLayout>"),
            ("ppt/slideLayouts/_rels/slideLayout1.xml.rels", rels([("rId1", "slideMaster", "../slideMasters/slideMaster1.xml")])),
            (
                "ppt/slideMasters/slideMaster1.xml",
                "<p:sldMaster \(ns)><p:cSld>\(masterBackground)<p:spTree>\(masterShapes)</p:spTree></p:cSld></p:sldMaster>"
            ),
        ]
        for (index, slide) in slides.enumerated() {
            parts.append(
                (
                    "ppt/slides/slide\(index + 1).xml",
                    "<p:sld \(ns)><p:cSld>\(slide.background)<p:spTree/></p:cSld>\(slide.extra)</p:sld>"
                ))
            parts.append(
                ("ppt/slides/_rels/slide\(index + 1).xml.rels", rels([("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml")])))
        }
        return MetricFixture.bytes(name, StoredZip.archive(parts.map { ($0.0, Array($0.1.utf8)) }), in: folder)
    }

    static func solid(_ hex: String) -> String {
        #"<p:bg><p:bgPr><a:solidFill><a:srgbClr val="\#(hex)"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>"#
    }

    static func outcome(_ name: String, _ file: URL?, _ rules: String? = nil) throws -> MetricOutcome {
        try Metric.evaluate(name: name, result: file.map(MetricInput.file) ?? .none, expected: rules.map(MetricFixture.rules) ?? .none)
    }

    static func expectFail(_ outcome: MetricOutcome, _ reason: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            outcome.score == 0 && outcome.reason?.contains(reason) == true, "\(outcome) should say \(reason)",
            sourceLocation: sourceLocation)
    }

    @Test("check_slide_orientation_Portrait: narrower than high passes; landscape, square or no size fail")
    func orientation() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let slide = [(background: "", extra: "")]
        let portrait = Self.pptx("portrait.pptx", slides: slide, cx: 6_858_000, cy: 9_144_000, in: folder)
        let landscape = Self.pptx("landscape.pptx", slides: slide, in: folder)
        let square = Self.pptx("square.pptx", slides: slide, cx: 100, cy: 100, in: folder)
        #expect(try Self.outcome("check_slide_orientation_Portrait", portrait) == .pass)
        Self.expectFail(try Self.outcome("check_slide_orientation_Portrait", landscape), "9144000 EMU wide and 6858000 high")
        Self.expectFail(try Self.outcome("check_slide_orientation_Portrait", square), "not portrait")
        Self.expectFail(try Self.outcome("check_slide_orientation_Portrait", nil), "no result file")
        let text = MetricFixture.file("deck.pptx", "not a zip", in: folder)
        Self.expectFail(try Self.outcome("check_slide_orientation_Portrait", text), "not a readable pptx")
    }

    @Test("check_transition: the slide part by name, its first p:transition, a p:TYPE inside it")
    func transition() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dissolve = #"<p:transition spd="slow"><p:dissolve/></p:transition>"#
        // As LibreOffice writes PowerPoint 2010 effects: the first transition holds p14:prism only.
        let alternate =
            #"<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main"><mc:Choice Requires="p14"><p:transition spd="slow" p14:dur="2000"><p14:prism/></p:transition></mc:Choice><mc:Fallback><p:transition spd="slow"><p:fade/></p:transition></mc:Fallback></mc:AlternateContent>"#
        let deck = Self.pptx("deck.pptx", slides: [("", dissolve), ("", ""), ("", alternate)], in: folder)
        func rules(_ index: Int, _ type: String) -> String { #"{"slide_idx": \#(index), "transition_type": "\#(type)"}"# }
        #expect(try Self.outcome("check_transition", deck, rules(0, "dissolve")) == .pass)
        Self.expectFail(try Self.outcome("check_transition", deck, rules(0, "fade")), "is not 'fade' (it has dissolve)")
        Self.expectFail(try Self.outcome("check_transition", deck, rules(1, "dissolve")), "ppt/slides/slide2.xml has no slide transition")
        Self.expectFail(try Self.outcome("check_transition", deck, rules(3, "dissolve")), "has no part ppt/slides/slide4.xml")
        // OSWorld looks for p:prism, which is not there (it is p14:prism), and in the first transition only.
        Self.expectFail(try Self.outcome("check_transition", deck, rules(2, "prism")), "is not 'prism'")
        Self.expectFail(try Self.outcome("check_transition", deck, rules(2, "fade")), "is not 'fade' (it has prism)")
        Self.expectFail(try Self.outcome("check_transition", nil, rules(0, "dissolve")), "no result file")
        #expect(throws: MetricError.self) { try Self.outcome("check_transition", deck, #"{"transition_type": "dissolve"}"#) }
        #expect(throws: MetricError.self) {
            try Self.outcome("check_transition", deck, #"{"slide_idx": "0", "transition_type": "dissolve"}"#)
        }
        // True + 1 is 2 in Python; 0.5 + 1 names a part "slide1.5.xml".
        Self.expectFail(
            try Self.outcome("check_transition", deck, #"{"slide_idx": true, "transition_type": "dissolve"}"#),
            "slide2.xml has no slide transition")
        Self.expectFail(
            try Self.outcome("check_transition", deck, #"{"slide_idx": 0.5, "transition_type": "dissolve"}"#),
            "has no part ppt/slides/slide1.5.xml")
    }

    @Test("check_page_number_colors: the slide master's run colours, last non-black first")
    func pageNumberColors() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        func shape(_ type: String, _ hex: String) -> String {
            #"<p:sp><p:nvSpPr><p:cNvPr id="2" name="x"/><p:cNvSpPr/><p:nvPr><p:ph type="\#(type)"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:rPr><a:solidFill><a:srgbClr val="\#(hex)"/></a:solidFill></a:rPr><a:t>x</a:t></a:r></a:p></p:txBody></p:sp>"#
        }
        let red = Self.pptx("red.pptx", slides: [("", "")], masterShapes: shape("title", "000000") + shape("sldNum", "C9211E"), in: folder)
        // The last non-black run colour counts, whichever placeholder it is in.
        let blueAfter = Self.pptx(
            "blue.pptx", slides: [("", "")], masterShapes: shape("sldNum", "FF0000") + shape("body", "0000FF"), in: folder)
        let black = Self.pptx("black.pptx", slides: [("", "")], masterShapes: shape("sldNum", "000000"), in: folder)
        // No run colour: the last non-black solid fill anywhere (the background here).
        let background = Self.pptx("bg.pptx", slides: [("", "")], masterBackground: Self.solid("00A000"), in: folder)
        let none = Self.pptx("none.pptx", slides: [("", "")], in: folder)
        func check(_ file: URL, _ color: String) throws -> MetricOutcome {
            try Self.outcome("check_page_number_colors", file, #"{"color": "\#(color)"}"#)
        }
        #expect(try check(red, "red") == .pass)
        Self.expectFail(try check(red, "blue"), "C9211E (201, 33, 30) is not blue")
        Self.expectFail(try check(blueAfter, "red"), "0000FF (0, 0, 255) is not red")
        #expect(try check(blueAfter, "blue") == .pass)
        #expect(try check(black, "black") == .pass)
        Self.expectFail(try check(black, "red"), "000000 (0, 0, 0) is not red")
        #expect(try check(background, "green") == .pass)
        // A colour name OSWorld does not know accepts any colour.
        #expect(try check(red, "purple") == .pass)
        Self.expectFail(try check(none, "red"), "no slide-number colour found")
        Self.expectFail(try Self.outcome("check_page_number_colors", nil, #"{"color": "red"}"#), "no result file")
        #expect(throws: MetricError.self) { try Self.outcome("check_page_number_colors", red, "{}") }
        #expect(PPTXPresentation.pythonRGB("##ff00-1") == [255, 0, -1])
        #expect(PPTXPresentation.pythonRGB("ff00") == nil)
        #expect(PPTXPresentation.pythonRGB("ff00zz") == nil)
    }

    @Test("evaluate_presentation_fill_to_rgb_distance: each slide's (or master's) solid fill against the colour")
    func fillDistance() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = #"{"rgb": [0, 0, 255], "original_rgb": [255, 255, 255]}"#
        func score(_ file: URL, _ rules: String = rules) throws -> MetricOutcome {
            try Self.outcome("evaluate_presentation_fill_to_rgb_distance", file, rules)
        }
        let blue = Self.pptx("blue.pptx", slides: [(Self.solid("0000FF"), ""), (Self.solid("0000ff"), "")], in: folder)
        #expect(try score(blue) == .pass)
        // No background of its own: the master's.
        let inherited = Self.pptx("inherited.pptx", slides: [("", ""), ("", "")], masterBackground: Self.solid("0000FF"), in: folder)
        #expect(try score(inherited) == .pass)
        // One slide still white (the original colour): distance 1 for it.
        let half = Self.pptx("half.pptx", slides: [(Self.solid("0000FF"), ""), (Self.solid("FFFFFF"), "")], in: folder)
        let halfOutcome = try score(half)
        #expect(halfOutcome.score == 0.5 && halfOutcome.reason?.contains("slide 2: background unchanged") == true, "\(halfOutcome)")
        // Without original_rgb white is its distance from blue: sqrt(2)/sqrt(3).
        let white = try score(half, #"{"rgb": [0, 0, 255]}"#)
        #expect(abs(white.score - (1 - (2.0 / 3).squareRoot() / 2)) < 1e-12, "\(white)")
        // A theme colour, a gradient, a master without a fill: distance 1.
        let theme = #"<p:bg><p:bgPr><a:solidFill><a:schemeClr val="accent1"/></a:solidFill></p:bgPr></p:bg>"#
        let gradient = #"<p:bg><p:bgPr><a:gradFill><a:gsLst/></a:gradFill></p:bgPr></p:bg>"#
        let unreadable = Self.pptx("other.pptx", slides: [(theme, ""), (gradient, ""), ("", "")], in: folder)
        let other = try score(unreadable)
        #expect(other.score == 0 && other.reason?.contains("slide 3: no solid RGB background") == true, "\(other)")
        let navy = Self.pptx("navy.pptx", slides: [(Self.solid("000080"), "")], in: folder)
        #expect(abs(try score(navy).score - (1 - 127 / (3.0 * 255 * 255).squareRoot())) < 1e-12)
        Self.expectFail(try Self.outcome("evaluate_presentation_fill_to_rgb_distance", nil, rules), "no result file")
        #expect(throws: MetricError.self) { try score(blue, #"{"original_rgb": [1, 2, 3]}"#) }
        #expect(throws: MetricError.self) { try score(blue, #"{"rgb": "blue"}"#) }
    }

    static func registry(_ items: String, in folder: URL) -> URL {
        MetricFixture.file(
            "registrymodifications.xcu",
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
            <item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
            \(items)
            </oor:items>
            """, in: folder)
    }

    @Test("check_presenter_console_disable: EnablePresenterScreen false in Impress/Misc/Start")
    func presenterConsole() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        func item(_ value: String) -> String {
            #"<item oor:path="/org.openoffice.Office.Impress/Misc/Start"><prop oor:name="EnablePresenterScreen" oor:op="fuse">\#(value)</prop></item>"#
        }
        func check(_ items: String) throws -> MetricOutcome {
            try Self.outcome("check_presenter_console_disable", Self.registry(items, in: folder))
        }
        #expect(try check(item("<value>false</value>")) == .pass)
        #expect(try check(item("<value>False</value>")) == .pass)
        Self.expectFail(try check(item("<value>true</value>")), "EnablePresenterScreen is 'true', not false")
        // The first such property counts.
        Self.expectFail(try check(item("<value>true</value>") + item("<value>false</value>")), "is 'true'")
        Self.expectFail(try check(item("<value/>")), "has no value")
        Self.expectFail(try check(""), "does not set EnablePresenterScreen")
        Self.expectFail(
            try Self.outcome("check_presenter_console_disable", MetricFixture.file("r.xcu", "<oops", in: folder)), "cannot be read as XML")
        Self.expectFail(try Self.outcome("check_presenter_console_disable", nil), "no result file")
    }

    @Test("check_auto_saving_time: AutoSaveTimeIntervall of Common/Save/Document equals rules.minutes")
    func autoSave() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        func item(_ value: String) -> String {
            #"<item oor:path="/org.openoffice.Office.Common/Save/Document"><prop oor:name="AutoSave" oor:op="fuse"><value>true</value></prop></item><item oor:path="/org.openoffice.Office.Common/Save/Document"><prop oor:name="AutoSaveTimeIntervall" oor:op="fuse">\#(value)</prop></item>"#
        }
        func check(_ items: String, _ minutes: String = "3") throws -> MetricOutcome {
            try Self.outcome("check_auto_saving_time", Self.registry(items, in: folder), #"{"minutes": \#(minutes)}"#)
        }
        #expect(try check(item("<value>3</value>")) == .pass)
        #expect(try check(item("<value> +3 </value>"), "3.0") == .pass)
        Self.expectFail(try check(item("<value>10</value>")), "every 10 minutes, expected 3")
        // The last item that sets it counts.
        Self.expectFail(try check(item("<value>3</value>") + item("<value>5</value>")), "every 5 minutes")
        Self.expectFail(try check(item("<value>three</value>")), "'three' is not an integer")
        Self.expectFail(try check(item("<value/>")), "is empty")
        Self.expectFail(try check(""), "does not set AutoSaveTimeIntervall")
        Self.expectFail(try check(item("<value>3</value>"), #""3""#), "expected '3'")
        Self.expectFail(try Self.outcome("check_auto_saving_time", nil, #"{"minutes": 3}"#), "no result file")
        #expect(throws: MetricError.self) { try Self.outcome("check_auto_saving_time", nil, "{}") }
        #expect(
            Metric.pythonInt("1_0") == 10 && Metric.pythonInt("1__0") == nil && Metric.pythonInt("-7") == -7 && Metric.pythonInt("") == nil)
    }

    /// A white PNG with a black 4×3 block whose left edge is at `x`.
    static func png(width: Int, blockAt x: Int?, in folder: URL) throws -> URL {
        let height = 10
        var bgrx = [UInt8](repeating: 255, count: width * height * 4)
        if let x {
            for row in 3..<6 { for column in x..<(x + 4) { for channel in 0..<3 { bgrx[(row * width + column) * 4 + channel] = 0 } } }
        }
        let data = try bgrx.withUnsafeBytes { try encodePNG(bgrx: $0, layout: FrameLayout(width: width, height: height)) }
        let url = folder.appendingPathComponent("image-\(x ?? -1).png")
        try data.write(to: url)
        return url
    }

    @Test("check_textbox_on_leftside: a dark pixel within the left 5% of the width")
    func textboxOnLeftside() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // 100 pixels wide: x = 4 is within 5%, x = 5 is not.
        #expect(try Self.outcome("check_textbox_on_leftside", Self.png(width: 100, blockAt: 4, in: folder)) == .pass)
        Self.expectFail(
            try Self.outcome("check_textbox_on_leftside", Self.png(width: 100, blockAt: 5, in: folder)),
            "leftmost dark pixel is at x = 5")
        Self.expectFail(try Self.outcome("check_textbox_on_leftside", Self.png(width: 100, blockAt: nil, in: folder)), "no dark")
        Self.expectFail(try Self.outcome("check_textbox_on_leftside", MetricFixture.file("t.png", "text", in: folder)), "not an image")
        Self.expectFail(try Self.outcome("check_textbox_on_leftside", nil), "no result image")
    }

    /// A flat ODF presentation of two slides: its page size, slide 1's background and transition,
    /// slide 2's background, and the colour of the master's slide-number field.
    static func flatODP(portrait: Bool, transition: String?, backgrounds: (String, String), numberColor: String) -> String {
        let size =
            portrait
            ? #"fo:page-width="21cm" fo:page-height="28cm" style:print-orientation="portrait""#
            : #"fo:page-width="28cm" fo:page-height="15.75cm" style:print-orientation="landscape""#
        let effect = transition.map { #" presentation:transition-type="manual" smil:type="\#($0)" smil:subtype="mode""# } ?? ""
        // Without office:styles LibreOffice ignores the page layout's size.
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document \(LibreOfficeFixture.namespaces) xmlns:smil="urn:oasis:names:tc:opendocument:xmlns:smil-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.presentation">
            <office:styles><style:default-style style:family="graphic"/></office:styles>
            <office:automatic-styles>
            <style:page-layout style:name="PM1"><style:page-layout-properties fo:margin-top="0cm" fo:margin-bottom="0cm" fo:margin-left="0cm" fo:margin-right="0cm" \(size)/></style:page-layout>
            <style:style style:name="T1" style:family="text"><style:text-properties fo:color="\(numberColor)"/></style:style>
            <style:style style:name="dp1" style:family="drawing-page"><style:drawing-page-properties draw:fill="solid" draw:fill-color="\(backgrounds.0)"\(effect)/></style:style>
            <style:style style:name="dp2" style:family="drawing-page"><style:drawing-page-properties draw:fill="solid" draw:fill-color="\(backgrounds.1)"/></style:style>
            </office:automatic-styles>
            <office:master-styles><style:master-page style:name="Default" style:page-layout-name="PM1"><draw:frame presentation:class="page-number" svg:x="15cm" svg:y="13cm" svg:width="5cm" svg:height="1.5cm"><draw:text-box><text:p><text:span text:style-name="T1"><text:page-number>&lt;number&gt;</text:page-number></text:span></text:p></draw:text-box></draw:frame></style:master-page></office:master-styles>
            <office:body><office:presentation>
            <draw:page draw:name="one" draw:master-page-name="Default" draw:style-name="dp1"><draw:frame svg:x="2cm" svg:y="1cm" svg:width="10cm" svg:height="3cm"><draw:text-box><text:p>Hello</text:p></draw:text-box></draw:frame></draw:page>
            <draw:page draw:name="two" draw:master-page-name="Default" draw:style-name="dp2"><draw:frame svg:x="2cm" svg:y="1cm" svg:width="10cm" svg:height="3cm"><draw:text-box><text:p>World</text:p></draw:text-box></draw:frame></draw:page>
            </office:presentation></office:body></office:document>
            """
    }

    @Test("LibreOffice-written decks: orientation, transition, slide-number colour, background distance")
    func libreOfficeDecks() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try LibreOfficeFixture.convert(
            [
                "done": Self.flatODP(portrait: true, transition: "dissolve", backgrounds: ("#0000ff", "#ffffff"), numberColor: "#c9211e"),
                "other": Self.flatODP(portrait: false, transition: "fade", backgrounds: ("#0000ff", "#0000ff"), numberColor: "#00a933"),
                "plain": Self.flatODP(portrait: false, transition: nil, backgrounds: ("#ffffff", "#ffffff"), numberColor: "#000000"),
            ], extension: "fodp", to: "pptx", in: folder)
        let done = try #require(files["done"]), other = try #require(files["other"]), plain = try #require(files["plain"])

        #expect(try Self.outcome("check_slide_orientation_Portrait", done) == .pass)
        Self.expectFail(try Self.outcome("check_slide_orientation_Portrait", other), "not portrait")

        let dissolve = #"{"slide_idx": 0, "transition_type": "dissolve"}"#
        #expect(try Self.outcome("check_transition", done, dissolve) == .pass)
        Self.expectFail(try Self.outcome("check_transition", other, dissolve), "is not 'dissolve'")
        // LibreOffice writes an empty p:transition for a slide without one.
        Self.expectFail(try Self.outcome("check_transition", plain, dissolve), "is not 'dissolve' (it has no effect)")

        #expect(try Self.outcome("check_page_number_colors", done, #"{"color": "red"}"#) == .pass)
        #expect(try Self.outcome("check_page_number_colors", other, #"{"color": "green"}"#) == .pass)
        Self.expectFail(try Self.outcome("check_page_number_colors", other, #"{"color": "red"}"#), "is not red")
        Self.expectFail(try Self.outcome("check_page_number_colors", plain, #"{"color": "red"}"#), "is not red")

        let blue = #"{"rgb": [0, 0, 255], "original_rgb": [255, 255, 255]}"#
        #expect(try Self.outcome("evaluate_presentation_fill_to_rgb_distance", other, blue) == .pass)
        #expect(try Self.outcome("evaluate_presentation_fill_to_rgb_distance", done, blue).score == 0.5)
        #expect(try Self.outcome("evaluate_presentation_fill_to_rgb_distance", plain, blue).score == 0)
    }
}
