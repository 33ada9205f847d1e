/// The evidence a step's settle waits for before the observation is taken (``SettlePolicy``).
public struct SettleSignals: OptionSet, Sendable, Hashable {
    public let rawValue: Int

    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The client that has the focus has read the input: it answered an EWMH `_NET_WM_PING` sent
    /// after the input (X delivers a client's events in order). Clients that do not take pings
    /// (xterm) are skipped.
    public static let input = SettleSignals(rawValue: 1 << 0)
    /// The session's programs are idle: none runnable, none started or ended, and together less
    /// than 5 % of a CPU used, for the quiet period (sessions whose programs Deskgym runs).
    public static let idle = SettleSignals(rawValue: 1 << 1)
    /// The screen had no repaint for the quiet period.
    public static let damage = SettleSignals(rawValue: 1 << 2)

    /// Every signal.
    public static let all: SettleSignals = [.input, .idle, .damage]

    /// The signals by name, as vm-configs write them.
    public static let byName: [(name: String, signal: SettleSignals)] = [("input", .input), ("idle", .idle), ("damage", .damage)]

    /// The names of the signals in this set, in ``byName``'s order.
    public var names: [String] { Self.byName.filter { contains($0.signal) }.map(\.name) }
}
