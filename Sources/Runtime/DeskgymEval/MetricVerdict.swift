/// One metric's verdict on an episode.
public struct MetricVerdict: Sendable, Hashable, Codable {
    public var name: String
    public var score: Double
    /// Why the metric gave this score, when it says.
    public var reason: String?

    public init(name: String, score: Double, reason: String? = nil) {
        self.name = name
        self.score = score
        self.reason = reason
    }
}
