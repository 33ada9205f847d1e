/// How a wait for a quiet screen ended, whatever tells the driver about repaints (XDamage
/// notifications on X11, framebuffer updates over VNC).
public struct SettleOutcome: Sendable, Hashable {
    /// Whether any repaint was seen during the wait.
    public var sawDamage: Bool
    /// Number of repaint notifications seen (damage events, or framebuffer update rectangles).
    public var damageEvents: Int
    /// Time from the start of the wait to its end.
    public var waited: Duration
    /// Time from the start of the wait to the last repaint seen (zero when none).
    public var lastDamageAfter: Duration
    /// Whether the cap was reached while the screen was still changing.
    public var hitCap: Bool

    public init(sawDamage: Bool, damageEvents: Int, waited: Duration, lastDamageAfter: Duration, hitCap: Bool) {
        self.sawDamage = sawDamage
        self.damageEvents = damageEvents
        self.waited = waited
        self.lastDamageAfter = lastDamageAfter
        self.hitCap = hitCap
    }
}
