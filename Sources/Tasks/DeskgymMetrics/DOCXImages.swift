import Foundation
import ZIPFoundation

extension DOCXDocument {
    /// The images python-docx's `document.part.rels` lead to: the targets of the main document
    /// part's relationships whose type names an image, in the order the relationships are written,
    /// with their bytes. A linked (external) image or a missing part is an error, as in python-docx.
    static func images(_ url: URL) throws(OfficeFileProblem) -> [(name: String, data: Data)] {
        _ = try load(url)
        let package = try OOXMLPackage(url, kind: "docx")
        guard let main = try package.related("", type: "officeDocument") else {
            throw OfficeFileProblem(url: url, message: "has no main document part: not a Word document")
        }
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw OfficeFileProblem(url: url, message: "is not a readable docx (zip) file")
        }
        var images: [(name: String, data: Data)] = []
        for relationship in try package.relationships(of: main) where relationship.type.contains("image") {
            guard !relationship.isExternal else {
                throw OfficeFileProblem(
                    url: url, message: "links an external image \(relationship.target) (relationship \(relationship.id))")
            }
            guard let entry = archive[relationship.target] else {
                throw OfficeFileProblem(url: url, message: "has no part \(relationship.target) (image relationship \(relationship.id))")
            }
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            } catch {
                throw OfficeFileProblem(url: url, message: "has a damaged part \(relationship.target)")
            }
            images.append((relationship.target, data))
        }
        return images
    }
}
