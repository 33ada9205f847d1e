import DeskgymCore

/// X keysym values, which RFB key events carry, for the keysym names `Key` maps to.
///
/// The values are the X11 protocol's (keysymdef.h, XF86keysym.h); a table here keeps the VNC driver
/// free of Xlib, whose `XStringToKeysym` the X11 driver uses.
enum Keysyms {
    /// The keysym `key` sends.
    static func value(for key: Key) -> UInt32? {
        let name = key.keysymName
        if let value = named[name] { return value }
        // Single characters (`a`, `A`, `5`) are their own Latin-1 keysym.
        if name.unicodeScalars.count == 1, let scalar = name.unicodeScalars.first, scalar.value < 0x100 {
            return scalar.value
        }
        return nil
    }

    /// The keysym that types one Unicode scalar: Latin-1 directly, controls as their keys,
    /// everything else as a Unicode keysym (0x0100_0000 + code point).
    static func value(for scalar: Unicode.Scalar) -> UInt32 {
        switch scalar.value {
        case 0x0A, 0x0D: 0xFF0D
        case 0x09: 0xFF09
        case 0x08: 0xFF08
        case 0x1B: 0xFF1B
        case 0x20...0x7E, 0xA0...0xFF: scalar.value
        default: 0x0100_0000 | scalar.value
        }
    }

    /// Whether a US keyboard needs Shift for this keysym: servers that translate keysyms to
    /// scancodes (QEMU's) type the unshifted character otherwise.
    static func needsShift(_ keysym: UInt32) -> Bool {
        guard keysym < 0x80, let scalar = Unicode.Scalar(keysym) else { return false }
        return ("A"..."Z").contains(scalar) || "~!@#$%^&*()_+{}|:\"<>?".unicodeScalars.contains(scalar)
    }

    static let shift: UInt32 = 0xFFE1

    static let named: [String: UInt32] = [
        "Alt_L": 0xFFE9, "Alt_R": 0xFFEA, "BackSpace": 0xFF08, "Caps_Lock": 0xFFE5, "Clear": 0xFF0B,
        "Control_L": 0xFFE3, "Control_R": 0xFFE4, "Delete": 0xFFFF, "Down": 0xFF54, "End": 0xFF57, "Escape": 0xFF1B,
        "Execute": 0xFF62, "F1": 0xFFBE, "F10": 0xFFC7, "F11": 0xFFC8, "F12": 0xFFC9, "F13": 0xFFCA,
        "F14": 0xFFCB, "F15": 0xFFCC, "F16": 0xFFCD, "F17": 0xFFCE, "F18": 0xFFCF, "F19": 0xFFD0, "F2": 0xFFBF,
        "F20": 0xFFD1, "F21": 0xFFD2, "F22": 0xFFD3, "F23": 0xFFD4, "F24": 0xFFD5, "F3": 0xFFC0, "F4": 0xFFC1,
        "F5": 0xFFC2, "F6": 0xFFC3, "F7": 0xFFC4, "F8": 0xFFC5, "F9": 0xFFC6, "Hangul": 0xFF31, "Hangul_End": 0xFF33,
        "Hangul_Hanja": 0xFF34, "Hangul_Jeonja": 0xFF38, "Help": 0xFF6A, "Henkan": 0xFF23, "Home": 0xFF50,
        "Insert": 0xFF63, "KP_0": 0xFFB0, "KP_1": 0xFFB1, "KP_2": 0xFFB2, "KP_3": 0xFFB3, "KP_4": 0xFFB4,
        "KP_5": 0xFFB5, "KP_6": 0xFFB6, "KP_7": 0xFFB7, "KP_8": 0xFFB8, "KP_9": 0xFFB9, "KP_Add": 0xFFAB,
        "KP_Decimal": 0xFFAE, "KP_Divide": 0xFFAF, "KP_Multiply": 0xFFAA, "KP_Separator": 0xFFAC, "KP_Subtract": 0xFFAD,
        "Kanji": 0xFF21, "Katakana": 0xFF26, "Left": 0xFF51, "Menu": 0xFF67, "Mode_switch": 0xFF7E, "Muhenkan": 0xFF22,
        "Num_Lock": 0xFF7F, "Page_Down": 0xFF56, "Page_Up": 0xFF55, "Pause": 0xFF13, "Print": 0xFF61,
        "Return": 0xFF0D, "Right": 0xFF53, "Scroll_Lock": 0xFF14, "Select": 0xFF60, "Shift_L": 0xFFE1,
        "Shift_R": 0xFFE2, "Super_L": 0xFFEB, "Super_R": 0xFFEC, "Tab": 0xFF09, "Up": 0xFF52, "XF86AudioLowerVolume": 0x1008FF11,
        "XF86AudioMedia": 0x1008FF32, "XF86AudioMute": 0x1008FF12, "XF86AudioNext": 0x1008FF17, "XF86AudioPlay": 0x1008FF14,
        "XF86AudioPrev": 0x1008FF16, "XF86AudioRaiseVolume": 0x1008FF13, "XF86AudioStop": 0x1008FF15,
        "XF86Back": 0x1008FF26, "XF86Favorites": 0x1008FF30, "XF86Forward": 0x1008FF27, "XF86HomePage": 0x1008FF18,
        "XF86Launch0": 0x1008FF40, "XF86Launch1": 0x1008FF41, "XF86Mail": 0x1008FF19, "XF86Refresh": 0x1008FF29,
        "XF86Search": 0x1008FF1B, "XF86Sleep": 0x1008FF2F, "XF86Stop": 0x1008FF28, "XF86WakeUp": 0x1008FF2B,
        "ampersand": 0x0026, "apostrophe": 0x0027, "asciicircum": 0x005E, "asciitilde": 0x007E, "asterisk": 0x002A,
        "at": 0x0040, "backslash": 0x005C, "bar": 0x007C, "braceleft": 0x007B, "braceright": 0x007D,
        "bracketleft": 0x005B, "bracketright": 0x005D, "colon": 0x003A, "comma": 0x002C, "dollar": 0x0024,
        "equal": 0x003D, "exclam": 0x0021, "grave": 0x0060, "greater": 0x003E, "less": 0x003C, "minus": 0x002D,
        "numbersign": 0x0023, "parenleft": 0x0028, "parenright": 0x0029, "percent": 0x0025, "period": 0x002E,
        "plus": 0x002B, "question": 0x003F, "quotedbl": 0x0022, "semicolon": 0x003B, "slash": 0x002F,
        "space": 0x0020, "underscore": 0x005F, "yen": 0x00A5,
    ]
}
