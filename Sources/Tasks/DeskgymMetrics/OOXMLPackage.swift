import Foundation
import ZIPFoundation

/// An Office Open XML package (.docx, .pptx): a zip of XML parts tied together by relationship
/// parts (`_rels/*.rels`). Parts are read on demand and parsed whole.
struct OOXMLPackage {
    /// One relationship of a part: its id, its type's last path component (`slide`,
    /// `slideLayout`, `notesSlide`, `officeDocument`, …) and its target as a path inside the package.
    struct Relationship: Sendable, Hashable {
        var id: String
        var type: String
        var target: String
        var isExternal: Bool
    }

    let url: URL
    private let archive: Archive

    /// Opens the package; `kind` (such as "docx") names the format in the error.
    init(_ url: URL, kind: String) throws(OfficeFileProblem) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw OfficeFileProblem(url: url, message: "does not exist")
        }
        guard !isDirectory.boolValue else { throw OfficeFileProblem(url: url, message: "is a directory") }
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw OfficeFileProblem(url: url, message: "is not a readable \(kind) (zip) file")
        }
        self.url = url
    }

    /// The part at `path` (no leading slash), parsed; nil when the package has no such part.
    func part(_ path: String) throws(OfficeFileProblem) -> XMLTreeNode? {
        try archive.xmlPart(path) { OfficeFileProblem(url: url, message: $0) }
    }

    /// The part at `path`, which must be there.
    func requiredPart(_ path: String) throws(OfficeFileProblem) -> XMLTreeNode {
        guard let node = try part(path) else { throw OfficeFileProblem(url: url, message: "has no part \(path)") }
        return node
    }

    /// The relationships of the part at `path` ("" for the package's own, `_rels/.rels`), in the
    /// order written, targets resolved against the part's folder.
    func relationships(of path: String) throws(OfficeFileProblem) -> [Relationship] {
        let folder = path.split(separator: "/").dropLast().joined(separator: "/")
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/" + name + ".rels"
        guard let rels = try part(relsPath) else { return [] }
        return rels.children("Relationship").compactMap { node in
            guard let id = node.attributes["Id"], let target = node.attributes["Target"] else { return nil }
            let external = node.attributes["TargetMode"] == "External"
            let type = node.attributes["Type"].map { String($0.split(separator: "/").last ?? "") } ?? ""
            let resolved =
                external
                ? target
                : target.hasPrefix("/")
                    ? Self.normalize(String(target.dropFirst()))
                    : Self.normalize((folder.isEmpty ? "" : folder + "/") + target)
            return Relationship(id: id, type: type, target: resolved, isExternal: external)
        }
    }

    /// The target of the first relationship of `type` from the part at `path`.
    func related(_ path: String, type: String) throws(OfficeFileProblem) -> String? {
        try relationships(of: path).first { $0.type == type && !$0.isExternal }?.target
    }

    /// "ppt/slides/../slideLayouts/x.xml" → "ppt/slideLayouts/x.xml".
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == ".." { _ = parts.popLast() } else if part != "." { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }
}
