import Foundation

/// An image file a metric could not read or compare; scored 0 with this as the reason.
struct ImageFileProblem: Error, Sendable, CustomStringConvertible {
    var url: URL
    var message: String

    var description: String { "\(url.path) \(message)" }
}
