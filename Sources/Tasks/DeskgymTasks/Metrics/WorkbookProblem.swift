import Foundation

/// A workbook that cannot be read: not a zip, a part missing, XML that is not well-formed.
struct WorkbookProblem: Error, Sendable, CustomStringConvertible {
    var url: URL
    var message: String
    var description: String { "\(url.lastPathComponent) \(message)" }
}
