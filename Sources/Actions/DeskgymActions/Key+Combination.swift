import DeskgymCore

extension Key {
    /// The name to look up for `name` as one key of a combination: a capital letter means the
    /// letter's key (`Ctrl+Alt+T` is ctrl+alt+t, not ctrl+alt+shift+t), as the UI-TARS and Qwen
    /// grammars read combinations. Alone, `T` keeps the core's meaning (shift+t).
    static func combinationName(_ name: String) -> String {
        guard name.unicodeScalars.count == 1, let scalar = name.unicodeScalars.first,
            ("A"..."Z").contains(scalar)
        else { return name }
        return name.lowercased()
    }

    /// The names to write for the keys of a combination so that ``combinationName(_:)`` reads them
    /// back to the same keystrokes: a capital letter becomes `shift` and the letter.
    static func combinationNames(_ keys: [Key]) -> [String] {
        guard keys.count > 1 else { return keys.map(\.name) }
        var names: [String] = []
        for key in keys {
            let lowered = combinationName(key.name)
            if lowered != key.name && !names.contains("shift") && !keys.contains(where: { $0.name == "shift" }) {
                names.append("shift")
            }
            names.append(lowered)
        }
        return names
    }
}
