/// The most one model answer may ask of a desktop, and how deeply its text may nest.
///
/// Agents are untrusted programs: an answer may be megabytes long, nest thousands of brackets deep, or
/// ask for two million wheel clicks, and none of that may crash the process or hold a step for long.
/// Each cap is far above what a real answer needs (see `docs/action-grammars.md`, "Limits"); text
/// beyond one is refused with an ``ActionParseError`` naming the action and the cap, before anything
/// is carried out.
public enum ActionLimits {
    /// How deeply brackets may nest in an answer's Python literals and JSON, counting every opening
    /// bracket. The readers recurse once a level, so without a cap a few kilobytes of `[` overflow
    /// the stack; real answers nest two or three levels (a point in a call, an action in a tool call
    /// in a response).
    public static let maximumNestingDepth = 64

    /// The most wheel clicks one scroll may turn on either axis. The driver sends each click as an
    /// input event; a thousand clear any document a screen can show, two million kept a step busy
    /// for 24 seconds.
    public static let maximumScrollClicks = 1000

    /// The most times one pyautogui `press(keys, presses=n)` may press its keys: enough to clear a
    /// long field, and checked before the presses are spelled out as actions.
    public static let maximumPresses = 1000

    /// The most Unicode code points one answer may type, all its typing actions together. The driver
    /// types a character at a time and pauses between repeated ones; ten thousand is a long page.
    public static let maximumTypedCharacters = 10_000

    /// The longest one answer may wait, in seconds, all its waits together (sleeps, waits, key
    /// holds and bare `WAIT`s). A step waits for the screen to settle anyway; five minutes covers an
    /// installer.
    public static let maximumWaitSeconds: Double = 300

    /// The most actions one answer may give, repetitions spelled out (`presses=3` is three).
    public static let maximumActions = 1000
}
