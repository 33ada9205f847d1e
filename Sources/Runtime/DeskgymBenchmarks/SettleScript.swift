import DeskgymCore

/// The steps `deskgym bench settle` carries out in each session under load: for each app in turn
/// (xterm, mousepad, Chromium), a word typed and keys that open and close its UI — and in xterm a
/// command whose output comes 100 ms after Enter — in a cycle that leaves every app as it found it.
///
/// The app's window is activated before its first step (not measured); the steps themselves are
/// keys only, so they go to whatever the app focuses: xterm's shell, mousepad's text, the page's
/// text field or Chromium's find bar.
public struct SettleScript: Sendable {
    /// An app of the scene.
    public enum App: String, Sendable, CaseIterable {
        case xterm, mousepad, chromium
    }

    /// One measured step: the actions and what they are for.
    public struct Step: Sendable {
        /// The app whose window has the focus.
        public var app: App
        /// What the step does, as the report names it (`chromium: ctrl+f (find bar opens)`).
        public var label: String
        /// The step's actions.
        public var actions: [Action]
    }

    /// The word typed into each app.
    public static let word = "kettle"

    /// The cycle: every app's steps, app after app.
    public let steps: [Step]

    /// The script with ``word`` as the typed word.
    public init() throws {
        let word = Self.word
        let ctrlA: Action = .hotkey([try Key("ctrl"), try Key("a")])
        let escape: Action = .press(try Key("escape"))
        steps = [
            Step(app: .xterm, label: "type a word", actions: [.typing(word)]),
            Step(app: .xterm, label: "ctrl+u (line erased)", actions: [.hotkey([try Key("ctrl"), try Key("u")])]),
            Step(
                app: .xterm, label: "sleep 0.1; echo a word, Enter (output 100 ms later)",
                actions: [.typing("sleep 0.1; echo \(word)"), .press(try Key("enter"))]),
            Step(app: .xterm, label: "ctrl+l (screen cleared)", actions: [.hotkey([try Key("ctrl"), try Key("l")])]),
            Step(app: .mousepad, label: "type a word", actions: [.typing(word + " ")]),
            Step(app: .mousepad, label: "F10 (File menu opens)", actions: [.press(try Key("f10"))]),
            Step(app: .mousepad, label: "Escape (menu closes)", actions: [escape]),
            Step(app: .mousepad, label: "alt+e (Edit menu opens)", actions: [.hotkey([try Key("alt"), try Key("e")])]),
            Step(app: .mousepad, label: "Escape (menu closes)", actions: [escape]),
            Step(app: .mousepad, label: "ctrl+a, BackSpace (text erased)", actions: [ctrlA, .press(try Key("backspace"))]),
            Step(app: .chromium, label: "type a word into the page's field", actions: [.typing(word + " ")]),
            Step(app: .chromium, label: "ctrl+f (find bar opens)", actions: [.hotkey([try Key("ctrl"), try Key("f")])]),
            Step(app: .chromium, label: "type a word into the find bar", actions: [.typing(word)]),
            Step(app: .chromium, label: "Escape (find bar closes)", actions: [escape]),
            Step(app: .chromium, label: "ctrl+a, BackSpace (field erased)", actions: [ctrlA, .press(try Key("backspace"))]),
        ]
    }

    /// The `index`th step of an endless run of the cycle, and whether it is the first step of its
    /// app's run (its window must be activated first).
    public func step(_ index: Int) -> (step: Step, activates: Bool) {
        let position = index % steps.count
        let step = steps[position]
        let previous = steps[(position + steps.count - 1) % steps.count]
        return (step, position == 0 || previous.app != step.app)
    }

    /// Which cycle the `index`th step belongs to; `deskgym bench settle` takes the policies in
    /// turn by cycle, so that both carry out the same steps.
    public func cycle(of index: Int) -> Int { index / steps.count }
}
