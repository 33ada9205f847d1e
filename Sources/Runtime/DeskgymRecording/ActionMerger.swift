import DeskgymCore

/// Turns a raw event log into semantic actions: clicks (double, triple, right, with modifiers),
/// drags, scrolls with their amounts, typed text with corrections folded, key presses and hotkeys.
///
/// The rules, in order of the log:
/// - A button press and release closer than ``MergeRules/dragThreshold`` is a click at the press
///   point; further presses of the same button within ``MergeRules/multiClickMilliseconds`` and
///   ``MergeRules/multiClickDistance`` make it a double, then a triple click. A press and release
///   farther apart is a drag (`moveTo` the press point, `dragTo` the release point).
/// - Wheel clicks at about the same place with short pauses add up to one scroll (up and right
///   positive, as pyautogui counts).
/// - Printable keys (space included) pressed without Ctrl, Alt or Super add up to typed text;
///   Shift only picks the character. BackSpace removes the last character of the text being
///   typed; with no text pending it is a key press of its own.
/// - Any other key is a press, or a hotkey when modifiers are held (`ctrl+shift+T` is
///   `["ctrl", "shift", "t"]`); a modifier pressed and released alone is a press of it.
/// - Clicks, drags and scrolls made while modifiers are held are wrapped in `keyDown`/`keyUp`.
/// - The log's `finish` event ends the merge; what follows it is ignored.
public struct ActionMerger: Sendable {
    public var rules: MergeRules

    public init(rules: MergeRules = MergeRules()) {
        self.rules = rules
    }

    /// Merges `events` (in log order).
    public func merge(_ events: [RawEvent]) -> MergeResult {
        var run = MergeRun(rules: rules)
        for event in events {
            if case .finish(let outcome, _) = event.kind {
                run.outcome = outcome
                break
            }
            run.feed(event)
        }
        run.finish()
        return MergeResult(actions: run.output, outcome: run.outcome, notes: run.notes)
    }
}
