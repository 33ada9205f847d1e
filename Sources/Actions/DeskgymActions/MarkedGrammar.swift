import DeskgymCore

/// A grammar that also reads set-of-marks references, resolved to the marks of the observation the
/// agent answered: in pyautogui code `tag_N` (as OSWorld's set-of-marks prompt defines `tag_1 = (x,
/// y)` … before the model's code) stands for mark N's centre, so `pyautogui.click(tag_3)` clicks
/// it; in computer_13 JSON a `"mark": N` parameter stands for `"x": …, "y": …`. Text inside string
/// literals is left alone. A mark the observation does not have is refused (the agent's error),
/// naming it and the marks there are.
public struct MarkedGrammar<Base: ActionGrammar>: ActionGrammar {
    public static var name: String { Base.name }

    public let base: Base
    /// Mark number → its centre, in the coordinates the base grammar reads (the image's).
    public let centres: [Int: Point]

    public init(base: Base, centres: [Int: Point]) {
        self.base = base
        self.centres = centres
    }

    public func parse(_ text: String) throws(ActionParseError) -> [Action] {
        try base.parse(try resolve(text))
    }

    public func format(_ actions: [Action]) -> String { base.format(actions) }

    /// `text` with every mark reference replaced by its centre.
    func resolve(_ text: String) throws(ActionParseError) -> String {
        let characters = Array(text)
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var index = 0
        var line = 1, column = 1
        var quote: Character?
        var tripled = false
        func advance(_ count: Int = 1) {
            for _ in 0..<count where index < characters.count {
                output.append(characters[index])
                if characters[index] == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                index += 1
            }
        }
        while index < characters.count {
            let character = characters[index]
            if let open = quote {
                if character == "\\" {
                    advance(2)
                } else if character == open, !tripled || Self.starts(characters, at: index, with: [open, open, open]) {
                    advance(tripled ? 3 : 1)
                    quote = nil
                } else {
                    advance()
                }
                continue
            }
            if Base.name == "computer_13", let (number, length) = markParameter(characters, at: index) {
                guard let centre = centres[number] else {
                    throw missing(number, line: line, column: column, snippet: String(characters[index..<(index + length)]))
                }
                output += "\"x\": \(centre.x), \"y\": \(centre.y)"
                index += length
                column += length
                continue
            }
            if character == "\"" || character == "'" {
                tripled = Self.starts(characters, at: index, with: [character, character, character])
                quote = character
                advance(tripled ? 3 : 1)
                continue
            }
            if let (number, length) = reference(characters, at: index) {
                guard let centre = centres[number] else {
                    throw missing(number, line: line, column: column, snippet: String(characters[index..<(index + length)]))
                }
                output += "\(centre.x), \(centre.y)"
                index += length
                column += length
                continue
            }
            advance()
        }
        return output
    }

    private func missing(_ number: Int, line: Int, column: Int, snippet: String) -> ActionParseError {
        let known = centres.keys.sorted()
        let have = known.first.map { "the last observation has marks \($0) to \(known.last ?? $0)" } ?? "the last observation has no marks"
        return ActionParseError(
            grammar: Self.name, line: line, column: column, snippet: snippet, message: "mark \(number) does not exist: \(have)")
    }

    /// A computer_13 `"mark": N` parameter at `index` (its key's opening quote); number and length.
    private func markParameter(_ characters: [Character], at index: Int) -> (Int, Int)? {
        guard Self.starts(characters, at: index, with: Array("\"mark\"")) else { return nil }
        var end = index + 6
        while end < characters.count, characters[end] == " " { end += 1 }
        guard end < characters.count, characters[end] == ":" else { return nil }
        end += 1
        while end < characters.count, characters[end] == " " { end += 1 }
        let digits = end
        while end < characters.count, characters[end].isASCII, characters[end].isNumber, end - digits < 12 { end += 1 }
        guard end > digits, let number = Int(String(characters[digits..<end])) else { return nil }
        return (number, end - index)
    }

    /// A pyautogui mark reference `tag_N` at `index` outside strings (not part of a longer name);
    /// its number and length.
    private func reference(_ characters: [Character], at index: Int) -> (Int, Int)? {
        if Base.name == "computer_13" { return nil }
        guard Self.starts(characters, at: index, with: Array("tag_")),
            index == 0 || !(characters[index - 1].isLetter || characters[index - 1].isNumber || characters[index - 1] == "_")
        else { return nil }
        var end = index + 4
        while end < characters.count, characters[end].isASCII, characters[end].isNumber, end - index < 12 { end += 1 }
        guard end > index + 4, end == characters.count || !(characters[end].isLetter || characters[end] == "_" || characters[end].isNumber),
            let number = Int(String(characters[(index + 4)..<end]))
        else { return nil }
        return (number, end - index)
    }

    private static func starts(_ characters: [Character], at index: Int, with prefix: [Character]) -> Bool {
        guard index + prefix.count <= characters.count else { return false }
        for (offset, character) in prefix.enumerated() where characters[index + offset] != character { return false }
        return true
    }
}

/// `grammar` reading set-of-marks references to `centres` (pyautogui's `tag_N`, computer_13's
/// `"mark": N`); other grammars have no way to say a mark and are returned as they are.
public func markedGrammar<Grammar: ActionGrammar>(_ grammar: Grammar, centres: [Int: Point]) -> any ActionGrammar {
    guard Grammar.name == PyAutoGUIGrammar.name || Grammar.name == Computer13Grammar.name else { return grammar }
    return MarkedGrammar(base: grammar, centres: centres)
}
