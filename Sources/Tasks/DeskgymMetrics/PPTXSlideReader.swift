import Foundation

/// Reads one slide part and the parts it inherits from.
struct PPTXSlideReader {
    let package: OOXMLPackage
    let path: String

    func slide() throws(OfficeFileProblem) -> PPTXPresentation.Slide {
        let root = try package.requiredPart(path)
        let layoutPath = try package.related(path, type: "slideLayout")
        let layout = try layoutPath.flatMap { path throws(OfficeFileProblem) in try package.part(path) }
        let masterPath = try layoutPath.flatMap { path throws(OfficeFileProblem) in try package.related(path, type: "slideMaster") }
        let master = try masterPath.flatMap { path throws(OfficeFileProblem) in try package.part(path) }
        let inheritance = PPTXPlaceholderInheritance(layout: layout, master: master)
        let tree = root.child("cSld")?.child("spTree")
        let shapes = (tree?.children ?? []).filter { Self.shapeElements.contains($0.name) }.map {
            Self.shape($0, inheritance: inheritance, onSlide: true)
        }
        var notes = ""
        if let notesPath = try package.related(path, type: "notesSlide"), let notesPart = try package.part(notesPath) {
            let body = (notesPart.child("cSld")?.child("spTree")?.children ?? []).first { element in
                Self.placeholder(of: element).map { ($0.attributes["type"] ?? "obj") == "body" } ?? false
            }
            notes = body.map { Self.paragraphs(in: $0.child("txBody")).map(\.text).joined(separator: "\n") } ?? ""
        }
        return PPTXPresentation.Slide(
            shapes: shapes, notes: notes,
            background: Self.background(slide: root, master: master),
            bullets: Self.bullets(root), fill: PPTXBackgroundFill(of: root),
            masterFill: master.map { PPTXBackgroundFill(of: $0) })
    }

    static let shapeElements: Set = ["sp", "grpSp", "graphicFrame", "cxnSp", "pic", "contentPart"]
    static let tableURI = "http://schemas.openxmlformats.org/drawingml/2006/table"
    static let chartURI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
    static let oleURI = "http://schemas.openxmlformats.org/presentationml/2006/ole"

    /// The `p:ph` of a shape element (`./*[1]/p:nvPr/p:ph`), if it is a placeholder.
    static func placeholder(of element: XMLTreeNode) -> XMLTreeNode? {
        element.children.first?.child("nvPr")?.child("ph")
    }

    /// `x`, `y`, `cx`, `cy` of the element's own transform (`a:off`, `a:ext`), each nil when not written.
    static func geometry(_ element: XMLTreeNode) -> (Int?, Int?, Int?, Int?) {
        let transform: XMLTreeNode?
        switch element.name {
        case "graphicFrame": transform = element.child("xfrm")
        case "grpSp": transform = element.child("grpSpPr")?.child("xfrm")
        case "contentPart": transform = element.child("xfrm")
        default: transform = element.child("spPr")?.child("xfrm")
        }
        let offset = transform?.child("off"), extent = transform?.child("ext")
        return (
            offset?.attributes["x"].flatMap { Int($0) }, offset?.attributes["y"].flatMap { Int($0) },
            extent?.attributes["cx"].flatMap { Int($0) }, extent?.attributes["cy"].flatMap { Int($0) }
        )
    }

    static func shape(_ element: XMLTreeNode, inheritance: PPTXPlaceholderInheritance?, onSlide: Bool) -> PPTXPresentation.Shape {
        var (left, top, width, height) = geometry(element)
        let ph = placeholder(of: element)
        // Slide placeholders that are `p:sp` or `p:pic` take each missing dimension from the
        // layout placeholder with the same idx (python-pptx's _InheritsDimensions); shapes inside
        // groups are plain shapes.
        if onSlide, let ph, element.name == "sp" || element.name == "pic", let inheritance {
            let base = inheritance.layoutGeometry(idx: Int(ph.attributes["idx"] ?? "0") ?? 0)
            left = left ?? base.0
            top = top ?? base.1
            width = width ?? base.2
            height = height ?? base.3
        }
        var shape = PPTXPresentation.Shape(
            element: element.name, shapeType: nil, left: left, top: top, width: width, height: height,
            paragraphs: nil, table: nil, children: [])
        switch element.name {
        case "sp":
            let properties = element.child("spPr")
            if onSlide && ph != nil {
                shape.shapeType = 14
            } else if properties?.child("custGeom") != nil {
                shape.shapeType = 5
            } else if properties?.child("prstGeom") != nil, !isTrue(element.child("nvSpPr")?.child("cNvSpPr")?.attributes["txBox"]) {
                shape.shapeType = 1
            } else if isTrue(element.child("nvSpPr")?.child("cNvSpPr")?.attributes["txBox"]) {
                shape.shapeType = 17
            }
            shape.paragraphs = paragraphs(in: element.child("txBody"))
        case "pic":
            let video = element.child("nvPicPr")?.child("nvPr")?.child("videoFile") != nil
            shape.shapeType = onSlide && ph != nil ? 14 : video ? 16 : 13
        case "grpSp":
            shape.shapeType = 6
            shape.children = element.children.filter { shapeElements.contains($0.name) }.map {
                Self.shape($0, inheritance: nil, onSlide: false)
            }
        case "cxnSp":
            shape.shapeType = 9
        case "graphicFrame":
            let data = element.child("graphic")?.child("graphicData")
            switch data?.attributes["uri"] {
            case chartURI?: shape.shapeType = 3
            case tableURI?:
                shape.shapeType = 19
                if let table = data?.child("tbl") {
                    shape.table = PPTXPresentation.Table(
                        columnCount: table.child("tblGrid")?.children("gridCol").count ?? 0,
                        rows: table.children("tr").map { row in row.children("tc").map { paragraphs(in: $0.child("txBody")) } })
                }
            case oleURI?:
                let embedded = data?.descendants("oleObj").first?.children.contains { $0.name == "embed" } ?? false
                shape.shapeType = embedded ? 7 : 10
            default: break
            }
        default:
            break
        }
        return shape
    }

