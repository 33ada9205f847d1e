import DeskgymCore

/// Keys held down around other actions: what the computer-use APIs write as modifier keys on a click,
/// a scroll or a drag (Anthropic's `text`, OpenAI's `keys`) and as Anthropic's `hold_key`.
///
/// Parsing spells them as key-downs in order, the actions, and key-ups in reverse order; formatting
/// finds that shape again so that it is written back as one object.
enum HeldKeys {
    /// `keys` pressed in order, `inner`, then `keys` released in reverse order; `inner` alone when
    /// there are no keys.
    static func around(_ keys: [Key], _ inner: [Action]) -> [Action] {
        keys.map { Action.keyDown($0) } + inner + keys.reversed().map { Action.keyUp($0) }
    }

    /// The held keys and the inner actions when `actions[start...]` begins with key-downs, then
    /// actions that `innerLength` measures (it returns how many actions from an index make one
    /// unit that can carry held keys, or nil), then the matching key-ups in reverse order.
    ///
    /// All the key-downs in a row are taken; when the pattern does not match, the caller writes the
    /// first key-down on its own and tries again from the next action, so that a shorter run around
    /// the same unit is still found.
    static func match(
        _ actions: [Action], at start: Int,
        innerLength: (Int) -> Int?
    ) -> (keys: [Key], inner: Range<Int>, end: Int)? {
        var keys: [Key] = []
        var index = start
        while index < actions.count, case .keyDown(let key) = actions[index] {
            keys.append(key)
            index += 1
        }
        guard !keys.isEmpty, index < actions.count, let length = innerLength(index), length > 0 else { return nil }
        let inner = index..<(index + length)
        var end = inner.upperBound
        for key in keys.reversed() {
            guard end < actions.count, case .keyUp(let released) = actions[end], released == key else { return nil }
            end += 1
        }
        return (keys, inner, end)
    }
}
