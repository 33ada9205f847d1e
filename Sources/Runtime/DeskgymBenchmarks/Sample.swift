/// Timings of one measured operation, summarised as the peers summarise theirs.
public struct Sample: Sendable {
    /// Each repetition's duration in milliseconds, in the order measured.
    public var milliseconds: [Double]

    public init(milliseconds: [Double] = []) {
        self.milliseconds = milliseconds
    }

    public mutating func append(_ duration: Duration) {
        milliseconds.append(duration.milliseconds)
    }

    public var median: Double { percentile(0.5) }
    public var p90: Double { percentile(0.9) }
    public var minimum: Double { milliseconds.min() ?? .nan }

    /// The value below which `fraction` of the repetitions fall (nearest rank).
    public func percentile(_ fraction: Double) -> Double {
        guard !milliseconds.isEmpty else { return .nan }
        let sorted = milliseconds.sorted()
        if fraction == 0.5 && sorted.count % 2 == 0 {
            return (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    /// `median … ms  min …  p90 …  (n=…)`, the peers' format.
    public var summary: String {
        "median \(format(median)) ms  min \(format(minimum))  p90 \(format(p90))  (n=\(milliseconds.count))"
    }
}

/// A number with three decimals, right-aligned in eight columns.
func format(_ value: Double) -> String {
    let text = String(format: "%.3f", value)
    return String(repeating: " ", count: max(0, 8 - text.count)) + text
}
