/// A recording's file (the raw event log, a trajectory to export) that cannot be read or written.
public struct EventLogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file's path.
    public var file: String
    /// The 1-based line, when the problem is in one line.
    public var line: Int?
    public var problem: String

    public init(file: String, line: Int? = nil, problem: String) {
        self.file = file
        self.line = line
        self.problem = problem
    }

    public var description: String {
        line.map { "\(file) line \($0): \(problem)" } ?? "\(file): \(problem)"
    }
}
