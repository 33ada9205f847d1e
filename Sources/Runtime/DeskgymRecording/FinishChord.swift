/// The key chords that end a recording from the viewer: Ctrl+Alt+Shift+D marks the task done,
/// Ctrl+Alt+Shift+F marks it infeasible. The chord's last key is not passed to the desktop.
public enum FinishChord {
    /// The chord's text, for messages.
    public static let doneText = "ctrl+alt+shift+D"
    public static let infeasibleText = "ctrl+alt+shift+F"

    /// The outcome the key `keysym` asks for when pressed while `held` keysyms are down, if it
    /// completes a chord.
    static func outcome(pressing keysym: UInt32, holding held: Set<UInt32>) -> RecordingOutcome? {
        let control = held.contains(0xFFE3) || held.contains(0xFFE4)
        let alt = held.contains(0xFFE9) || held.contains(0xFFEA) || held.contains(0xFFE7) || held.contains(0xFFE8)
        let shift = held.contains(0xFFE1) || held.contains(0xFFE2)
        guard control, alt, shift else { return nil }
        switch keysym {
        case 0x44, 0x64: return .done
        case 0x46, 0x66: return .infeasible
        default: return nil
        }
    }
}
