/// When an observation may be taken after an action: once every signal in ``signals`` has
/// settled — the screen without a repaint for `quiet`, the session's programs idle for `quiet`,
/// the focused client's answer to a ping — and at the latest after `cap`.
public struct SettlePolicy: Sendable, Hashable {
    /// How long the screen (and, with ``SettleSignals/idle``, the session's programs) must stay quiet.
    public var quiet: Duration
    /// The longest wait, even if a signal has not settled (the outcome says which).
    public var cap: Duration
    /// What the wait looks at. A driver alone sees only ``SettleSignals/damage``; a session adds
    /// the others where it can.
    public var signals: SettleSignals

    /// A policy with the given quiet period, cap and signals (the screen's repaints only unless given).
    public init(quiet: Duration, cap: Duration, signals: SettleSignals = .damage) {
        self.quiet = quiet
        self.cap = cap
        self.signals = signals
    }

    /// 40 ms of quiet, at most 2 s, repaints only.
    public static let standard = SettlePolicy(quiet: .milliseconds(40), cap: .seconds(2))
}
