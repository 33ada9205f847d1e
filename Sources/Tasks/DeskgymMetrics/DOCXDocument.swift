import Foundation

/// The text of a .docx as python-docx gives it: `Document(path).paragraphs` are the `w:p` children
/// of the body (not those inside tables, text boxes or headers), and a paragraph's `text` joins
/// its runs and hyperlinks' runs, a run being its `w:t` texts, `w:tab` and `w:ptab` as tabs,
/// `w:br` (a line break; page and column breaks give nothing) and `w:cr` as "\n", and
/// `w:noBreakHyphen` as "-".
///
/// `tables` are python-docx's `document.tables`: the `w:tbl` children of the body (not nested ones).
/// `body` holds the same paragraphs as `paragraphs` with their runs and formatting, and `sections`
/// python-docx's `document.sections` (see `DOCXSection`).
struct DOCXDocument: Sendable {
    var paragraphs: [String]
    var tables: [DOCXTable] = []
    var body: [DOCXParagraph] = []
    var sections: [DOCXSection] = []

    static func load(_ url: URL) throws(OfficeFileProblem) -> DOCXDocument {
        let package = try OOXMLPackage(url, kind: "docx")
        guard let main = try package.related("", type: "officeDocument") else {
            throw OfficeFileProblem(url: url, message: "has no main document part: not a Word document")
        }
        let document = try package.requiredPart(main)
        guard document.name == "document", let body = document.child("body") else {
            throw OfficeFileProblem(url: url, message: "has a main part \(main) that is not a Word document body")
        }
        let paragraphs = body.children("p").map(DOCXParagraph.init)
        return DOCXDocument(
            paragraphs: paragraphs.map(\.text), tables: body.children("tbl").map(DOCXTable.init),
            body: paragraphs, sections: DOCXSection.sections(of: body, part: main, in: package))
    }

    static func paragraphText(_ paragraph: XMLTreeNode) -> String {
        var text = ""
        for child in paragraph.children {
            switch child.name {
            case "r": text += runText(child)
            case "hyperlink": text += child.children("r").map(runText).joined()
            default: break
            }
        }
        return text
    }

    static func runText(_ run: XMLTreeNode) -> String {
        var text = ""
        for child in run.children {
            switch child.name {
            case "t": text += child.text
            case "tab", "ptab": text += "\t"
            case "cr": text += "\n"
            case "br": text += (child.attributes["type"] ?? "textWrapping") == "textWrapping" ? "\n" : ""
            case "noBreakHyphen": text += "-"
            default: break
            }
        }
        return text
    }
}
