import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymMetrics

/// `check_image_stretch_and_center` (OSWorld's slides.py) on hand-made .pptx files whose first
/// slide holds pictures. The expected outcomes are what OSWorld's function gives with python-pptx
/// 1.0.2 on the same files (`scripts/osworld-gimp-reference.py` builds them the same way).
@Suite("check_image_stretch_and_center")
struct MetricImpressPictureTests {
    static let ns =
        #"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#
    static let relType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    static let red = Array("\u{89}PNG red".utf8), blue = Array("\u{89}PNG blue".utf8)

    /// A picture on the slide: which image (`red` or `blue`), and its `a:off`/`a:ext` (nil: none).
    struct Picture {
        var image: String
        var frame: (x: Int, y: Int, cx: Int, cy: Int)?
    }

    /// A one-slide .pptx of 9,144,000 × 6,858,000 EMU with these pictures, and the content types
    /// python-pptx needs to open it.
    static func pptx(_ name: String, _ pictures: [Picture], in folder: URL) -> URL {
        func rels(_ entries: [(String, String, String)]) -> String {
            #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
                + entries.map { #"<Relationship Id="\#($0.0)" Type="\#(relType)\#($0.1)" Target="\#($0.2)"/>"# }.joined()
                + "</Relationships>"
        }
        let pml = "application/vnd.openxmlformats-officedocument.presentationml."
        let types =
            #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>"#
            + #"<Override PartName="/ppt/presentation.xml" ContentType="\#(pml)presentation.main+xml"/>"#
            + #"<Override PartName="/ppt/slides/slide1.xml" ContentType="\#(pml)slide+xml"/>"#
            + #"<Override PartName="/ppt/slideLayouts/slideLayout1.xml" ContentType="\#(pml)slideLayout+xml"/>"#
            + #"<Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="\#(pml)slideMaster+xml"/></Types>"#
        var shapes = ""
        for (index, picture) in pictures.enumerated() {
            let frame = picture.frame.map {
                #"<a:xfrm><a:off x="\#($0.x)" y="\#($0.y)"/><a:ext cx="\#($0.cx)" cy="\#($0.cy)"/></a:xfrm>"#
            }
            shapes +=
                #"<p:pic><p:nvPicPr><p:cNvPr id="\#(index + 2)" name="Picture \#(index + 1)"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>"#
                + #"<p:blipFill><a:blip r:embed="\#(picture.image == "red" ? "rId2" : "rId3")"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>"#
                + #"<p:spPr>\#(frame ?? "")<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>"#
        }
        let parts: [(String, [UInt8])] = [
            ("[Content_Types].xml", Array(types.utf8)),
            ("_rels/.rels", Array(rels([("rId1", "officeDocument", "ppt/presentation.xml")]).utf8)),
            (
                "ppt/presentation.xml",
                Array(
                    (#"<p:presentation \#(ns)><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>"#
                        + #"<p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst><p:sldSz cx="9144000" cy="6858000"/>"#
                        + #"<p:notesSz cx="6858000" cy="9144000"/></p:presentation>"#).utf8)
            ),
            (
                "ppt/_rels/presentation.xml.rels",
                Array(rels([("rId1", "slideMaster", "slideMasters/slideMaster1.xml"), ("rId2", "slide", "slides/slide1.xml")]).utf8)
            ),
            (
                "ppt/slideMasters/slideMaster1.xml",
                Array(
                    (#"<p:sldMaster \#(ns)><p:cSld><p:spTree/></p:cSld><p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/>"#
                        + "</p:sldLayoutIdLst></p:sldMaster>").utf8)
            ),
            (
                "ppt/slideMasters/_rels/slideMaster1.xml.rels",
                Array(rels([("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml")]).utf8)
            ),
            ("ppt/slideLayouts/slideLayout1.xml", Array("<p:sldLayout \(ns)><p:cSld><p:spTree/></p:cSld></p:sldLayout>".utf8)),
            (
                "ppt/slideLayouts/_rels/slideLayout1.xml.rels",
                Array(rels([("rId1", "slideMaster", "../slideMasters/slideMaster1.xml")]).utf8)
            ),
            ("ppt/slides/slide1.xml", Array("<p:sld \(ns)><p:cSld><p:spTree>\(shapes)</p:spTree></p:cSld></p:sld>".utf8)),
            (
                "ppt/slides/_rels/slide1.xml.rels",
                Array(
                    rels([
                        ("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"), ("rId2", "image", "../media/image1.png"),
                        ("rId3", "image", "../media/image2.png"),
                    ]).utf8)
            ),
            ("ppt/media/image1.png", red),
            ("ppt/media/image2.png", blue),
        ]
        return MetricFixture.bytes(name, StoredZip.archive(parts), in: folder)
    }

    @Test("the original's first picture, found by its image, stretched to the slide and centred within half an inch")
    func stretchAndCenter() throws {
        let folder = MetricFixture.directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = Self.pptx("original.pptx", [Picture(image: "red", frame: (1_000_000, 1_000_000, 3_000_000, 2_000_000))], in: folder)
        func score(_ pictures: [Picture], _ name: String) throws -> MetricOutcome {
            try Metric.evaluate(
                name: "check_image_stretch_and_center", result: .file(Self.pptx(name, pictures, in: folder)), expected: .file(original))
        }
        let full = Picture(image: "red", frame: (0, 0, 9_144_000, 6_858_000))
        // OSWorld: 1, 1, 0, 0, 0, 1, then TypeError for the picture without a frame, 0 for no picture.
        #expect(try score([full], "full.pptx") == .pass)
        #expect(try score([Picture(image: "red", frame: (200_000, 100_000, 9_000_000, 6_700_000))], "near.pptx") == .pass)
        let shifted = try score([Picture(image: "red", frame: (600_000, 0, 9_144_000, 6_858_000))], "shifted.pptx")
        #expect(shifted.score == 0 && shifted.reason?.contains("left 600000 is not centred") == true, "\(shifted)")
        let other = try score([Picture(image: "blue", frame: (0, 0, 9_144_000, 6_858_000))], "other.pptx")
        #expect(other.score == 0 && other.reason?.contains("no picture with the original picture's image") == true, "\(other)")
        // The last picture with the image counts: here the small one.
        let small = Picture(image: "red", frame: (1_000_000, 1_000_000, 3_000_000, 2_000_000))
        #expect(try score([full, small], "full-then-small.pptx").score == 0)
        #expect(try score([small, full], "small-then-full.pptx") == .pass)
        let unplaced = try score([Picture(image: "red", frame: nil)], "unplaced.pptx")
        #expect(unplaced.score == 0 && unplaced.reason?.contains("no position or size") == true, "\(unplaced)")
        let empty = Self.pptx("empty.pptx", [], in: folder)
        let none = try Metric.evaluate(name: "check_image_stretch_and_center", result: .file(empty), expected: .file(empty))
        #expect(none.reason == "the original's first slide has no picture")
        let broken = MetricFixture.file("broken.pptx", "not a zip", in: folder)
        #expect(try Metric.evaluate(name: "check_image_stretch_and_center", result: .file(broken), expected: .file(original)).score == 0)
    }
}
