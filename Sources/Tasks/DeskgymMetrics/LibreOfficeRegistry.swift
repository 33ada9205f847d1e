import Foundation

/// LibreOffice's user registry (`registrymodifications.xcu`) as OSWorld's metrics read it with
/// ElementTree: `item` elements by `oor:path`, each with `prop` elements by `oor:name`.
struct LibreOfficeRegistry {
    let root: XMLTreeNode

    /// Reads and parses the file.
    init(contentsOf url: URL) throws(TextFileProblem) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TextFileProblem(url: url, message: "cannot be read (\(error.localizedDescription))")
        }
        do {
            root = try XMLTreeNode.parse(data)
        } catch {
            throw TextFileProblem(url: url, message: "cannot be read as XML (\(error))")
        }
    }

    /// The `item` elements with this `oor:path`, in document order.
    func items(path: String) -> [XMLTreeNode] {
        root.descendants("item").filter { $0.prefixedAttribute("path") == path }
    }
}
