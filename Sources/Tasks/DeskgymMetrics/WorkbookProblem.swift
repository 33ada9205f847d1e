import Foundation

/// A workbook that cannot be read: not a zip, a part missing, XML that is not well-formed.
package struct WorkbookProblem: Error, Sendable, CustomStringConvertible {
    var url: URL
    var message: String
    package var description: String { "\(url.lastPathComponent) \(message)" }
}
