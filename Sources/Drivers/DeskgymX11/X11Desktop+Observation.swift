import DeskgymCore

extension X11Desktop {
    /// Carries out `actions`, waits for the screen to settle under `policy`, and observes it.
    public func step(_ actions: [Action], settle policy: SettlePolicy, cursor: Bool = false) async throws -> Observation {
        let outcome = try await perform(actions, settle: policy)
        let waited = outcome?.waited ?? .zero
        return Observation(screenshot: try screenshot(cursor: cursor).screenshot, windows: try windows.list(),
                           settleMilliseconds: Double(waited.components.seconds) * 1000
                               + Double(waited.components.attoseconds) / 1e15)
    }

    /// Observes the screen as it is, without acting.
    public func observe(cursor: Bool = false) throws -> Observation {
        Observation(screenshot: try screenshot(cursor: cursor).screenshot, windows: try windows.list(), settleMilliseconds: 0)
    }
}
