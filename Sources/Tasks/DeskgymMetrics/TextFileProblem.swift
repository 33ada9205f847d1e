import Foundation

/// A file a metric could not read; scored 0 with this as the reason.
struct TextFileProblem: Error, Sendable, CustomStringConvertible {
    var url: URL
    var message: String

    var description: String { "\(url.path) \(message)" }
}
