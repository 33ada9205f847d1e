import DeskgymTaskModel
import Foundation

/// A task a session runs, with where it came from.
public struct ServedTask: Sendable {
    /// The task.
    public var task: OSWorldTask
    /// The folder of the task file, against which relative paths in the task resolve; nil for a
    /// task sent inline.
    public var folder: URL?
    /// How the client named it: `domain/id`, or `inline` for a task sent in the request.
    public var reference: String

    /// ``reference`` of a task sent in the request.
    public static let inlineReference = "inline"

    public init(task: OSWorldTask, folder: URL?, reference: String) {
        self.task = task
        self.folder = folder
        self.reference = reference
    }
}
