/// The thresholds that turn raw pointer and key events into actions. The defaults follow common
/// desktop settings (GTK's double-click time and distance, its drag threshold).
public struct MergeRules: Sendable, Hashable {
    /// The longest time, in milliseconds, from one press of a button to the next for the two to
    /// count as one double (or triple) click.
    public var multiClickMilliseconds: Double
    /// The farthest, in pixels on either axis, a later press of a double or triple click may be
    /// from the first.
    public var multiClickDistance: Int
    /// How far, in pixels on either axis, the pointer must move while a button is held for the
    /// press and release to be a drag rather than a click.
    public var dragThreshold: Int
    /// The longest pause, in milliseconds, between wheel clicks of one scroll action.
    public var scrollGapMilliseconds: Double
    /// How far, in pixels on either axis, the pointer may move between wheel clicks of one scroll.
    public var scrollDistance: Int

    public init(
        multiClickMilliseconds: Double = 400, multiClickDistance: Int = 5, dragThreshold: Int = 8,
        scrollGapMilliseconds: Double = 800, scrollDistance: Int = 16
    ) {
        self.multiClickMilliseconds = multiClickMilliseconds
        self.multiClickDistance = multiClickDistance
        self.dragThreshold = dragThreshold
        self.scrollGapMilliseconds = scrollGapMilliseconds
        self.scrollDistance = scrollDistance
    }

    /// The rules as JSON, for `recording.json`.
    public var jsonObject: [String: Any] {
        [
            "multi_click_ms": multiClickMilliseconds, "multi_click_distance": multiClickDistance,
            "drag_threshold": dragThreshold, "scroll_gap_ms": scrollGapMilliseconds, "scroll_distance": scrollDistance,
        ]
    }
}
