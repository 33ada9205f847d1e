import DeskgymCore

/// Splits a command line into words as Python's `shlex.split` does (POSIX mode, no comments):
/// white space separates words; single quotes keep everything literally; double quotes keep
/// everything but `\` before `\` or `"` (unlike a shell, `\$` stays as written); a `\` outside
/// quotes keeps the next character.
enum ShellWords {
    /// Why a line cannot be split.
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    static func split(_ line: String) throws(Problem) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            switch quote {
            case "'":
                if character == "'" { quote = nil } else { word.append(character) }
            case "\"":
                if character == "\"" {
                    quote = nil
                } else if character == "\\" {
                    guard let next = iterator.next() else { throw Problem(description: "no closing quotation in '\(line.excerpt)'") }
                    if next != "\\", next != "\"" { word.append("\\") }
                    word.append(next)
                } else {
                    word.append(character)
                }
            default:
                if character.isWhitespace {
                    if inWord { words.append(word) }
                    word = ""
                    inWord = false
                } else if character == "'" || character == "\"" {
                    quote = character
                    inWord = true
                } else if character == "\\" {
                    guard let next = iterator.next() else {
                        throw Problem(description: "no escaped character at the end of '\(line.excerpt)'")
                    }
                    word.append(next)
                    inWord = true
                } else {
                    word.append(character)
                    inWord = true
                }
            }
        }
        if quote != nil { throw Problem(description: "no closing quotation in '\(line.excerpt)'") }
        if inWord { words.append(word) }
        return words
    }
}
