import DeskgymCore

extension X11Desktop {
    /// Observes the screen as it is, without acting: a screenshot and the window list.
    public func observe(cursor: Bool) throws -> Observation {
        Observation(screenshot: try screenshot(cursor: cursor).screenshot, windows: try windowController.list(),
                    settleMilliseconds: 0)
    }
}
