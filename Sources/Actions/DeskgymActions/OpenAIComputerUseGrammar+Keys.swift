import DeskgymCore

extension OpenAIComputerUseGrammar {
    /// The names an unknown key is compared with for a suggestion, as the API writes them: the
    /// core's names and the API's own spellings of the arrows and the command key (the core's
    /// other aliases are left out so that `CTLR` suggests `CTRL`, not `CTL`).
    private static let suggestionCandidates: [String] = {
        let names =
            Key.allNames.filter { $0.count > 1 }
            + ["arrowup", "arrowdown", "arrowleft", "arrowright", "cmd", "super", "meta"]
        return Array(Set(names.map { $0.uppercased() })).sorted()
    }()

    /// The core key that the API's key name `name` means.
    ///
    /// The API writes keys in upper case (`CTRL`, `ENTER`, `ARROWLEFT`, `L`): a single letter is the
    /// letter's key whatever its case (`["CTRL", "L"]` is ctrl+l; a capital comes from
    /// `["SHIFT", "L"]` or from `type`). Other names go to the core's `Key(_:)` case-insensitively
    /// (with its aliases: `ARROWLEFT`, `CMD`, `OPTION`, `SUPER`, `META`), then to the xdotool names
    /// of ``AnthropicComputerGrammar/xdotoolKeyNames`` (`KP_ENTER`, `PLUS`), for a model that writes
    /// X's names.
    static func key(openAI name: String, in whole: String? = nil) throws(KeyNameProblem) -> Key {
        if name.unicodeScalars.count == 1, let scalar = name.unicodeScalars.first, ("A"..."Z").contains(scalar) {
            return try! Key(name.lowercased())
        }
        if let key = try? Key(name) { return key }
        if name.unicodeScalars.count > 1, let key = try? AnthropicComputerGrammar.key(xdotool: name) { return key }
        throw KeyNameProblem.unknown(name, in: whole, candidates: suggestionCandidates)
    }

    /// The names the API writes for `key`: its core name in upper case, with a capital letter as
    /// `SHIFT` and the letter, and the keys that are characters by their names (`SPACE`, `ENTER`,
    /// `TAB`, `BACKSPACE`).
    static func openAINames(of key: Key) -> [String] {
        let name = key.name
        guard name.unicodeScalars.count == 1, let scalar = name.unicodeScalars.first else { return [name.uppercased()] }
        switch scalar {
        case "a"..."z": return [name.uppercased()]
        case "A"..."Z": return ["SHIFT", name]
        case " ": return ["SPACE"]
        case "\n", "\r": return ["ENTER"]
        case "\t": return ["TAB"]
        case "\u{8}": return ["BACKSPACE"]
        default: return [name]
        }
    }
}
