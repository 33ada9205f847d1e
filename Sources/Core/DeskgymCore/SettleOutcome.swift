/// How a wait for the screen to settle ended.
public struct SettleOutcome: Sendable, Hashable {
    /// Whether any repaint was seen during the wait.
    public var sawDamage: Bool
    /// Number of repaint notifications seen (damage events, or framebuffer update rectangles).
    public var damageEvents: Int
    /// Time from the start of the wait to its end.
    public var waited: Duration
    /// Time from the start of the wait to the last repaint seen (zero when none).
    public var lastDamageAfter: Duration
    /// Whether the cap was reached with a signal still unsettled.
    public var hitCap: Bool
    /// When the focused client answered the ping (``SettleSignals/input``); nil when none was
    /// sent or answered.
    public var inputAnswered: Duration?
    /// When the session's programs were last seen busy (``SettleSignals/idle``); nil when not
    /// watched, zero when they were idle throughout.
    public var lastBusyAfter: Duration?
    /// The signals that had not settled at the cap, each with what was seen (`idle: chromium
    /// (4242) running`); empty when the wait settled.
    public var unsettled: [String]

    public init(
        sawDamage: Bool, damageEvents: Int, waited: Duration, lastDamageAfter: Duration, hitCap: Bool,
        inputAnswered: Duration? = nil, lastBusyAfter: Duration? = nil, unsettled: [String] = []
    ) {
        self.sawDamage = sawDamage
        self.damageEvents = damageEvents
        self.waited = waited
        self.lastDamageAfter = lastDamageAfter
        self.hitCap = hitCap
        self.inputAnswered = inputAnswered
        self.lastBusyAfter = lastBusyAfter
        self.unsettled = unsettled
    }
}
