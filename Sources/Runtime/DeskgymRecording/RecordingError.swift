/// A recording that could not start.
public struct RecordingError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The task, its vm-config, the folder, the port or the password are wrong.
        case badInput
        /// The session or its setup steps failed.
        case environment
    }

    public var kind: Kind
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String {
        (kind == .environment ? "environment error: " : "error: ") + message
    }
}
