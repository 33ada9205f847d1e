extension Action {
    /// Carries out, as every desktop driver does, an action that asks nothing of the display:
    /// `wait` sleeps for its seconds, `fail` and `done` do nothing, and `runCommand` is refused (a
    /// shell command runs in the session, not on the display).
    ///
    /// - Throws: ``ActionError`` for `runCommand` and for any action that does need the display;
    ///   `CancellationError` when the task is cancelled during a wait.
    public func performOffDisplay() async throws {
        switch self {
        case .wait(let seconds):
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
        case .runCommand:
            throw ActionError(action: self, problem: .unsupported("a shell command runs in the session, not on the display"))
        case .fail, .done:
            break
        case .moveTo, .click, .mouseDown, .mouseUp, .rightClick, .doubleClick, .dragTo, .scroll, .typing, .press, .keyDown,
            .keyUp, .hotkey:
            throw ActionError(action: self, problem: .unsupported("it needs a display driver"))
        }
    }
}
