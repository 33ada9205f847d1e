import DeskgymCore

extension ActionLimits {
    /// Checks the actions of one call against the caps: `name` is the call as the answer writes it
    /// (`pyautogui.scroll`, `SCROLL`), `range` where, so that the error points at it.
    ///
    /// Every grammar calls this for each call it reads and ``check(answer:in:)`` for the whole
    /// answer, so that the caps are kept in one place whatever the grammar's field names are.
    static func check(
        _ actions: [Action], of name: String, at range: Range<Int>,
        in source: SourceText
    ) throws(ActionParseError) {
        if let excess = excess(in: actions) {
            throw source.error(range, "\(name.excerpt): \(excess)")
        }
    }

    /// The actions of a grammar's whole answer, when it has some and they keep within the caps
    /// together (``check(answer:in:)``); an answer without any is an error saying what was
    /// `expected` (`no action found: expected …`).
    static func actions(ofAnswer actions: [Action], in source: SourceText, expected: String) throws(ActionParseError) -> [Action] {
        guard !actions.isEmpty else { throw source.wholeTextError("no action found: expected " + expected) }
        try check(answer: actions, in: source)
        return actions
    }

    /// Checks all the actions of an answer together: calls that each keep within the caps may still
    /// add up to more typing, waiting or actions than one answer may ask for.
    static func check(answer actions: [Action], in source: SourceText) throws(ActionParseError) {
        if let excess = excess(in: actions) {
            throw source.wholeTextError("the answer's actions together ask too much: \(excess)")
        }
    }

    /// What in `actions`, taken together, is beyond a cap (`2000 actions are more than the 1000 one
    /// answer may give`), or nil when nothing is. The grammars check through this; so can a caller
    /// that gathers actions from several texts, such as a list of structured actions.
    public static func excess(in actions: [Action]) -> String? {
        if actions.count > maximumActions {
            return "\(actions.count) actions are more than the \(maximumActions) one answer may give"
        }
        var typed = 0
        var waited = 0.0
        for action in actions {
            switch action {
            case .scroll(let dx, let dy, _):
                // magnitude: abs(Int.min) would trap.
                let clicks = max(dx.magnitude, dy.magnitude)
                if clicks > UInt(maximumScrollClicks) {
                    return "\(clicks) wheel clicks is more than the \(maximumScrollClicks) allowed"
                }
            case .click(_, _, let count) where !(1...3).contains(count):
                return "a click count of \(count) is out of range; it must be 1, 2 or 3"
            case .typing(let text):
                typed += text.unicodeScalars.count
            case .wait(let seconds):
                waited += seconds
            default:
                break
            }
        }
        if typed > maximumTypedCharacters {
            return "typing \(typed) characters is more than the \(maximumTypedCharacters) one answer may type"
        }
        // Written so that NaN is refused too.
        if !(waited <= maximumWaitSeconds) {
            return "waiting \(PythonLiteral.number(waited)) s is more than the "
                + "\(PythonLiteral.number(maximumWaitSeconds)) s one answer may wait"
        }
        return nil
    }
}
