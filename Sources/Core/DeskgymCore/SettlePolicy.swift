/// When an observation may be taken after an action: once the screen has had no repaint for
/// `quiet`, and at the latest after `cap`.
public struct SettlePolicy: Sendable, Hashable {
    /// How long the screen must go without a repaint.
    public var quiet: Duration
    /// The longest wait, even if the screen keeps changing.
    public var cap: Duration

    /// A policy with the given quiet period and cap.
    public init(quiet: Duration, cap: Duration) {
        self.quiet = quiet
        self.cap = cap
    }

    /// 40 ms of quiet, at most 2 s.
    public static let standard = SettlePolicy(quiet: .milliseconds(40), cap: .seconds(2))
}
