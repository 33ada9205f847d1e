import Foundation

/// A PDF whose text could not be extracted; it counts 0 in `compare_pdfs`.
struct PDFTextProblem: Error, Sendable, CustomStringConvertible {
    var url: URL
    var message: String

    var description: String { "\(url.lastPathComponent) \(message)" }
}
