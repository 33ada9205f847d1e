import DeskgymCore

/// A known way to solve a task, shipped with Deskgym's own tasks in `deskgym.reference_solution`:
/// the agent steps, each written in one action grammar.
///
/// ```json
/// "reference_solution": {
///   "grammar": "pyautogui",
///   "actions": ["pyautogui.click(960, 540)", "pyautogui.write('hello')\npyautogui.press('enter')", "DONE"]
/// }
/// ```
///
/// Each element of ``actions`` is one agent step, what a model would have answered: for
/// `pyautogui` a string of Python code (or `WAIT` / `DONE` / `FAIL`), for `computer_13` an action
/// object such as `{"action_type": "CLICK", "x": 10, "y": 20}` or one of those three strings. The
/// loader checks this shape; the grammar itself (module DeskgymActions) parses the steps.
public struct ReferenceSolution: Sendable, Hashable {
    /// The action grammar the steps are written in.
    public enum Grammar: String, Sendable, Hashable, CaseIterable {
        /// Python code calling pyautogui (OSWorld's `pyautogui` action space).
        case pyautogui
        /// JSON action objects (OSWorld's `computer_13` action space).
        case computer13 = "computer_13"
    }

    /// The grammar of every step.
    public var grammar: Grammar
    /// The steps, in order; at least one.
    public var actions: [JSONValue]

    /// Creates a reference solution.
    public init(grammar: Grammar, actions: [JSONValue]) {
        self.grammar = grammar
        self.actions = actions
    }

    /// Each step as the text an agent would answer, ready for the grammar's parser: strings as
    /// written, action objects as compact JSON.
    public var stepTexts: [String] {
        actions.map { action in action.stringValue ?? action.description }
    }
}
