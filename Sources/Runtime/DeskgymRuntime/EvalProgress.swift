import DeskgymEval
import Foundation

/// Where a run stands after an episode, for a progress line.
public struct EvalProgress: Sendable {
    public var done: Int
    public var total: Int
    /// Tasks an earlier run finished, skipped by this one.
    public var skipped: Int
    /// Mean score of this run's episodes so far.
    public var meanScore: Double
    public var successes: Int
    public var environmentErrors: Int
    public var elapsed: Duration
    /// Estimated time left, from the mean episode time so far.
    public var remaining: Duration?
    public var lastTask: String
    public var lastScore: Double
    public var lastEnvironmentError: String?
    /// Median over this run's episodes of the time the environment took beyond the agent's
    /// thinking: wall time minus model time (session start, setup, every step's execution,
    /// settle and capture, evaluation, session stop).
    public var medianOverheadMilliseconds: Double

    /// One line: `[ 3/40]  7.5%  ETA 4m10s  score 66.7% (2/3)  env errors 0  os/count-lines 1.0`.
    public var line: String {
        let width = String(total).count
        let percent = total == 0 ? 100 : Double(done) / Double(total) * 100
        let eta = remaining.map { "ETA \(Self.format($0))" } ?? "ETA --"
        let last = lastEnvironmentError == nil ? String(format: "%.2f", lastScore) : "environment error"
        return "[\(String(done).leftPadded(to: width))/\(total)] " + String(format: "%5.1f%%", percent)
            + "  \(eta)  score " + String(format: "%.1f%%", meanScore * 100) + " (\(successes)/\(done))"
            + "  env errors \(environmentErrors)  \(lastTask) \(last)"
    }

    static func format(_ duration: Duration) -> String {
        let seconds = Int(duration.components.seconds)
        return seconds >= 60 ? "\(seconds / 60)m\(String(format: "%02d", seconds % 60))s" : "\(seconds)s"
    }
}

/// Counts finished episodes for ``EvalProgress``.
actor EvalProgressTracker {
    private let total: Int
    private let skipped: Int
    private let started = ContinuousClock.now
    private var done = 0
    private var scoreSum = 0.0
    private var successes = 0
    private var environmentErrors = 0
    private var overheads: [Double] = []

    init(total: Int, skipped: Int) {
        self.total = total
        self.skipped = skipped
    }

    func finished(_ task: EvalTask, outcome: EpisodeResult) -> EvalProgress {
        done += 1
        scoreSum += outcome.score
        if outcome.score >= 1 { successes += 1 }
        if outcome.environmentError != nil { environmentErrors += 1 }
        overheads.append(outcome.wallMilliseconds - outcome.modelMilliseconds)
        let sorted = overheads.sorted()
        let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        let elapsed = ContinuousClock.now - started
        let remaining = done < total ? elapsed / done * (total - done) : nil
        return EvalProgress(
            done: done, total: total, skipped: skipped, meanScore: scoreSum / Double(done), successes: successes,
            environmentErrors: environmentErrors, elapsed: elapsed, remaining: remaining,
            lastTask: "\(task.domain)/\(task.id)", lastScore: outcome.score,
            lastEnvironmentError: outcome.environmentError, medianOverheadMilliseconds: median)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
