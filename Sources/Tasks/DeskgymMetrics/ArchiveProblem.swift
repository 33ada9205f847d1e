import Foundation

/// An archive `compare_archive` could not unpack; scored 0 with this as the reason.
struct ArchiveProblem: Error, Sendable, CustomStringConvertible {
    var url: URL
    var message: String

    var description: String { "\(url.lastPathComponent) \(message)" }
}
