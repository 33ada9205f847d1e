import DeskgymCore

/// Keysyms to their meaning. Characters come from the keysym's value (Latin-1 keysyms are their
/// code point, Unicode keysyms are `0x01000000 + code point`); other keys from the X name the
/// recorder logged with the event, looked up in pyautogui's key table.
enum KeysymTable {
    static func meaning(keysym: UInt32, name: String?) -> KeysymMeaning {
        switch keysym {
        case 0x20...0x7E, 0xA0...0xFF:
            return .character(Character(Unicode.Scalar(keysym)!))
        case 0x0100_0020...0x0110_FFFF:
            if let scalar = Unicode.Scalar(keysym - 0x0100_0000) { return .character(Character(scalar)) }
            return .unknown
        case 0xFFE1, 0xFFE2: return .modifier(.shift)
        case 0xFFE3, 0xFFE4: return .modifier(.ctrl)
        case 0xFFE7, 0xFFE8, 0xFFE9, 0xFFEA: return .modifier(.alt)  // Meta_L/R, Alt_L/R
        case 0xFFEB, 0xFFEC, 0xFFED, 0xFFEE: return .modifier(.win)  // Super_L/R, Hyper_L/R
        case 0xFE03, 0xFF7E: return .levelShift  // ISO_Level3_Shift (AltGr), Mode_switch
        default:
            guard let name, let key = namedKeys[name] else { return .unknown }
            return .named(key)
        }
    }

    /// The key a typed character is pressed with in a hotkey (`ctrl+shift+T` is written
    /// `ctrl, shift, t`); nil when pyautogui has no key of that name.
    static func hotkeyKey(for character: Character) -> Key? {
        let lowered = character.isASCII && character.isLetter ? Character(character.lowercased()) : character
        return try? Key(String(lowered))
    }

    /// X keysym name → pyautogui key, for keys with names of more than one character. Where several
    /// pyautogui names send one keysym, the common one wins.
    static let namedKeys: [String: Key] = {
        var table: [String: Key] = [:]
        for name in Key.allNames where name.count > 1 {
            guard let key = try? Key(name) else { continue }
            let keysym = key.keysymName
            if let existing = table[keysym], preferred(existing.name, over: name, for: keysym) { continue }
            table[keysym] = key
        }
        return table
    }()

    private static let preferences: [String: String] = [
        "Return": "enter", "Escape": "esc", "Delete": "delete", "Page_Up": "pageup", "Page_Down": "pagedown",
        "Print": "printscreen", "Menu": "apps", "Super_L": "win", "Alt_L": "alt", "Control_L": "ctrl", "Shift_L": "shift",
        "Alt_R": "altright", "Control_R": "ctrlright", "Shift_R": "shiftright", "Super_R": "winright",
    ]

    private static func preferred(_ existing: String, over candidate: String, for keysym: String) -> Bool {
        if let wanted = preferences[keysym] { return existing == wanted || candidate != wanted }
        return existing.count != candidate.count ? existing.count < candidate.count : existing < candidate
    }
}
