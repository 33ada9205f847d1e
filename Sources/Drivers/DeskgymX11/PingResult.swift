/// What an EWMH `_NET_WM_PING` round trip to a client found.
///
/// X delivers a client's events in order, so a client that answers a ping has read every event
/// sent to it before the ping: the input before it has been consumed (read, not necessarily
/// drawn).
public enum PingResult: Sendable, Equatable {
    /// The client answered, `after` this long from the ping being sent (as seen by polls a
    /// millisecond or so apart).
    case answered(after: Duration)
    /// No ping was sent, and why: no window is active, the active window is gone, or its client
    /// does not take pings (no `_NET_WM_PING` in its `WM_PROTOCOLS`).
    case unsupported(String)
    /// The client did not answer within the time-out: busy, stopped or hung.
    case timedOut
}
