import DeskgymCore

/// The metrics Deskgym implements, by their OSWorld names.
public enum MetricRegistry {
    /// Every metric name `Metric.evaluate` accepts, sorted.
    public static var names: [String] { Metric.implementations.keys.sorted() }

    /// Whether `name` is a metric Deskgym implements.
    public static func contains(_ name: String) -> Bool {
        Metric.implementations[name] != nil
    }

    /// The known names closest to `name` (by edit distance, at most three), to suggest for a typo;
    /// none for a name too long to be one (``Swift/String/isSuggestible``).
    public static func closest(to name: String) -> [String] {
        guard name.isSuggestible else { return [] }
        let ranked = names.map { ($0, $0.editDistance(to: name)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        let limit = Swift.max(2, name.count / 3)
        let near = ranked.filter { $0.1 <= limit }.prefix(3).map(\.0)
        return near.isEmpty ? ranked.prefix(1).map(\.0) : Array(near)
    }
}
