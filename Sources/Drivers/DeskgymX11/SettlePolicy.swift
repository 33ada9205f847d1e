/// When an observation may be taken after an action: once the screen has had no repaint for
/// `quiet`, and at the latest after `cap`.
public struct SettlePolicy: Sendable, Hashable {
    public var quiet: Duration
    public var cap: Duration

    public init(quiet: Duration, cap: Duration) {
        self.quiet = quiet
        self.cap = cap
    }

    /// 40 ms of quiet, at most 2 s.
    public static let standard = SettlePolicy(quiet: .milliseconds(40), cap: .seconds(2))
}
