import DeskgymCore

/// What an X keysym means to the merge: a character that types, a modifier, or a named key.
enum KeysymMeaning: Sendable, Hashable {
    /// A character typed as text (letters, digits, punctuation, space, any Unicode keysym).
    case character(Character)
    /// A modifier held for hotkeys.
    case modifier(Modifier)
    /// A key that chooses a character's level (AltGr): part of typing, never of a hotkey.
    case levelShift
    /// Another key pyautogui names (`enter`, `f5`, `left`, `num7`, …).
    case named(Key)
    /// A keysym pyautogui has no name for.
    case unknown

    enum Modifier: String, Sendable, Hashable, CaseIterable {
        case ctrl, alt, shift, win

        var key: Key { try! Key(rawValue) }
    }
}
