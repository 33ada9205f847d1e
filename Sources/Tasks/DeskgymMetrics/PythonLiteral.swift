/// Reads the few Python literals OSWorld's metrics `eval`: a list (or tuple) of string literals,
/// such as `gsettings get` prints. Anything else is refused rather than evaluated.
enum PythonLiteral {
    /// Why a text is not such a literal.
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// The most characters read: a favourites list is a few hundred.
    static let limit = 1 << 20

    /// The strings of `[ 'a', "b", ]` or `('a',)`, with surrounding white space allowed.
    static func stringList(_ text: String) throws(Problem) -> [String] {
        guard text.unicodeScalars.count <= limit else { throw Problem(description: "longer than \(limit) characters") }
        var scalars = Array(text.unicodeScalars)[...]
        func skipSpace() {
            while let first = scalars.first, first == " " || first == "\t" || first == "\n" || first == "\r" { scalars.removeFirst() }
        }
        skipSpace()
        guard let open = scalars.popFirst(), open == "[" || open == "(" else {
            throw Problem(description: "does not start with '[' or '('")
        }
        let close: Unicode.Scalar = open == "[" ? "]" : ")"
        var items: [String] = []
        while true {
            skipSpace()
            guard let next = scalars.first else { throw Problem(description: "ends before its closing '\(close)'") }
            if next == close {
                scalars.removeFirst()
                break
            }
            items.append(try string(&scalars))
            skipSpace()
            guard let separator = scalars.popFirst() else { throw Problem(description: "ends before its closing '\(close)'") }
            if separator == close { break }
            guard separator == "," else { throw Problem(description: "has '\(separator)' where ',' or '\(close)' belongs") }
        }
        skipSpace()
        guard scalars.isEmpty else { throw Problem(description: "has text after its closing '\(close)'") }
        // `(x)` without a comma is x itself in Python, not a tuple.
        if open == "(", items.count == 1, !text.contains(",") { throw Problem(description: "is a parenthesised string, not a list") }
        return items
    }

    /// One quoted string literal at the front of `scalars` (single or double quotes, the common
    /// backslash escapes), removed from it.
    private static func string(_ scalars: inout ArraySlice<Unicode.Scalar>) throws(Problem) -> String {
        guard let quote = scalars.popFirst(), quote == "'" || quote == "\"" else {
            throw Problem(description: "holds an item that is not a quoted string")
        }
        var out = String.UnicodeScalarView()
        while let scalar = scalars.popFirst() {
            if scalar == quote { return String(out) }
            if scalar == "\n" { throw Problem(description: "has a line break inside a string") }
            guard scalar == "\\" else {
                out.append(scalar)
                continue
            }
            guard let escaped = scalars.popFirst() else { break }
            switch escaped {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "\\", "'", "\"": out.append(escaped)
            case "x", "u", "U":
                let width = escaped == "x" ? 2 : escaped == "u" ? 4 : 8
                let digits = String(String.UnicodeScalarView(scalars.prefix(width)))
                guard digits.unicodeScalars.count == width, let value = UInt32(digits, radix: 16), let decoded = Unicode.Scalar(value)
                else {
                    throw Problem(description: "has a malformed \\\(escaped) escape")
                }
                scalars.removeFirst(width)
                out.append(decoded)
            default:
                // Python keeps an unknown escape as written.
                out.append("\\")
                out.append(escaped)
            }
        }
        throw Problem(description: "has an unterminated string")
    }
}
