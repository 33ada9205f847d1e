import Foundation
import ZIPFoundation

/// The pictures of a presentation's first slide, with their image bytes, and its slide size.
struct SlidePictures {
    struct Picture {
        /// The image part's bytes; nil when the picture embeds none (a linked image).
        var blob: Data?
        var left: Int?
        var top: Int?
        var width: Int?
        var height: Int?
    }

    var pictures: [Picture] = []
    var slideWidth: Int?
    var slideHeight: Int?

    init(_ url: URL) throws(OfficeFileProblem) {
        let package = try OOXMLPackage(url, kind: "pptx")
        guard let main = try package.related("", type: "officeDocument") else {
            throw OfficeFileProblem(url: url, message: "has no main presentation part: not a PowerPoint file")
        }
        let presentation = try package.requiredPart(main)
        let size = presentation.child("sldSz")
        slideWidth = size?.attributes["cx"].flatMap { Int($0) }
        slideHeight = size?.attributes["cy"].flatMap { Int($0) }
        guard let firstID = presentation.child("sldIdLst")?.children("sldId").first?.prefixedAttribute("id") else {
            throw OfficeFileProblem(url: url, message: "has no slides")
        }
        guard let slidePath = try package.relationships(of: main).first(where: { $0.id == firstID && $0.type == "slide" })?.target
        else {
            throw OfficeFileProblem(url: url, message: "lists a slide whose relationship is missing from \(main)")
        }
        let slide = try package.requiredPart(slidePath)
        let relations = try package.relationships(of: slidePath)
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw OfficeFileProblem(url: url, message: "is not a readable pptx (zip) file")
        }
        for element in slide.child("cSld")?.child("spTree")?.children ?? [] where element.name == "pic" {
            let shape = PPTXSlideReader.shape(element, inheritance: nil, onSlide: true)
            guard shape.shapeType == 13 else { continue }
            // python-pptx's Picture.image: the part the blip's r:embed names.
            var picture = Picture(blob: nil, left: shape.left, top: shape.top, width: shape.width, height: shape.height)
            guard let embed = element.child("blipFill")?.child("blip")?.prefixedAttribute("embed"),
                let target = relations.first(where: { $0.id == embed && !$0.isExternal })?.target, let entry = archive[target]
            else {
                pictures.append(picture)
                continue
            }
            var blob = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { blob.append($0) }
            } catch {
                throw OfficeFileProblem(url: url, message: "has a damaged part \(target)")
            }
            picture.blob = blob
            pictures.append(picture)
        }
    }
}
