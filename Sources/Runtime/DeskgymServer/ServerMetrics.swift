import DeskgymCore
import Synchronization

/// The server's counters, gauges and step-latency histogram, exposed at `GET /metrics` in the
/// Prometheus text format. Recording takes a lock for a few additions, so it is cheap on every
/// request.
public final class ServerMetrics: Sendable {
    /// What happened, for ``record(_:)``.
    public enum Event: Sendable {
        case sessionCreated
        case sessionReclaimed
        case reset
        case command
        /// A request refused for bad input (4xx).
        case requestError
        /// A desktop that broke (a crashed X server or app, a failed setup).
        case environmentError
    }

    /// Upper bounds of the step-latency histogram buckets, in seconds.
    public static let stepBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct State {
        var live = 0
        var starting = 0
        var created = 0
        var reclaimed = 0
        var steps = 0
        var resets = 0
        var commands = 0
        var requestErrors = 0
        var environmentErrors = 0
        var stepBucketCounts = Array(repeating: 0, count: ServerMetrics.stepBuckets.count)
        var stepSum = 0.0
    }

    private let state = Mutex(State())
    let capacity: Int

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// Counts one event.
    public func record(_ event: Event) {
        state.withLock { state in
            switch event {
            case .sessionCreated: state.created += 1
            case .sessionReclaimed: state.reclaimed += 1
            case .reset: state.resets += 1
            case .command: state.commands += 1
            case .requestError: state.requestErrors += 1
            case .environmentError: state.environmentErrors += 1
            }
        }
    }

    /// Counts one step that took `duration` (request in to answer out).
    public func recordStep(_ duration: Duration) {
        let seconds = duration.seconds
        state.withLock { state in
            state.steps += 1
            state.stepSum += seconds
            for (index, bound) in Self.stepBuckets.enumerated() where seconds <= bound {
                state.stepBucketCounts[index] += 1
            }
        }
    }

    /// Sets the session gauges.
    func setSessions(live: Int, starting: Int) {
        state.withLock { state in
            state.live = live
            state.starting = starting
        }
    }

    /// Steps counted so far.
    public var steps: Int { state.withLock { $0.steps } }

    /// The exposition text (format 0.0.4).
    public func exposition() -> String {
        let state = state.withLock { $0 }
        var lines: [String] = []
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(String, String)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for (labels, value) in samples {
                lines.append("\(name)\(labels) \(value)")
            }
        }
        metric("deskgym_sessions", "gauge", "Sessions alive or starting, by state.",
               [("{state=\"live\"}", "\(state.live)"), ("{state=\"starting\"}", "\(state.starting)")])
        metric("deskgym_capacity", "gauge", "The most sessions the server holds at once.", [("", "\(capacity)")])
        metric("deskgym_sessions_created_total", "counter", "Sessions created.", [("", "\(state.created)")])
        metric("deskgym_sessions_reclaimed_total", "counter", "Sessions reclaimed when their lease ran out.",
               [("", "\(state.reclaimed)")])
        metric("deskgym_steps_total", "counter", "Steps taken.", [("", "\(state.steps)")])
        metric("deskgym_resets_total", "counter", "Session resets.", [("", "\(state.resets)")])
        metric("deskgym_commands_total", "counter", "Shell commands run in sessions.", [("", "\(state.commands)")])
        metric("deskgym_errors_total", "counter", "Errors, by kind: request (refused input) or environment (a broken desktop).",
               [("{kind=\"request\"}", "\(state.requestErrors)"), ("{kind=\"environment\"}", "\(state.environmentErrors)")])
        var buckets: [(String, String)] = []
        for (bound, count) in zip(Self.stepBuckets, state.stepBucketCounts) {
            buckets.append(("_bucket{le=\"\(bound)\"}", "\(count)"))
        }
        buckets.append(("_bucket{le=\"+Inf\"}", "\(state.steps)"))
        buckets.append(("_sum", "\(state.stepSum)"))
        buckets.append(("_count", "\(state.steps)"))
        metric("deskgym_step_duration_seconds", "histogram", "Time to answer a step, in seconds.", buckets)
        return lines.joined(separator: "\n") + "\n"
    }
}
