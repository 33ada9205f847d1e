import DeskgymCore

extension AnthropicComputerGrammar {
    /// X keysym names and xdotool aliases that the core's `Key` does not know by that name, or that
    /// mean something else under xdotool, with the core key name each one becomes.
    ///
    /// The computer tool takes keys in xdotool's `key` syntax. Names that are not here go to the
    /// core's `Key(_:)`, which already knows most keysyms by name, case-insensitively (`Return`,
    /// `BackSpace`, `Tab`, `Escape`, `Delete`, `Home`, `Page_Down`, `F5`, `space`, `ctrl`, `alt`,
    /// `shift`, `super`, single characters). Lookups here are case-insensitive too, although X's
    /// keysym names are not, because models write `return` and `page_down`. Most entries send the
    /// very keysym they name; the few that cannot (the keypad's navigation keys and `KP_Enter`, which
    /// pyautogui has no names for, and `meta`, which X's default modifier map puts on Mod1 with Alt)
    /// send the key that does the same thing. See `docs/action-grammars.md`.
    public static let xdotoolKeyNames: [String: String] = {
        var table: [String: String] = [
            // Modifiers by side; xdotool's own aliases ctrl, alt, shift and super need no entry.
            "Control_L": "ctrlleft", "Control_R": "ctrlright", "Shift_L": "shiftleft", "Shift_R": "shiftright",
            "Alt_L": "altleft", "Alt_R": "altright", "Super_L": "winleft", "Super_R": "winright",
            // xdotool's `meta` alias sends Meta_L, which is on Mod1 with Alt_L in X's default map.
            "meta": "alt", "Meta_L": "altleft", "Meta_R": "altright",
            // Keysyms that pyautogui names otherwise.
            "Prior": "pageup", "Next": "pagedown", "Menu": "apps", "Num_Lock": "numlock",
            "Scroll_Lock": "scrolllock", "Mode_switch": "modechange", "Henkan": "convert",
            "Muhenkan": "nonconvert", "Katakana": "kana", "Hangul_Hanja": "hanja", "Hangul_Jeonja": "junja",
            "Hangul_End": "final",
            // The keypad.
            "KP_Add": "add", "KP_Subtract": "subtract", "KP_Multiply": "multiply", "KP_Divide": "divide",
            "KP_Decimal": "decimal", "KP_Separator": "separator",
            // Keypad keys pyautogui has no name for: the main keys that do the same.
            "KP_Enter": "enter", "KP_Home": "home", "KP_End": "end", "KP_Up": "up", "KP_Down": "down",
            "KP_Left": "left", "KP_Right": "right", "KP_Prior": "pageup", "KP_Page_Up": "pageup",
            "KP_Next": "pagedown", "KP_Page_Down": "pagedown", "KP_Insert": "insert", "KP_Delete": "delete",
            "KP_Space": "space", "KP_Tab": "tab", "KP_Equal": "=",
            // Media and browser keys.
            "XF86AudioRaiseVolume": "volumeup", "XF86AudioLowerVolume": "volumedown",
            "XF86AudioMute": "volumemute", "XF86AudioPlay": "playpause", "XF86AudioStop": "stop",
            "XF86AudioNext": "nexttrack", "XF86AudioPrev": "prevtrack", "XF86AudioMedia": "launchmediaselect",
            "XF86Back": "browserback", "XF86Forward": "browserforward", "XF86Refresh": "browserrefresh",
            "XF86Stop": "browserstop", "XF86Search": "browsersearch", "XF86Favorites": "browserfavorites",
            "XF86HomePage": "browserhome", "XF86Mail": "launchmail", "XF86Launch0": "launchapp1",
            "XF86Launch1": "launchapp2", "XF86Sleep": "sleep", "XF86WakeUp": "fn",
            // Punctuation by keysym name (`ctrl+plus`), including X's older quote names.
            "exclam": "!", "quotedbl": "\"", "numbersign": "#", "dollar": "$", "percent": "%",
            "ampersand": "&", "apostrophe": "'", "quoteright": "'", "parenleft": "(", "parenright": ")",
            "asterisk": "*", "plus": "+", "comma": ",", "minus": "-", "period": ".", "slash": "/",
            "colon": ":", "semicolon": ";", "less": "<", "equal": "=", "greater": ">", "question": "?",
            "at": "@", "bracketleft": "[", "backslash": "\\", "bracketright": "]", "asciicircum": "^",
            "underscore": "_", "grave": "`", "quoteleft": "`", "braceleft": "{", "bar": "|",
            "braceright": "}", "asciitilde": "~",
        ]
        for digit in 0...9 { table["KP_\(digit)"] = "num\(digit)" }
        return table
    }()

    private static let xdotoolLookup: [String: String] = Dictionary(
        xdotoolKeyNames.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })

    /// The names an unknown key is compared with for a suggestion: this table's, the X keysym names
    /// of the core's keys, and the core's own names.
    private static let suggestionCandidates: [String] = {
        let core = Key.allNames.filter { $0.count > 1 }
        let keysyms = Key.allNames.compactMap { try? Key($0).keysymName }.filter { $0.count > 1 }
        return Array(Set(Array(xdotoolKeyNames.keys) + keysyms + core)).sorted()
    }()

    /// The core key that xdotool key name `name` means.
    static func key(xdotool name: String, in whole: String? = nil) throws(KeyNameProblem) -> Key {
        if name.unicodeScalars.count > 1, let mapped = xdotoolLookup[name.lowercased()], let key = try? Key(mapped) {
            return key
        }
        if let key = try? Key(name) { return key }
        throw KeyNameProblem.unknown(name, in: whole, candidates: suggestionCandidates)
    }

    /// The key combinations of xdotool key text: combinations separated by white space
    /// (`ctrl+a Delete` is two), keys within one by `+`; a `+` key is written `plus`, or last as in
    /// `ctrl++`.
    static func keyChords(xdotool text: String) throws(KeyNameProblem) -> [[Key]] {
        var chords: [[Key]] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) {
            let chord = String(word)
            let names: [String]
            if chord == "+" {
                names = ["+"]
            } else if chord.hasSuffix("++") {
                names =
                    chord.dropLast(2).split(separator: "+", omittingEmptySubsequences: false).map(String.init)
                    + ["+"]
            } else {
                names = chord.split(separator: "+", omittingEmptySubsequences: false).map(String.init)
            }
            guard !names.contains("") else {
                throw KeyNameProblem(
                    message: "has an empty key name in '\(chord.excerpt)' (join keys with '+', as in "
                        + "'ctrl+s'; the + key is 'plus')")
            }
            var keys: [Key] = []
            for name in names {
                keys.append(try key(xdotool: name, in: chord))
            }
            chords.append(keys)
        }
        return chords
    }

    /// The xdotool name Deskgym writes for `key`: its X keysym name, or xdotool's alias for the left
    /// modifiers (`ctrl`, `alt`, `shift`, `super`), as Claude writes them.
    static func xdotoolName(of key: Key) -> String {
        switch key.keysymName {
        case "Control_L": "ctrl"
        case "Alt_L": "alt"
        case "Shift_L": "shift"
        case "Super_L": "super"
        case let keysym: keysym
        }
    }
}
