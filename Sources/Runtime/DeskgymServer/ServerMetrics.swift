import DeskgymCore
import Prometheus

/// The server's counters, gauges and step-latency histogram, exposed at `GET /metrics` in the
/// Prometheus text format by swift-prometheus.
///
/// Each server has a registry of its own rather than swift-metrics' process-wide bootstrap, so that
/// several servers in one process (tests, benchmarks) count apart. Recording is an atomic add.
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

    private let registry = PrometheusCollectorRegistry()
    private let live: Gauge
    private let starting: Gauge
    private let created: Counter
    private let reclaimed: Counter
    private let stepCount: Counter
    private let resets: Counter
    private let commands: Counter
    private let requestErrors: Counter
    private let environmentErrors: Counter
    private let stepDuration: DurationHistogram
    let capacity: Int

    public init(capacity: Int) {
        self.capacity = capacity
        func named(_ metric: String, unit: String = "", _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "deskgym", metricName: metric, unitName: unit, helpText: help)
        }
        let sessions = named("sessions", "Sessions alive or starting, by state.")
        live = registry.makeGauge(descriptor: sessions, labels: [("state", "live")])
        starting = registry.makeGauge(descriptor: sessions, labels: [("state", "starting")])
        registry.makeGauge(descriptor: named("capacity", "The most sessions the server holds at once.")).set(to: Double(capacity))
        created = registry.makeCounter(descriptor: named("sessions_created", unit: "total", "Sessions created."))
        reclaimed = registry.makeCounter(
            descriptor: named(
                "sessions_reclaimed", unit: "total",
                "Sessions reclaimed when their lease ran out."))
        stepCount = registry.makeCounter(descriptor: named("steps", unit: "total", "Steps taken."))
        resets = registry.makeCounter(descriptor: named("resets", unit: "total", "Session resets."))
        commands = registry.makeCounter(descriptor: named("commands", unit: "total", "Shell commands run in sessions."))
        let errors = named("errors", unit: "total", "Errors, by kind: request (refused input) or environment (a broken desktop).")
        requestErrors = registry.makeCounter(descriptor: errors, labels: [("kind", "request")])
        environmentErrors = registry.makeCounter(descriptor: errors, labels: [("kind", "environment")])
        stepDuration = registry.makeDurationHistogram(
            descriptor: named("step_duration", unit: "seconds", "Time to answer a step, in seconds."),
            buckets: Self.stepBuckets.map { Duration.milliseconds(Int64(($0 * 1000).rounded())) })
    }

    /// Counts one event.
    public func record(_ event: Event) {
        switch event {
        case .sessionCreated: created.increment()
        case .sessionReclaimed: reclaimed.increment()
        case .reset: resets.increment()
        case .command: commands.increment()
        case .requestError: requestErrors.increment()
        case .environmentError: environmentErrors.increment()
        }
    }

    /// Counts one step that took `duration` (request in to answer out).
    public func recordStep(_ duration: Duration) {
        stepCount.increment()
        stepDuration.record(duration)
    }

    /// Sets the session gauges.
    func setSessions(live: Int, starting: Int) {
        self.live.set(to: Double(live))
        self.starting.set(to: Double(starting))
    }

    /// The exposition text (format 0.0.4).
    public func exposition() -> String {
        registry.emitToString()
    }
}
