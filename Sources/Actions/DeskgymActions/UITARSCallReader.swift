import DeskgymCore

/// Reads the calls of a UI-TARS action region: `name(argument='value', …)` one after another,
/// separated by white space (UI-TARS puts a blank line between several actions).
///
/// Strings are read as the UI-TARS code reads them, which is more forgiving than Python: a line break
/// may stand in a string for `\n`, and a quote that is not followed by the end of the argument
/// (`)` and the end of the line, or `, name=`) is taken as part of the text, because models often
/// leave the apostrophe in `type(content='It's here')` unescaped. Escapes are Python's.
struct UITARSCallReader {
    private let source: SourceText
    private var offset: Int
    private let end: Int

    init(source: SourceText, range: Range<Int>) {
        self.source = source
        offset = range.lowerBound
        end = range.upperBound
    }

    private func peek(_ at: Int) -> Unicode.Scalar? {
        at < end && at >= 0 ? source.scalars[at] : nil
    }

    private static func isSpace(_ scalar: Unicode.Scalar?) -> Bool {
        scalar == " " || scalar == "\t"
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar?) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }

    private func skippingSpaces(from start: Int) -> Int {
        var at = start
        while Self.isSpace(peek(at)) { at += 1 }
        return at
    }

    private mutating func skipWhitespace() {
        while Self.isWhitespace(peek(offset)) { offset += 1 }
    }

    /// The end of the identifier starting at `start` (`start` itself when there is none).
    private func identifierEnd(from start: Int) -> Int {
        var at = start
        while let scalar = peek(at),
            scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || (at > start && ("0"..."9").contains(scalar))
        {
            at += 1
        }
        return at
    }

    private static let marker = Array("Action:".unicodeScalars)

    /// Whether `Action:` starts at `at`, with only spaces before it on its line.
    private func isMarker(at start: Int) -> Bool {
        guard start + Self.marker.count <= end,
            Array(source.scalars[start..<start + Self.marker.count]) == Self.marker
        else { return false }
        var back = start - 1
        while back >= 0, Self.isSpace(source.scalars[back]) { back -= 1 }
        return back < 0 || source.scalars[back] == "\n"
    }

    /// The next call, or nil at the end of the region. A repeated `Action:` at the start of a line
    /// between calls is skipped.
    mutating func nextCall() throws(ActionParseError) -> UITARSCall? {
        while true {
            skipWhitespace()
            guard isMarker(at: offset) else { break }
            offset += Self.marker.count
        }
        guard offset < end else { return nil }
        let start = offset
        let nameEnd = identifierEnd(from: start)
        let open = skippingSpaces(from: nameEnd)
        guard nameEnd > start, peek(open) == "(" else {
            let lineEnd = min(end, source.endOfLine(from: start))
            throw source.error(
                start..<lineEnd,
                "expected an action such as "
                    + "click(start_box='<|box_start|>(x1,y1)<|box_end|>'), found "
                    + "'\(source.snippet(start..<lineEnd))'")
        }
        let name = source.text(start..<nameEnd)
        offset = open + 1
        var arguments: [UITARSCall.Argument] = []
        while true {
            skipWhitespace()
            guard let scalar = peek(offset) else {
                // The answer was cut off after an argument; the UI-TARS code adds the ')' too.
                guard !arguments.isEmpty else {
                    throw source.error(start..<end, "the call '\(source.snippet(start..<end))' is not closed")
                }
                break
            }
            if scalar == ")" {
                offset += 1
                break
            }
            arguments.append(try argument(of: name))
            skipWhitespace()
            switch peek(offset) {
            case ",": offset += 1
            case ")", nil: continue
            default:
                let lineEnd = min(end, source.endOfLine(from: offset))
                throw source.error(
                    offset..<lineEnd,
                    "\(name.excerpt): expected ',' or ')' after the argument "
                        + "'\(arguments.last!.name.excerpt)', found '\(source.snippet(offset..<lineEnd))'")
            }
        }
        let rest = skippingSpaces(from: offset)
        if let next = peek(rest), next != "\n", next != "\r" {
            let lineEnd = min(end, source.endOfLine(from: rest))
            throw source.error(
                rest..<lineEnd,
                "unexpected '\(source.snippet(rest..<lineEnd))' after the "
                    + "action \(name.excerpt)(…); write each action on a line of its own")
        }
        return UITARSCall(name: name, nameRange: start..<nameEnd, range: start..<offset, arguments: arguments)
    }

    /// `name='value'` or `name=number`.
    private mutating func argument(of function: String) throws(ActionParseError) -> UITARSCall.Argument {
        let nameStart = offset
        let nameEnd = identifierEnd(from: nameStart)
        // The end of the line is measured only for an error: measured for every argument, it made a
        // line of thousands of arguments take time growing with the square of its length.
        guard nameEnd > nameStart else {
            let lineEnd = min(end, source.endOfLine(from: nameStart))
            let message =
                peek(offset) == "'" || peek(offset) == "\""
                ? "arguments are written name='value' (such as start_box='<|box_start|>(x1,y1)<|box_end|>'), "
                    + "not by position"
                : "expected an argument name='value', found '\(source.snippet(nameStart..<lineEnd))'"
            throw source.error(nameStart..<lineEnd, "\(function.excerpt): \(message)")
        }
        let name = source.text(nameStart..<nameEnd)
        let equals = skippingSpaces(from: nameEnd)
        guard peek(equals) == "=" else {
            let lineEnd = min(end, source.endOfLine(from: nameStart))
            throw source.error(nameStart..<lineEnd, "\(function.excerpt): expected '=' after the argument name '\(name.excerpt)'")
        }
        offset = skippingSpaces(from: equals + 1)
        let valueStart = offset
        switch peek(offset) {
        case "'", "\"":
            let value = try string()
            return .init(name: name, nameRange: nameStart..<nameEnd, value: value, valueRange: valueStart..<offset)
        case let scalar? where ("0"..."9").contains(scalar) || scalar == "-" || scalar == "+" || scalar == ".":
            offset += 1
            while let next = peek(offset), ("0"..."9").contains(next) || next == "." { offset += 1 }
            return .init(
                name: name, nameRange: nameStart..<nameEnd, value: source.text(valueStart..<offset),
                valueRange: valueStart..<offset)
        default:
            let valueEnd = min(end, source.endOfLine(from: valueStart))
            throw source.error(
                valueStart..<max(valueEnd, valueStart + 1),
                "\(function.excerpt): the value of '\(name.excerpt)' must be a quoted string, such as "
                    + "\(name.excerpt)='…', found '\(source.snippet(valueStart..<valueEnd))'")
        }
    }

    /// Reads a string literal at the current offset, ending at the quote chosen by
    /// ``closingQuote(after:quote:)``.
    private mutating func string() throws(ActionParseError) -> String {
        let open = offset
        let quote = source.scalars[open]
        guard let close = closingQuote(after: open, quote: quote) else {
            throw source.error(
                open..<min(end, source.endOfLine(from: open)),
                "the string opened here is not closed (missing \(quote == "'" ? "'" : "\""))")
        }
        offset = close + 1
        return Self.unescaped(Array(source.scalars[open + 1..<close]))
    }

    /// The quote that ends the string opened at `open`: the first one followed by the end of the
    /// argument as UI-TARS writes it (`)` then the end of the line, or `, name=`, or the end of the
    /// answer); failing that, the first followed by `)` or `,`; failing that, the first.
    ///
    /// The search stops at the first quote that ends the argument, and keeps only the two fallbacks:
    /// reading to the end of the answer and keeping every quote for each string would make an answer of
    /// many calls take quadratic time and memory.
    private func closingQuote(after open: Int, quote: Unicode.Scalar) -> Int? {
        var first: Int?
        var beforeSeparator: Int?
        var at = open + 1
        while let scalar = peek(at) {
            if scalar == "\\" {
                at += 2
                continue
            }
            if scalar == quote {
                if endsArgument(at) { return at }
                first = first ?? at
                let next = peek(skippingSpaces(from: at + 1))
                if beforeSeparator == nil, next == ")" || next == "," { beforeSeparator = at }
            }
            at += 1
        }
        return beforeSeparator ?? first
    }

    /// Whether the quote at `candidate` is followed by the end of the argument as UI-TARS writes it:
    /// `)` then the end of the line, or `, name=`, or `,` then `)`, or the end of the answer.
    private func endsArgument(_ candidate: Int) -> Bool {
        let next = skippingSpaces(from: candidate + 1)
        switch peek(next) {
        case nil:
            return true
        case ")":
            let after = skippingSpaces(from: next + 1)
            return peek(after) == nil || peek(after) == "\n" || peek(after) == "\r"
        case ",":
            var after = next + 1
            while Self.isWhitespace(peek(after)) { after += 1 }
            if peek(after) == ")" { return true }
            let nameEnd = identifierEnd(from: after)
            return nameEnd > after && peek(skippingSpaces(from: nameEnd)) == "="
        default:
            return false
        }
    }

    /// Resolves Python's escapes; an unknown escape stays as written, as in Python.
    static func unescaped(_ scalars: [Unicode.Scalar]) -> String {
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            guard scalar == "\\", index < scalars.count else {
                result.append(scalar)
                continue
            }
            let escape = scalars[index]
            index += 1
            if let character = PythonLiteral.singleCharacterEscape(escape) {
                result.append(character)
                continue
            }
            switch escape {
            case "\n": break
            case "0"..."7":
                var code = escape.value - 48
                var digits = 1
                while digits < 3, index < scalars.count, ("0"..."7").contains(scalars[index]) {
                    code = code * 8 + scalars[index].value - 48
                    index += 1
                    digits += 1
                }
                result.append(Unicode.Scalar(code)!)
            case "x", "u", "U":
                let width = escape == "x" ? 2 : escape == "u" ? 4 : 8
                let digits = scalars[index..<min(scalars.count, index + width)]
                if digits.count == width, digits.allSatisfy(\.properties.isASCIIHexDigit),
                    let code = UInt32(String(String.UnicodeScalarView(digits)), radix: 16),
                    let decoded = Unicode.Scalar(code)
                {
                    result.append(decoded)
                    index += width
                } else {
                    result.append(scalar)
                    result.append(escape)
                }
            default:
                result.append(scalar)
                result.append(escape)
            }
        }
        return String(result)
    }
}
