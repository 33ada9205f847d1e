/// Why a folder of tasks could not be checked at all (single files that fail to load are part of
/// the report instead).
public struct CorpusError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The folder as given.
    public var folder: String
    /// What is wrong: `folder not found`, `not a folder`, ….
    public var message: String

    /// Creates an error.
    public init(folder: String, message: String) {
        self.folder = folder
        self.message = message
    }

    /// `tasks/nope: folder not found`.
    public var description: String { "\(folder): \(message)" }
}
