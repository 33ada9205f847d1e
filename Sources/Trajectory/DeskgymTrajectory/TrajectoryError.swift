/// A trajectory file (`trajectory.jsonl`, `result.json`) that cannot be read.
public struct TrajectoryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file's path.
    public var file: String
    /// The 1-based line, for `trajectory.jsonl`.
    public var line: Int?
    public var problem: String

    public init(file: String, line: Int?, problem: String) {
        self.file = file
        self.line = line
        self.problem = problem
    }

    public var description: String {
        "\(file)\(line.map { " line \($0)" } ?? ""): \(problem)"
    }
}
