import DeskgymCore

extension X11Desktop {
    /// Observes the screen as it is, without acting: a screenshot (scaled to `size` when given)
    /// and the window list.
    public func observe(cursor: Bool, scaledTo size: Size?) throws -> Observation {
        Observation(
            screenshot: try screenshot(cursor: cursor, scaledTo: size).screenshot, windows: try windowController.list(),
            settleMilliseconds: 0)
    }
}
