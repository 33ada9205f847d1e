extension Key {
    /// pyautogui's `KEYBOARD_KEYS`, each with the X11 keysym it sends on Linux.
    static let keysymNames: [String: String] = {
        var table: [String: String] = [:]
        for scalar in UnicodeScalar("a").value...UnicodeScalar("z").value {
            let lower = String(UnicodeScalar(scalar)!)
            table[lower] = lower
            table[lower.uppercased()] = lower.uppercased()
        }
        for digit in 0...9 { table[String(digit)] = String(digit) }
        let punctuation: [String: String] = [
            " ": "space", "!": "exclam", "\"": "quotedbl", "#": "numbersign", "$": "dollar",
            "%": "percent", "&": "ampersand", "'": "apostrophe", "(": "parenleft", ")": "parenright",
            "*": "asterisk", "+": "plus", ",": "comma", "-": "minus", ".": "period", "/": "slash",
            ":": "colon", ";": "semicolon", "<": "less", "=": "equal", ">": "greater",
            "?": "question", "@": "at", "[": "bracketleft", "\\": "backslash", "]": "bracketright",
            "^": "asciicircum", "_": "underscore", "`": "grave", "{": "braceleft", "|": "bar",
            "}": "braceright", "~": "asciitilde", "\t": "Tab", "\n": "Return", "\r": "Return",
            "\u{8}": "BackSpace",
        ]
        table.merge(punctuation) { $1 }
        for n in 1...24 { table["f\(n)"] = "F\(n)" }
        for n in 0...9 { table["num\(n)"] = "KP_\(n)" }
        let named: [String: String] = [
            "accept": "Execute", "add": "KP_Add", "alt": "Alt_L", "altleft": "Alt_L",
            "altright": "Alt_R", "apps": "Menu", "backspace": "BackSpace",
            "browserback": "XF86Back", "browserfavorites": "XF86Favorites",
            "browserforward": "XF86Forward", "browserhome": "XF86HomePage",
            "browserrefresh": "XF86Refresh", "browsersearch": "XF86Search", "browserstop": "XF86Stop",
            "capslock": "Caps_Lock", "clear": "Clear", "convert": "Henkan", "ctrl": "Control_L",
            "ctrlleft": "Control_L", "ctrlright": "Control_R", "decimal": "KP_Decimal",
            "del": "Delete", "delete": "Delete", "divide": "KP_Divide", "down": "Down", "end": "End",
            "enter": "Return", "esc": "Escape", "escape": "Escape", "execute": "Execute",
            "final": "Hangul_End", "fn": "XF86WakeUp", "hanguel": "Hangul", "hangul": "Hangul",
            "hanja": "Hangul_Hanja", "help": "Help", "home": "Home", "insert": "Insert",
            "junja": "Hangul_Jeonja", "kana": "Katakana", "kanji": "Kanji",
            "launchapp1": "XF86Launch0", "launchapp2": "XF86Launch1", "launchmail": "XF86Mail",
            "launchmediaselect": "XF86AudioMedia", "left": "Left", "modechange": "Mode_switch",
            "multiply": "KP_Multiply", "nexttrack": "XF86AudioNext", "nonconvert": "Muhenkan",
            "numlock": "Num_Lock", "pagedown": "Page_Down", "pageup": "Page_Up", "pause": "Pause",
            "pgdn": "Page_Down", "pgup": "Page_Up", "playpause": "XF86AudioPlay",
            "prevtrack": "XF86AudioPrev", "print": "Print", "printscreen": "Print",
            "prntscrn": "Print", "prtsc": "Print", "prtscr": "Print", "return": "Return",
            "right": "Right", "scrolllock": "Scroll_Lock", "select": "Select",
            "separator": "KP_Separator", "shift": "Shift_L", "shiftleft": "Shift_L",
            "shiftright": "Shift_R", "sleep": "XF86Sleep", "space": "space", "stop": "XF86AudioStop",
            "subtract": "KP_Subtract", "tab": "Tab", "up": "Up", "volumedown": "XF86AudioLowerVolume",
            "volumemute": "XF86AudioMute", "volumeup": "XF86AudioRaiseVolume", "win": "Super_L",
            "winleft": "Super_L", "winright": "Super_R", "yen": "yen", "command": "Super_L",
            "option": "Alt_L", "optionleft": "Alt_L", "optionright": "Alt_R",
        ]
        table.merge(named) { $1 }
        return table
    }()

    /// Names models write that pyautogui lacks, mapped to pyautogui's names.
    public static let aliases: [String: String] = [
        "control": "ctrl", "ctl": "ctrl", "cmd": "command", "super": "win", "meta": "win",
        "windows": "win", "arrowup": "up", "arrowdown": "down", "arrowleft": "left",
        "arrowright": "right", "page_up": "pageup", "page_down": "pagedown", "pgdown": "pgdn",
        "caps_lock": "capslock", "escape_key": "esc", "bksp": "backspace", "back_space": "backspace",
        "del_key": "delete", "spacebar": "space", "ret": "return", "ins": "insert",
    ]
}
