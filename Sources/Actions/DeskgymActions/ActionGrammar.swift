import DeskgymCore

/// A text form of agent actions: a model's answer in, ``Action`` values out, and back.
///
/// `format` followed by `parse` gives back the same actions, up to the spellings a grammar has only
/// one word for (pyautogui writes `.rightClick(at:)` as `rightClick`, which reads back as
/// `.click(button: .right, …)`); see `docs/action-grammars.md`.
public protocol ActionGrammar: Sendable {
    /// The name the grammar is looked up by (``ActionGrammars/named(_:)``).
    static var name: String { get }

    /// Reads every action in `text`, in order.
    ///
    /// `text` is a whole model answer: prose around fenced code blocks is skipped. Text that holds no
    /// action, or anything outside the grammar, is refused rather than skipped, so that an agent
    /// learns that its answer did nothing.
    func parse(_ text: String) throws(ActionParseError) -> [Action]

    /// Writes `actions` in this grammar, one action a line.
    func format(_ actions: [Action]) -> String
}

extension ActionGrammar {
    /// The grammar's name, for a value whose type is not known statically.
    public var name: String { Self.name }
}
