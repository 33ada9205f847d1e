/// A server setting that is refused before anything starts.
public struct ServerConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The setting at fault (`host`, `capacity`, `tasks`, …).
    public var field: String
    /// What is wrong with it.
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
