import Foundation
import ZIPFoundation

extension Archive {
    /// The entry at `path` (no leading slash), parsed as XML; nil when there is none. A failure is
    /// `problem` of what to say after the file's name: `has a damaged part …` or `has a part … that
    /// is not XML: …`.
    func xmlPart<Problem: Error>(_ path: String, problem: (String) -> Problem) throws(Problem) -> XMLTreeNode? {
        guard let entry = self[path] else { return nil }
        var data = Data()
        do {
            _ = try extract(entry, skipCRC32: false) { data.append($0) }
        } catch {
            throw problem("has a damaged part \(path)")
        }
        do {
            return try XMLTreeNode.parse(data)
        } catch {
            throw problem("has a part \(path) that is not XML: \(error)")
        }
    }
}
