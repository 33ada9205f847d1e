/// How an observation carries the screenshot.
public enum ImageMode: String, Sendable, CaseIterable {
    /// The PNG, base64-encoded, in `screenshot`.
    case base64
    /// No screenshot (size, windows and step only): for clients that do not look, and cheap polling.
    case none
}
