import DeskgymCore

/// OSWorld's `pyautogui` action space: Python code calling pyautogui, as a model writes it.
///
/// ```swift
/// let actions = try PyAutoGUIGrammar().parse("""
///     I'll open the file menu.
///     ```python
///     pyautogui.click(120, 48)
///     pyautogui.hotkey('ctrl', 'o')
///     ```
///     """)
/// // [.click(button: .left, at: Point(x: 120, y: 48), count: 1), .hotkey([ctrl, o])]
/// ```
///
/// The answer's fenced code blocks are read (all of them, in order); without a fence the whole
/// answer is read as code. The words `WAIT`, `DONE`, `FAIL` alone on a line are actions too.
/// Only a safe subset of Python is accepted: pyautogui calls with literal arguments,
/// `time.sleep(seconds)`, `import pyautogui` / `import time` (with `as` aliases), comments.
/// Anything else is refused, because running part of a program would not be what the model meant.
/// Coordinates are absolute screen pixels; floats are truncated toward zero, as pyautogui's own
/// `int()` does. See `docs/action-grammars.md` for every call and its mapping.
public struct PyAutoGUIGrammar: ActionGrammar {
    /// `pyautogui`, OSWorld's name for the action space.
    public static let name = "pyautogui"

    /// How long a bare `WAIT` waits, in seconds.
    public var waitSeconds: Double
    /// Whether ``format(_:)`` starts with `import pyautogui` and `import time`, so that its text runs
    /// as a script of its own; OSWorld imports both before running agent code, so by default not.
    public var includesImports: Bool

    /// A grammar whose `WAIT` lasts `waitSeconds` and whose output optionally imports its modules.
    public init(waitSeconds: Double = ActionGrammars.defaultWaitSeconds, includesImports: Bool = false) {
        self.waitSeconds = waitSeconds
        self.includesImports = includesImports
    }

    /// The actions of a model's answer: its fenced blocks (or the whole text) read as code, plus
    /// bare `WAIT`, `DONE`, `FAIL` lines; throws at the first thing outside the subset.
    public func parse(_ text: String) throws(ActionParseError) -> [Action] {
        let source = SourceText(text, grammar: Self.name)
        guard !text.trimmingSpaces().isEmpty else {
            throw source.wholeTextError("empty action text")
        }
        let layout = AnswerLayout(source)
        let hint =
            layout.isFenced
            ? ""
            : " (an answer without a ``` fenced block is read as code throughout; put the code in a "
                + "```python block and prose outside it)"
        var actions: [Action] = []
        for segment in layout.segments {
            switch segment {
            case .bareWord(let word, _):
                actions.append(word.action(waitSeconds: waitSeconds))
            case .code(let range):
                var parser = PythonParser(source: source, range: range, hint: hint)
                while let statement = try parser.nextStatement() {
                    actions += try self.actions(
                        for: statement, source: source,
                        pyautoguiNames: parser.pyautoguiNames)
                }
            }
        }
        return try ActionLimits.actions(
            ofAnswer: actions, in: source,
            expected: "pyautogui calls (in a ```python block), "
                + "or WAIT, DONE or FAIL")
    }
}
