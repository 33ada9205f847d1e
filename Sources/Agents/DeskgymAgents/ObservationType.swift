/// What an observation carries besides the screen, as OSWorld's harness names its observation
/// types (docs/accessibility.md).
public enum ObservationType: String, Sendable, CaseIterable, Codable {
    /// The screenshot only.
    case screenshot
    /// The accessibility tree (OSWorld's XML, in `accessibility_tree`) beside the screenshot as
    /// the session's `image` mode sends it (`image: none` for the tree alone).
    case a11yTree = "a11y_tree"
    /// The screenshot and the tree.
    case screenshotA11yTree = "screenshot_a11y_tree"
    /// Set-of-marks: the screenshot with OSWorld's numbered boxes drawn, the marks (`marks`,
    /// `marks_table`) and the tree.
    case som

    /// Whether observations of this type read the tree.
    public var readsTree: Bool { self != .screenshot }

    /// Whether the model is shown the screenshot (all but `a11y_tree`).
    public var showsScreenshot: Bool { self != .a11yTree }
}
