/// An episode that could not run as asked.
public struct EpisodeError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The task, agent or options are wrong.
        case badInput
        /// The environment failed: a setup step, a crashed app or X server, a getter.
        case environment
    }

    public var task: String?
    public var kind: Kind
    public var message: String

    public init(task: String?, kind: Kind, message: String) {
        self.task = task
        self.kind = kind
        self.message = message
    }

    public var description: String {
        let prefix = kind == .environment ? "environment error" : "error"
        return task.map { "\(prefix) in task \($0): \(message)" } ?? "\(prefix): \(message)"
    }
}
