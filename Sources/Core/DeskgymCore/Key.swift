/// A keyboard key, named as pyautogui names it (`enter`, `ctrl`, `f5`, `a`, `A`, `!`, …).
///
/// Construction validates the name, so a `Key` always maps to an X keysym. Multi-character names are
/// case-insensitive as in pyautogui (`Enter` is `enter`); single characters keep their case (`A` is
/// shift+a). A few aliases that models often write and pyautogui silently ignores are accepted too
/// (`control`, `cmd`, `super`, `meta`, `arrowleft`, `page_down`, …); see ``Key/aliases``.
public struct Key: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The canonical pyautogui name.
    public let name: String

    /// Validates `name` and makes a key of it.
    public init(_ name: String) throws(KeyNameError) {
        if let canonical = Key.canonicalName(name) {
            self.name = canonical
        } else {
            throw KeyNameError(name: name, suggestions: Key.suggestions(for: name))
        }
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        try self.init(raw)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }

    /// The X11 keysym name this key sends (`Return`, `Control_L`, `a`, `exclam`, …).
    public var keysymName: String { Key.keysymNames[name]! }

    /// Whether this key is a modifier (shift, ctrl, alt, win and their sides).
    public var isModifier: Bool {
        [
            "Shift_L", "Shift_R", "Control_L", "Control_R", "Alt_L", "Alt_R", "Super_L", "Super_R",
            "Meta_L", "Meta_R", "ISO_Level3_Shift", "Mode_switch",
        ].contains(keysymName)
    }

    public var description: String { name }

    /// Every pyautogui key name, sorted.
    public static var allNames: [String] { keysymNames.keys.sorted() }

    static func canonicalName(_ raw: String) -> String? {
        if raw.count == 1 {
            return keysymNames[raw] != nil ? raw : nil
        }
        let lowered = raw.lowercased()
        if keysymNames[lowered] != nil { return lowered }
        if let alias = aliases[lowered] { return alias }
        return nil
    }

    /// Up to three valid names closest to `raw` by edit distance; none for a name too long to be a
    /// typo of one (``Swift/String/isSuggestible``).
    static func suggestions(for raw: String) -> [String] {
        guard raw.isSuggestible else { return [] }
        let lowered = raw.lowercased()
        let candidates = keysymNames.keys.filter { $0.count > 1 } + aliases.keys
        let scored = Set(candidates).map { ($0, lowered.editDistance(to: $0)) }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        let limit = max(2, lowered.count / 2)
        return scored.prefix(3).filter { $0.1 <= limit }.map { aliases[$0.0] ?? $0.0 }
            .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    }
}

/// A key name that pyautogui does not know.
public struct KeyNameError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name as it was written.
    public var name: String
    /// The closest valid names.
    public var suggestions: [String]

    public var description: String {
        let shown =
            name.unicodeScalars.count == 1 && name.unicodeScalars.first!.value < 32
            ? "U+" + String(name.unicodeScalars.first!.value, radix: 16, uppercase: true) : name.excerpt
        var text = "unknown key name '\(shown)'"
        if !suggestions.isEmpty {
            text += "; did you mean " + suggestions.map { "'\($0)'" }.joined(separator: ", ") + "?"
        }
        return text
    }
}
