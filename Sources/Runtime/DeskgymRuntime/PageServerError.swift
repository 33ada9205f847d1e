import Foundation

/// The page server could not start: which folder, what went wrong.
public struct PageServerError: Error, Sendable, CustomStringConvertible {
    /// The folder that was to be served.
    public var folder: URL
    /// What went wrong.
    public var problem: String

    public init(folder: URL, problem: String) {
        self.folder = folder
        self.problem = problem
    }

    public var description: String { "page server for \(folder.path): \(problem)" }
}
