import Foundation

/// An Office Open XML file (docx, pptx) a metric could not read; scored 0 with this as the reason.
struct OfficeFileProblem: Error, Sendable, CustomStringConvertible {
    var url: URL
    var message: String

    var description: String { "\(url.lastPathComponent) \(message)" }
}
