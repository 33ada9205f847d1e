/// What the feed counted, for `recording.json` and the result.
struct FeedReport {
    var timings: EventTimings
    var forwardFailures: Int
    var firstForwardFailure: String?
    var captureFailure: String?
    var connections: Int
    var authenticated: Int
    var refused: Int
    /// Input events dropped because another viewer was demonstrating, by viewer.
    var ignoredInput: [Int: Int]
    /// Server ticks, screen captures (after a repaint), and tiles found changed and sent.
    var ticks: Int
    var captures: Int
    var changedTiles: Int
}
