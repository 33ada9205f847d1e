/// Time spent on each viewer event, in microseconds: recording it (the frame copy when the event
/// may start an action and the screen changed, the log line) apart from forwarding it to the X
/// server (XTest and the wait until the server has it).
public struct EventTimings: Sendable, Hashable {
    /// The kinds of event timed apart.
    public enum EventClass: String, Sendable, Hashable, CaseIterable {
        /// Pointer moves with no button change.
        case motion
        /// Pointer events that press or release a button (wheel included).
        case button
        /// Key presses and releases.
        case key
    }

    public struct Entry: Sendable, Hashable {
        public var eventClass: EventClass
        public var recordMicroseconds: Double
        public var forwardMicroseconds: Double
    }

    public var entries: [Entry] = []
    /// Log lines formatted and written at the server's ticks, off the events' path, and the time
    /// that took in all.
    public var loggedLines = 0
    public var logMicroseconds = 0.0

    /// The time to format and write one log line, on average.
    public var logMicrosecondsPerLine: Double? { loggedLines > 0 ? logMicroseconds / Double(loggedLines) : nil }

    public init() {}

    /// Median, 90th percentile and maximum of `values`, nil when empty.
    public static func summary(_ values: [Double]) -> (median: Double, p90: Double, max: Double)? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        func at(_ fraction: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))] }
        return (at(0.5), at(0.9), sorted.last!)
    }

    /// The entries of one class (all when nil).
    public func entries(_ eventClass: EventClass?) -> [Entry] {
        eventClass.map { wanted in entries.filter { $0.eventClass == wanted } } ?? entries
    }

    /// The summaries as JSON, for `recording.json`.
    public var jsonObject: [String: Any] {
        var object: [String: Any] = [:]
        for eventClass in [nil] + EventClass.allCases.map(Optional.some) {
            let chosen = entries(eventClass)
            var part: [String: Any] = ["events": chosen.count]
            for (name, values) in [("record_us", chosen.map(\.recordMicroseconds)), ("forward_us", chosen.map(\.forwardMicroseconds))] {
                if let summary = Self.summary(values) {
                    part[name] = [
                        "median": (summary.median * 10).rounded() / 10, "p90": (summary.p90 * 10).rounded() / 10,
                        "max": (summary.max * 10).rounded() / 10,
                    ]
                }
            }
            object[eventClass?.rawValue ?? "all"] = part
        }
        if let perLine = logMicrosecondsPerLine { object["log_line_us"] = (perLine * 10).rounded() / 10 }
        return object
    }
}
