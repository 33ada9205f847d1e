import Foundation

/// A section of a .docx as python-docx's `document.sections` gives it: one per `w:sectPr` of a
/// body paragraph's `w:pPr` and the body's own, in document order.
struct DOCXSection: Sendable, Hashable {
    /// The text of `section.footer.paragraphs[0]` ("" when the footer has no paragraph). A section
    /// without a default (`w:type="default"`) footer reference uses the previous section's footer,
    /// and the first section without one gets python-docx's new empty footer, as `section.footer`
    /// does. Invalid when the reference names no relationship or the part cannot be read.
    var footerFirstParagraph: DOCXValue<String>
    /// `page_width`, `left_margin`, `right_margin` in EMU (nil when not set).
    var pageWidth: DOCXValue<Int>?
    var leftMargin: DOCXValue<Int>?
    var rightMargin: DOCXValue<Int>?

    static func sections(of body: XMLTreeNode, part: String, in package: OOXMLPackage) -> [DOCXSection] {
        var properties: [XMLTreeNode] = []
        for child in body.children {
            if child.name == "p", let sectPr = child.child("pPr")?.child("sectPr") { properties.append(sectPr) }
            if child.name == "sectPr" { properties.append(child) }
        }
        let relationships = (try? package.relationships(of: part)) ?? []
        var sections: [DOCXSection] = []
        for sectPr in properties {
            let footer: DOCXValue<String>
            if let reference = sectPr.children("footerReference").first(where: { $0.attributes["type"] == "default" }) {
                footer = firstParagraph(of: reference, relationships: relationships, in: package)
            } else {
                footer = sections.last?.footerFirstParagraph ?? .value("")
            }
            let size = sectPr.child("pgSz"), margins = sectPr.child("pgMar")
            sections.append(
                DOCXSection(
                    footerFirstParagraph: footer,
                    pageWidth: size?.attributes["w"].map(DOCXMeasure.twips),
                    leftMargin: margins?.attributes["left"].map(DOCXMeasure.signedTwips),
                    rightMargin: margins?.attributes["right"].map(DOCXMeasure.twips)))
        }
        return sections
    }

    private static func firstParagraph(
        of reference: XMLTreeNode, relationships: [OOXMLPackage.Relationship],
        in package: OOXMLPackage
    ) -> DOCXValue<String> {
        let id = reference.prefixedAttribute("id") ?? reference.attributes["id"] ?? ""
        guard let relationship = relationships.first(where: { $0.id == id && !$0.isExternal }) else {
            return .invalid("a footer reference names relationship \(id.pythonRepr), which the document does not have")
        }
        do {
            let footer = try package.requiredPart(relationship.target)
            return .value(footer.child("p").map(DOCXDocument.paragraphText) ?? "")
        } catch {
            return .invalid("\(error)")
        }
    }
}
