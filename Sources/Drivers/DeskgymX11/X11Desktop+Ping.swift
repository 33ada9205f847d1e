internal import CX11

extension X11Desktop {
    /// The state of a desktop's pinger: not opened yet, open, or closed with the desktop.
    enum PingerSlot: Sendable {
        case unopened
        case open(ClientPinger)
        case closed
    }

    /// Pings the client of the active window (EWMH `_NET_WM_PING`) and waits at most `timeout`
    /// for its answer: an answer means the client has read every input event sent before the call.
    ///
    /// Call it after the input's `perform` has returned. The desktop's connection is synced first,
    /// so the server has processed the input sent on it, and its events are queued for the client
    /// ahead of the ping. The answer says the events were read, not that their effect is drawn.
    ///
    /// The ping goes through a ``ClientPinger`` with an X connection of its own, opened at the first
    /// call and closed by ``close()``: the answers are events of their own, which the settle drain
    /// on the desktop's connection would swallow (see ``ClientPinger``).
    /// - Returns: `.answered(after:)` with the round trip, `.timedOut`, or `.unsupported` with the
    ///   reason when there is no active window or its client does not take pings.
    /// - Throws: ``X11Error`` when a connection is lost or the desktop was closed, or `failed` when
    ///   the task is cancelled while waiting.
    public func pingActiveClient(timeout: Duration) async throws(X11Error) -> PingResult {
        try connection.withDisplay("ping") { display in
            _ = XSync(display, 0)
        }
        return try await pinger().pingActiveClient(timeout: timeout)
    }

    /// The desktop's pinger, connected at the first use.
    /// - Throws: `connectionLost` once the desktop is closed; a connection error from opening it.
    func pinger() throws(X11Error) -> ClientPinger {
        let displayName = self.displayName
        let cookie = self.cookie
        return try pingerSlot.withLock { (slot: inout PingerSlot) throws(X11Error) -> ClientPinger in
            switch slot {
            case .open(let pinger):
                return pinger
            case .closed:
                throw X11Error(display: displayName, operation: "ping", kind: .connectionLost)
            case .unopened:
                let pinger = try ClientPinger(displayName: displayName, cookie: cookie)
                slot = .open(pinger)
                return pinger
            }
        }
    }

    /// Closes the pinger's connection, if it was opened, and keeps later pings from opening one.
    func closePinger() {
        let pinger = pingerSlot.withLock { (slot: inout PingerSlot) -> ClientPinger? in
            defer { slot = .closed }
            if case .open(let pinger) = slot { return pinger }
            return nil
        }
        pinger?.close()
    }
}
