import Foundation

/// Two runs set side by side, task by task: run B against run A.
public struct RunComparison: Sendable, Hashable {
    /// One task present in either run.
    public struct Row: Sendable, Hashable {
        public var domain: String
        public var taskID: String
        /// The status and score in each run; nil when the run lacks the task.
        public var statusA: EpisodeStatus?
        public var scoreA: Double?
        public var statusB: EpisodeStatus?
        public var scoreB: Double?

        /// How B did against A, when both finished the task.
        public var change: Change {
            guard statusA == .finished, statusB == .finished, let a = scoreA, let b = scoreB else { return .notComparable }
            return b > a ? .better : (b < a ? .worse : .same)
        }
    }

    public enum Change: String, Sendable, Hashable {
        case better, worse, same
        /// One of the runs lacks the task or has not finished it (or ended it in an environment error).
        case notComparable = "not comparable"
    }

    /// The run names.
    public var runA: String
    public var runB: String
    /// Every task of either run, by domain then id.
    public var rows: [Row]
    /// The comparison page.
    public var page: URL

    /// Tasks both runs finished on which B scored higher (B's wins).
    public var better: Int { rows.filter { $0.change == .better }.count }
    /// Tasks both runs finished on which B scored lower (B's losses).
    public var worse: Int { rows.filter { $0.change == .worse }.count }
    /// Tasks both runs finished with the same score.
    public var same: Int { rows.filter { $0.change == .same }.count }
    /// Tasks not finished by both.
    public var notComparable: Int { rows.filter { $0.change == .notComparable }.count }

    /// The mean scores of A and B over the tasks both finished (nil when there are none): the
    /// fair comparison when the runs finished different sets of tasks.
    public var commonMeans: (a: Double, b: Double)? {
        let common = rows.filter { $0.change != .notComparable }
        guard !common.isEmpty else { return nil }
        let count = Double(common.count)
        return (common.reduce(0) { $0 + ($1.scoreA ?? 0) } / count, common.reduce(0) { $0 + ($1.scoreB ?? 0) } / count)
    }

    public init(runA: String, runB: String, rows: [Row], page: URL) {
        self.runA = runA
        self.runB = runB
        self.rows = rows
        self.page = page
    }
}