    /// A text body's paragraphs; a missing body is one empty paragraph, which python-pptx adds
    /// when the text frame is read.
    static func paragraphs(in body: XMLTreeNode?) -> [PPTXPresentation.Paragraph] {
        guard let body else { return [PPTXPresentation.Paragraph(alignment: nil, level: 0, text: "", runs: [])] }
        return body.children("p").map { paragraph in
            let properties = paragraph.child("pPr")
            var text = ""
            var runs: [PPTXPresentation.Run] = []
            for child in paragraph.children {
                switch child.name {
                case "r":
                    let runText = child.child("t")?.text ?? ""
                    text += runText
                    runs.append(PPTXPresentation.Run(text: runText, font: font(child.child("rPr"))))
                case "br": text += "\u{0B}"
                case "fld": text += child.child("t")?.text ?? ""
                default: break
                }
            }
            return PPTXPresentation.Paragraph(
                alignment: properties?.attributes["algn"],
                level: properties?.attributes["lvl"].flatMap { Int($0) } ?? 0,
                text: text, runs: runs)
        }
    }

    static func font(_ properties: XMLTreeNode?) -> PPTXPresentation.Font {
        let underline: PPTXPresentation.Underline? = properties?.attributes["u"].map {
            switch $0 {
            case "none": .off
            case "sng": .single
            default: .other($0)
            }
        }
        var rgb: String?
        if let fill = properties?.children.first(where: { fillElements.contains($0.name) }), fill.name == "solidFill",
            let value = fill.child("srgbClr")?.attributes["val"]
        {
            rgb = value.uppercased()
        }
        return PPTXPresentation.Font(
            name: properties?.child("latin")?.attributes["typeface"],
            size: properties?.attributes["sz"].flatMap { Int($0) },
            bold: boolean(properties?.attributes["b"]), italic: boolean(properties?.attributes["i"]),
            underline: underline, strike: properties?.attributes["strike"] ?? "noStrike", rgb: rgb)
    }

    static let fillElements: Set = ["noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill"]

    /// An `xsd:boolean` attribute; nil when absent (or not a boolean).
    static func boolean(_ value: String?) -> Bool? {
        switch value {
        case "1"?, "true"?: true
        case "0"?, "false"?: false
        default: nil
        }
    }

    static func isTrue(_ value: String?) -> Bool { boolean(value) == true }

    /// The slide's solid background colour, else (no fill of its own) the master's.
    static func background(slide: XMLTreeNode, master: XMLTreeNode?) -> PPTXPresentation.Background {
        // python-pptx treats a missing p:bg/p:bgPr (or a p:bgRef) as "no fill" and then asks the master.
        func fill(_ root: XMLTreeNode?) -> XMLTreeNode? {
            root?.child("cSld")?.child("bg")?.child("bgPr")?.children.first { fillElements.contains($0.name) }
        }
        func color(_ solid: XMLTreeNode) -> PPTXPresentation.Background {
            if let value = solid.child("srgbClr")?.attributes["val"] { return .rgb(value.uppercased()) }
            return .unreadable(solid.children.first?.name ?? "no colour")
        }
        let own = fill(slide)
        switch own?.name {
        case "solidFill"?: return color(own!)
        case nil, "noFill"?:
            if let inherited = fill(master), inherited.name == "solidFill" { return color(inherited) }
            return .none
        default: return .none
        }
    }

    /// `_extract_bullets` over the slide part: every `a:p`, anywhere, that has text.
    static func bullets(_ slide: XMLTreeNode) -> [PPTXPresentation.Bullet]? {
        var bullets: [PPTXPresentation.Bullet] = []
        for paragraph in slide.descendants("p") {
            let texts = paragraph.descendants("t")
            // ElementTree gives None for an empty <a:t/>, and joining it raises.
            guard !texts.contains(where: { $0.text.isEmpty }) else { return nil }
            let text = texts.map(\.text).joined()
            guard !text.pythonStrip().isEmpty else { continue }
            let properties = paragraph.child("pPr")
            bullets.append(
                PPTXPresentation.Bullet(
                    level: properties.map { $0.attributes["lvl"] ?? "0" } ?? "No Level",
                    character: properties?.child("buChar")?.attributes["char"] ?? "No Bullet",
                    text: text,
                    color: properties?.child("buClr")?.child("srgbClr")?.attributes["val"] ?? "No Color"))
        }
        return bullets
    }
}
