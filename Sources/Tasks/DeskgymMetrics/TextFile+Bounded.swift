import Foundation

extension TextFile {
    /// The most bytes the configuration, mail-folder, result and HTML metrics read from one file:
    /// far above any task's file, low enough that a runaway one scores 0 instead of filling memory.
    static let boundedLimit = 256 << 20

    /// `read(url)`, refusing a file larger than `limit` bytes before reading it.
    static func readBounded(_ url: URL, limit: Int = boundedLimit) throws(TextFileProblem) -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        if let size = (attributes?[.size] as? NSNumber)?.intValue, size > limit {
            throw TextFileProblem(url: url, message: "is \(size) bytes, more than the \(limit) a metric reads")
        }
        return try read(url)
    }
}
