import DeskgymCore

/// Reads JSON values (RFC 8259) from a region of a model's answer.
///
/// Deskgym has its own reader rather than Foundation's because errors must name the line and
/// column in the answer, members must keep their order and duplicates, and the mistakes models
/// make (single quotes, Python's `True`/`None`, trailing commas) deserve a message of their own.
struct JSONReader {
    private let source: SourceText
    private(set) var offset: Int
    private let end: Int
    /// How many arrays and objects enclose the reading position; ``value()`` recurses once a level,
    /// so more than ``ActionLimits/maximumNestingDepth`` is refused instead of risking the stack.
    private var depth = 0

    init(source: SourceText, range: Range<Int>) {
        self.source = source
        offset = range.lowerBound
        end = range.upperBound
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        offset + ahead < end ? source.scalars[offset + ahead] : nil
    }

    private func invalid(_ message: String, at start: Int? = nil) -> ActionParseError {
        let from = start ?? offset
        return source.error(
            from..<min(end, max(from + 1, source.endOfLine(from: from))),
            "invalid JSON: \(message)")
    }

    /// Continues reading at `newOffset` (the caller has skipped prose or a bare word).
    mutating func move(to newOffset: Int) {
        offset = min(max(newOffset, offset), end)
    }

    mutating func skipWhitespace() {
        while let scalar = peek(), scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
            offset += 1
        }
    }

    /// Reads one value starting at the current offset (after white space).
    mutating func value() throws(ActionParseError) -> JSONValue {
        skipWhitespace()
        let start = offset
        guard let scalar = peek() else { throw invalid("expected a value, found the end of the text") }
        switch scalar {
        case "{": return try object()
        case "[": return try array()
        case "\"": return JSONValue(kind: .string(try string()), range: start..<offset)
        case "-", "0"..."9": return try number()
        case "'":
            throw invalid("strings must be in double quotes (\"…\"), not single quotes")
        default:
            var word = ""
            while let next = peek(), next.properties.isAlphabetic || next == "_" {
                word.unicodeScalars.append(next)
                offset += 1
            }
            switch word {
            case "true": return JSONValue(kind: .bool(true), range: start..<offset)
            case "false": return JSONValue(kind: .bool(false), range: start..<offset)
            case "null": return JSONValue(kind: .null, range: start..<offset)
            case "True", "False", "None":
                throw invalid("'\(word)' is Python; JSON writes true, false and null", at: start)
            case "":
                throw invalid("unexpected character '\(scalar)'", at: start)
            default:
                throw invalid("unexpected word '\(word.excerpt)'; strings must be in double quotes", at: start)
            }
        }
    }

    private mutating func enter(_ start: Int) throws(ActionParseError) {
        depth += 1
        if depth > ActionLimits.maximumNestingDepth {
            throw invalid("nesting deeper than \(ActionLimits.maximumNestingDepth) levels", at: start)
        }
    }

    private mutating func object() throws(ActionParseError) -> JSONValue {
        let start = offset
        try enter(start)
        offset += 1
        var members: [JSONValue.Member] = []
        skipWhitespace()
        if peek() == "}" {
            offset += 1
            depth -= 1
            return JSONValue(kind: .object([]), range: start..<offset)
        }
        while true {
            skipWhitespace()
            let keyStart = offset
            switch peek() {
            case "\"": break
            case "'": throw invalid("keys must be in double quotes (\"…\"), not single quotes")
            case "}": throw invalid("trailing comma before '}'")
            case nil: throw invalid("the object opened here is not closed", at: start)
            default: throw invalid("expected a key in double quotes")
            }
            let key = try string()
            let keyRange = keyStart..<offset
            skipWhitespace()
            guard peek() == ":" else { throw invalid("expected ':' after the key \"\(key.excerpt)\"") }
            offset += 1
            let value = try value()
            members.append(.init(key: key, keyRange: keyRange, value: value))
            skipWhitespace()
            switch peek() {
            case ",": offset += 1
            case "}":
                offset += 1
                depth -= 1
                return JSONValue(kind: .object(members), range: start..<offset)
            case nil: throw invalid("the object opened here is not closed", at: start)
            default: throw invalid("expected ',' or '}' after a member of the object")
            }
        }
    }

    private mutating func array() throws(ActionParseError) -> JSONValue {
        let start = offset
        try enter(start)
        offset += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if peek() == "]" {
            offset += 1
            depth -= 1
            return JSONValue(kind: .array([]), range: start..<offset)
        }
        while true {
            skipWhitespace()
            if peek() == "]" { throw invalid("trailing comma before ']'") }
            if peek() == nil { throw invalid("the array opened here is not closed", at: start) }
            items.append(try value())
            skipWhitespace()
            switch peek() {
            case ",": offset += 1
            case "]":
                offset += 1
                depth -= 1
                return JSONValue(kind: .array(items), range: start..<offset)
            case nil: throw invalid("the array opened here is not closed", at: start)
            default: throw invalid("expected ',' or ']' after an element of the array")
            }
        }
    }

    private mutating func number() throws(ActionParseError) -> JSONValue {
        let start = offset
        if peek() == "-" { offset += 1 }
        func digits(_ reader: inout JSONReader) -> Int {
            var count = 0
            while let scalar = reader.peek(), ("0"..."9").contains(scalar) {
                reader.offset += 1
                count += 1
            }
            return count
        }
        let integerStart = offset
        let integerDigits = digits(&self)
        guard integerDigits > 0 else { throw invalid("expected digits after '-'", at: start) }
        if integerDigits > 1 && source.scalars[integerStart] == "0" {
            throw invalid("numbers must not have leading zeros", at: start)
        }
        if peek() == "." {
            offset += 1
            guard digits(&self) > 0 else { throw invalid("expected digits after the decimal point", at: start) }
        }
        if peek() == "e" || peek() == "E" {
            offset += 1
            if peek() == "+" || peek() == "-" { offset += 1 }
            guard digits(&self) > 0 else { throw invalid("expected digits in the exponent", at: start) }
        }
        guard let value = Double(source.text(start..<offset)), value.isFinite else {
            throw invalid("number out of range", at: start)
        }
        return JSONValue(kind: .number(value), range: start..<offset)
    }

    private mutating func string() throws(ActionParseError) -> String {
        let start = offset
        offset += 1
        var result = String.UnicodeScalarView()
        while true {
            guard let scalar = peek() else { throw invalid("the string opened here is not closed", at: start) }
            offset += 1
            switch scalar {
            case "\"":
                return String(result)
            case "\\":
                guard let escape = peek() else { throw invalid("the string opened here is not closed", at: start) }
                offset += 1
                switch escape {
                case "\"", "\\", "/": result.append(escape)
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                case "b": result.append("\u{08}")
                case "f": result.append("\u{0C}")
                case "u":
                    let high = try hexQuad(escapeStart: offset - 2)
                    if (0xD800...0xDBFF).contains(high), peek() == "\\", peek(1) == "u" {
                        offset += 2
                        let low = try hexQuad(escapeStart: offset - 2)
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw invalid("a high surrogate must be followed by a low surrogate", at: offset - 6)
                        }
                        result.append(Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!)
                    } else if let scalar = Unicode.Scalar(high) {
                        result.append(scalar)
                    } else {
                        throw invalid("\\u escape is a lone surrogate", at: offset - 6)
                    }
                default:
                    throw invalid("unknown escape '\\\(escape)' in a string", at: offset - 2)
                }
            case "\n":
                throw invalid("a line break inside a string must be written \\n", at: offset - 1)
            default:
                if scalar.value < 0x20 {
                    throw invalid("control characters inside a string must be escaped", at: offset - 1)
                }
                result.append(scalar)
            }
        }
    }

    private mutating func hexQuad(escapeStart: Int) throws(ActionParseError) -> UInt32 {
        var digits = ""
        while digits.count < 4, let scalar = peek(), scalar.properties.isASCIIHexDigit {
            digits.unicodeScalars.append(scalar)
            offset += 1
        }
        guard digits.count == 4, let value = UInt32(digits, radix: 16) else {
            throw invalid("\\u must be followed by 4 hexadecimal digits", at: escapeStart)
        }
        return value
    }
}
