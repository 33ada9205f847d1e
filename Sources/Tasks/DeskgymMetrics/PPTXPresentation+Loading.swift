import Foundation

extension PPTXPresentation {
    /// Reads a .pptx: the slides of `ppt/presentation.xml`'s slide list, each with its layout and
    /// master (for placeholder positions and the background) and its notes slide.
    static func load(_ url: URL) throws(OfficeFileProblem) -> PPTXPresentation {
        let package = try OOXMLPackage(url, kind: "pptx")
        guard let main = try package.related("", type: "officeDocument") else {
            throw OfficeFileProblem(url: url, message: "has no main presentation part: not a PowerPoint file")
        }
        let presentation = try package.requiredPart(main)
        guard presentation.name == "presentation" else {
            throw OfficeFileProblem(url: url, message: "has a main part \(main) that is not a presentation")
        }
        let relations = try package.relationships(of: main)
        var slides: [Slide] = []
        for entry in presentation.child("sldIdLst")?.children("sldId") ?? [] {
            guard let id = entry.prefixedAttribute("id"),
                let path = relations.first(where: { $0.id == id && $0.type == "slide" })?.target
            else {
                throw OfficeFileProblem(url: url, message: "lists a slide whose relationship is missing from \(main)")
            }
            slides.append(try PPTXSlideReader(package: package, path: path).slide())
        }
        let size = presentation.child("sldSz")
        return PPTXPresentation(
            slides: slides, slideWidth: size?.attributes["cx"].flatMap { Int($0) },
            slideHeight: size?.attributes["cy"].flatMap { Int($0) })
    }
}
