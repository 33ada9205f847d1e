import Foundation

/// A Python `re` pattern run with Foundation's `NSRegularExpression` (ICU), with "\n" as the only
/// line separator as in Python. The syntax the two disagree on is rewritten: `(?P<name>…)` and
/// `(?P=name)` groups, `\Z`, and `[` `]` `&` inside a character class, which ICU reads as nested sets.
struct PythonRegex {
    let pattern: String
    private let regex: NSRegularExpression

    /// Compiles `pattern` with Python flag names (`IGNORECASE`/`I`, `MULTILINE`/`M`, `DOTALL`/`S`,
    /// `VERBOSE`/`X`; `ASCII`/`A`, `UNICODE`/`U` are accepted and have no effect).
    init(_ pattern: String, flags: [String] = []) throws(PythonRegexError) {
        // Python's only line separator is "\n" (for "$", "^" and "."); ICU's default has several more.
        var options: NSRegularExpression.Options = [.useUnixLineSeparators]
        for flag in flags {
            switch flag {
            case "I", "IGNORECASE": options.insert(.caseInsensitive)
            case "M", "MULTILINE": options.insert(.anchorsMatchLines)
            case "S", "DOTALL": options.insert(.dotMatchesLineSeparators)
            case "X", "VERBOSE": options.insert(.allowCommentsAndWhitespace)
            case "A", "ASCII", "U", "UNICODE", "NOFLAG": break
            default: throw PythonRegexError(pattern: pattern, message: "unknown regular-expression flag '\(flag)'")
            }
        }
        self.pattern = pattern
        do {
            regex = try NSRegularExpression(pattern: Self.translate(pattern), options: options)
        } catch {
            throw PythonRegexError(pattern: pattern, message: "not a valid regular expression")
        }
    }

    /// Python `re.search(pattern, text) is not None`.
    func search(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// Rewrites the Python-only syntax into ICU's.
    static func translate(_ pattern: String) -> String {
        var out = ""
        let chars = Array(pattern)
        var index = 0
        var inClass = false
        while index < chars.count {
            let char = chars[index]
            if char == "\\", index + 1 < chars.count {
                let next = chars[index + 1]
                out += next == "Z" ? "\\z" : "\\\(next)"
                index += 2
                continue
            }
            if inClass {
                switch char {
                case "]": inClass = false; out.append("]")
                case "[", "&", "~": out += "\\\(char)"
                case "-" where index + 1 < chars.count && chars[index + 1] == "-": out += "\\-"
                default: out.append(char)
                }
                index += 1
                continue
            }
            if char == "[" {
                inClass = true
                out.append("[")
                index += 1
                if index < chars.count, chars[index] == "^" { out.append("^"); index += 1 }
                // A "]" first in a Python class is a literal.
                if index < chars.count, chars[index] == "]" { out += "\\]"; index += 1 }
                continue
            }
            if char == "(", pattern.hasPrefix("(?P<", at: index, in: chars) {
                out += "(?<"
                index += 4
                continue
            }
            if char == "(", pattern.hasPrefix("(?P=", at: index, in: chars) {
                var name = ""
                var cursor = index + 4
                while cursor < chars.count, chars[cursor] != ")" { name.append(chars[cursor]); cursor += 1 }
                out += "\\k<\(name)>"
                index = cursor + 1
                continue
            }
            out.append(char)
            index += 1
        }
        return out
    }
}

private extension String {
    func hasPrefix(_ prefix: String, at index: Int, in chars: [Character]) -> Bool {
        let wanted = Array(prefix)
        guard index + wanted.count <= chars.count else { return false }
        return Array(chars[index..<index + wanted.count]) == wanted
    }
}
