/// Cuts a region of a model's answer into ``PythonToken``s.
///
/// It reads enough of Python's lexical grammar that real code fails with a message about the
/// statement it is in (not about an odd character deep inside it): names, numbers, every kind of
/// string literal, comments, brackets that join lines, and backslash continuations. Indentation is
/// not significant, since the subset has no blocks and models often indent a whole fenced block.
struct PythonLexer {
    private let source: SourceText
    private var offset: Int
    private let end: Int
    private var depth = 0
    private var tokens: [PythonToken] = []

    private init(source: SourceText, range: Range<Int>) {
        self.source = source
        offset = range.lowerBound
        end = range.upperBound
    }

    /// The tokens of `range`, ending with `.end`; after an unterminated string the rest of the
    /// region cannot be read, so the `.invalid` token is followed by `.end` at once.
    static func tokens(of source: SourceText, in range: Range<Int>) -> [PythonToken] {
        var lexer = PythonLexer(source: source, range: range)
        lexer.run()
        return lexer.tokens
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        offset + ahead < end ? source.scalars[offset + ahead] : nil
    }

    private mutating func emit(_ kind: PythonToken.Kind, from start: Int) {
        tokens.append(PythonToken(kind: kind, range: start..<offset))
    }

    private mutating func run() {
        while let scalar = peek() {
            let start = offset
            switch scalar {
            case " ", "\t", "\r", "\u{0C}":
                offset += 1
            case "\n":
                offset += 1
                if depth == 0, let last = tokens.last, last.kind != .newline {
                    emit(.newline, from: start)
                }
            case "#":
                while let next = peek(), next != "\n" { offset += 1 }
            case "\\" where peek(1) == "\n" || (peek(1) == "\r" && peek(2) == "\n"):
                offset += peek(1) == "\n" ? 2 : 3
            case "'", "\"":
                if !lexString(prefix: "", from: start) { return finish() }
            case "0"..."9":
                lexNumber(from: start)
            case "." where peek(1).map { ("0"..."9").contains($0) } ?? false:
                lexNumber(from: start)
            default:
                if scalar == "_" || scalar.properties.isXIDStart {
                    while let next = peek(), next == "_" || next.properties.isXIDContinue { offset += 1 }
                    let name = source.text(start..<offset)
                    if let quote = peek(), quote == "'" || quote == "\"", Self.isStringPrefix(name) {
                        if !lexString(prefix: name.lowercased(), from: start) { return finish() }
                    } else {
                        emit(.name(name), from: start)
                    }
                } else {
                    offset += 1
                    if "([{".unicodeScalars.contains(scalar) { depth += 1 }
                    if ")]}".unicodeScalars.contains(scalar) { depth = max(0, depth - 1) }
                    emit(.op(scalar), from: start)
                }
            }
        }
        finish()
    }

    private mutating func finish() {
        tokens.append(PythonToken(kind: .end, range: offset..<offset))
    }

    private static func isStringPrefix(_ name: String) -> Bool {
        ["r", "u", "f", "b", "rb", "br", "fr", "rf"].contains(name.lowercased())
    }

    private mutating func lexNumber(from start: Int) {
        // Decided once, not at each sign: a long literal of e+e+… would otherwise be quadratic.
        let isHex = source[start] == "0" && (source[start + 1] == "x" || source[start + 1] == "X")
        while let next = peek() {
            if next.properties.isXIDContinue || next == "." {
                offset += 1
            } else if (next == "+" || next == "-"), let previous = source[offset - 1],
                previous == "e" || previous == "E", !isHex
            {
                offset += 1
            } else {
                break
            }
        }
        emit(.number(source.text(start..<offset)), from: start)
    }

    /// Reads a string literal whose prefix (`r`, `f`, …, or none) is already consumed; returns
    /// false when the literal never ends, which leaves nothing readable after it.
    private mutating func lexString(prefix: String, from start: Int) -> Bool {
        let quote = peek()!
        let triple = peek(1) == quote && peek(2) == quote
        offset += triple ? 3 : 1
        let raw = prefix.contains("r")
        var value = String.UnicodeScalarView()
        var problem: String?
        while true {
            guard let scalar = peek() else {
                emit(
                    .invalid(
                        triple
                            ? "unterminated triple-quoted string literal"
                            : "unterminated string literal"), from: start)
                return false
            }
            if scalar == quote && (!triple || (peek(1) == quote && peek(2) == quote)) {
                offset += triple ? 3 : 1
                break
            }
            if scalar == "\n" && !triple {
                emit(
                    .invalid(
                        "unterminated string literal (a line break inside '…' needs \\n or a "
                            + "triple-quoted string)"), from: start)
                return true
            }
            if scalar == "\\" {
                if raw {
                    // A raw string keeps the backslash but the escaped quote does not end it.
                    value.append(scalar)
                    offset += 1
                    if let next = peek() {
                        value.append(next)
                        offset += 1
                    }
                } else if let failure = lexEscape(into: &value), problem == nil {
                    problem = failure
                }
                continue
            }
            value.append(scalar)
            offset += 1
        }
        if prefix.contains("f") {
            emit(
                .invalid("f-strings are not supported; write the text as a plain string literal"),
                from: start)
        } else if prefix.contains("b") {
            emit(.invalid("bytes literals are not supported; use a plain string literal"), from: start)
        } else if let problem {
            emit(.invalid(problem), from: start)
        } else {
            emit(.string(String(value)), from: start)
        }
        return true
    }

    /// Reads one escape sequence after a backslash; returns a message when it is malformed.
    private mutating func lexEscape(into value: inout String.UnicodeScalarView) -> String? {
        offset += 1
        guard let next = peek() else { return nil }
        offset += 1
        if let character = PythonLiteral.singleCharacterEscape(next) {
            value.append(character)
            return nil
        }
        switch next {
        case "\n": return nil
        case "\r":
            if peek() == "\n" { offset += 1 }
            return nil
        case "0"..."7":
            var digits = String(next)
            while digits.count < 3, let digit = peek(), ("0"..."7").contains(digit) {
                digits.unicodeScalars.append(digit)
                offset += 1
            }
            value.append(Unicode.Scalar(UInt32(digits, radix: 8)!)!)
        case "x", "u", "U":
            let width = next == "x" ? 2 : next == "u" ? 4 : 8
            var digits = ""
            while digits.count < width, let digit = peek(), digit.properties.isASCIIHexDigit {
                digits.unicodeScalars.append(digit)
                offset += 1
            }
            guard digits.count == width, let code = UInt32(digits, radix: 16) else {
                return "truncated \\\(next) escape: it needs \(width) hexadecimal digits"
            }
            guard let scalar = Unicode.Scalar(code) else {
                return "\\\(next)\(digits) is not a Unicode scalar (a lone surrogate or above U+10FFFF)"
            }
            value.append(scalar)
        case "N":
            return "\\N{…} named escapes are not supported; write the character itself or \\u escape it"
        default:
            // Python keeps an unknown escape as written (with a warning), and so do we.
            value.append("\\")
            value.append(next)
        }
        return nil
    }
}
