/// A desktop session that could not start, or broke while running.
public struct SessionError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// A program the session needs is not installed.
        case programMissing(String)
        /// A process of the session ended while it should be running.
        case processDied(name: String, pid: Int32, status: String)
        /// A step did not finish in time.
        case timedOut(String)
        /// The config asks for something sessions cannot do.
        case unsupported(String)
        /// A file operation on the session folder failed.
        case filesystem(String)
        /// Anything else, described.
        case failed(String)
    }

    /// What was being done: `start`, `stop`, `health check`, …
    public var operation: String
    /// The session's display, when known.
    public var display: String?
    public var kind: Kind
    /// The lower-level error, if any.
    public var underlying: String?

    public init(operation: String, display: String? = nil, kind: Kind, underlying: String? = nil) {
        self.operation = operation
        self.display = display
        self.kind = kind
        self.underlying = underlying
    }

    public var description: String {
        var text = "session \(operation)"
        if let display { text += " (display \(display))" }
        switch kind {
        case .programMissing(let detail): text += ": \(detail)"
        case .processDied(let name, let pid, let status): text += ": \(name) (pid \(pid)) died: \(status)"
        case .timedOut(let what): text += ": timed out \(what)"
        case .unsupported(let what): text += ": \(what)"
        case .filesystem(let what): text += ": \(what)"
        case .failed(let what): text += ": \(what)"
        }
        if let underlying { text += " [\(underlying)]" }
        return text
    }
}
