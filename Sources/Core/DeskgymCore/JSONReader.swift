/// A strict JSON reader (RFC 8259) that knows where it is: syntax errors carry a line and column,
/// and a second run can find where the value at a ``JSONPath`` starts, so that a task file's type
/// errors can point at a line too.
///
/// Duplicate keys keep the last value (as Python's `json` does); a UTF-8 byte order mark is
/// skipped; a lone UTF-16 surrogate in a `\u` escape becomes U+FFFD. An integer literal beyond
/// 2^53 in magnitude, which a `Double` cannot hold exactly, reads as ``JSONValue/bigInteger(_:)``.
public struct JSONReader {
    /// Arrays and objects nested deeper than this are refused, so that hostile input cannot
    /// exhaust the stack.
    public static let maximumDepth = 512

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0
    private let target: [JSONPath.Component]?
    private var path: [JSONPath.Component] = []
    private var targetOffset: Int?
    private let likePython: Bool

    private init(bytes: [UInt8], target: JSONPath?, likePython: Bool = false) {
        self.bytes = bytes
        self.target = target?.components
        self.likePython = likePython
    }

    /// Reads one JSON document.
    ///
    /// With `likePython`, the document is read as Python's `json.loads` reads a `str`: the words
    /// `NaN`, `Infinity` and `-Infinity` are numbers, and a byte order mark is an error rather
    /// than skipped (OSWorld's metrics open files as plain UTF-8, so the mark reaches `json`).
    public static func parse(_ bytes: [UInt8], likePython: Bool = false) throws(JSONSyntaxError) -> JSONValue {
        var reader = JSONReader(bytes: bytes, target: nil, likePython: likePython)
        return try reader.readDocument()
    }

    /// The byte offset where the value at `path` starts, or nil if the text has no such value or
    /// is not valid JSON before it.
    public static func offset(of path: JSONPath, in bytes: [UInt8]) -> Int? {
        var reader = JSONReader(bytes: bytes, target: path)
        _ = try? reader.readDocument()
        return reader.targetOffset
    }

    // MARK: - Values

    private mutating func readDocument() throws(JSONSyntaxError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            if likePython { throw failure("unexpected UTF-8 byte order mark (Python's json refuses it)") }
            index = 3
        }
        skipWhitespace()
        if index == bytes.count { throw failure("empty document, expected a JSON value") }
        let value = try readValue()
        skipWhitespace()
        guard index == bytes.count else {
            throw failure("unexpected \(currentDescription) after the end of the JSON value")
        }
        return value
    }

    private mutating func readValue() throws(JSONSyntaxError) -> JSONValue {
        if let target, targetOffset == nil, path == target { targetOffset = index }
        guard index < bytes.count else { throw failure("unexpected end of file, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try readObject()
        case UInt8(ascii: "["): return try readArray()
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "-") where likePython && bytes[(index + 1)...].starts(with: Array("Infinity".utf8)):
            index += 1 + "Infinity".utf8.count
            return .number(-.infinity)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): return try readWord()
        default: throw failure("expected a value, found \(currentDescription)")
        }
    }

    private mutating func readObject() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        index += 1  // {
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if peek(UInt8(ascii: "}")) {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            guard peek(UInt8(ascii: "\"")) else {
                if peek(UInt8(ascii: "}")), !members.isEmpty {
                    throw failure("trailing comma before '}' is not allowed")
                }
                throw failure("expected a member name in double quotes, found \(currentDescription)")
            }
            let key = try readString()
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else {
                throw failure("expected ':' after member name \(JSONValue.string(key)), found \(currentDescription)")
            }
            index += 1
            skipWhitespace()
            if target != nil { path.append(.key(key)) }
            members[key] = try readValue()
            if target != nil { path.removeLast() }
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                index += 1
                skipWhitespace()
            } else if peek(UInt8(ascii: "}")) {
                index += 1
                depth -= 1
                return .object(members)
            } else {
                throw failure("expected ',' or '}' after an object member, found \(currentDescription)")
            }
        }
    }

    private mutating func readArray() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            if peek(UInt8(ascii: "]")), !elements.isEmpty {
                throw failure("trailing comma before ']' is not allowed")
            }
            if target != nil { path.append(.index(elements.count)) }
            elements.append(try readValue())
            if target != nil { path.removeLast() }
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                index += 1
                skipWhitespace()
            } else if peek(UInt8(ascii: "]")) {
                index += 1
                depth -= 1
                return .array(elements)
            } else {
                throw failure("expected ',' or ']' after an array element, found \(currentDescription)")
            }
        }
    }

    private mutating func enterContainer() throws(JSONSyntaxError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw failure("arrays and objects nested deeper than \(Self.maximumDepth) levels")
        }
    }

    // MARK: - Scalars

    private mutating func readString() throws(JSONSyntaxError) -> String {
        let start = index
        index += 1  // opening quote
        var buffer: [UInt8] = []
        var runStart = index
        while true {
            guard index < bytes.count else {
                throw failure("unterminated string (no closing '\"')", at: start)
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                buffer.append(contentsOf: bytes[runStart..<index])
                index += 1
                break
            } else if byte == UInt8(ascii: "\\") {
                buffer.append(contentsOf: bytes[runStart..<index])
                try readEscape(into: &buffer)
                runStart = index
            } else if byte < 0x20 {
                let hex = String(byte, radix: 16, uppercase: true)
                let code = String(repeating: "0", count: 4 - hex.count) + hex
                throw failure("control character U+\(code) inside a string (escape it, e.g. \\n or \\t)")
            } else {
                index += 1
            }
        }
        guard let string = String(validating: buffer, as: UTF8.self) else {
            throw failure("string is not valid UTF-8", at: start)
        }
        return string
    }

    private mutating func readEscape(into buffer: inout [UInt8]) throws(JSONSyntaxError) {
        let escapeStart = index
        index += 1  // backslash
        guard index < bytes.count else { throw failure("unterminated string (no closing '\"')") }
        let simple: UInt8?
        switch bytes[index] {
        case UInt8(ascii: "\""): simple = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): simple = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): simple = UInt8(ascii: "/")
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"): simple = nil
        default:
            throw failure("invalid escape '\\\(scalarDescription(at: index))' in a string", at: escapeStart)
        }
        if let simple {
            buffer.append(simple)
            index += 1
            return
        }
        index += 1  // u
        var scalarValue = try readHex4(escapeStart: escapeStart)
        if (0xD800...0xDBFF).contains(scalarValue),
            index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
        {
            let save = index
            index += 2
            let low = try readHex4(escapeStart: save)
            if (0xDC00...0xDFFF).contains(low) {
                scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
            } else {
                index = save  // not a pair: the high surrogate stands alone
            }
        }
        let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
        buffer.append(contentsOf: String(Character(scalar)).utf8)
    }

    private mutating func readHex4(escapeStart: Int) throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = bytes[index].hexDigitValue else {
                throw failure("invalid \\u escape: expected 4 hexadecimal digits", at: escapeStart)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func readNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        if peek(UInt8(ascii: "-")) { index += 1 }
        if peek(UInt8(ascii: "0")) {
            index += 1
            if peekDigit() { throw failure("numbers must not have leading zeros", at: start) }
        } else if peekDigit() {
            while peekDigit() { index += 1 }
        } else {
            throw failure("expected a digit after '-', found \(currentDescription)")
        }
        let integerEnd = index
        if peek(UInt8(ascii: ".")) {
            index += 1
            guard peekDigit() else { throw failure("expected a digit after '.', found \(currentDescription)") }
            while peekDigit() { index += 1 }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            index += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { index += 1 }
            guard peekDigit() else { throw failure("expected a digit in the exponent, found \(currentDescription)") }
            while peekDigit() { index += 1 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text) else { throw failure("invalid number \(text)", at: start) }
        // Up to 2^53 every integer is exact in a Double; compared as digits, since the Double
        // has already rounded (JSON allows no leading zeros, so equal lengths compare as text).
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        if integerEnd == index, digits.count > 16 || (digits.count == 16 && digits > "9007199254740992") {
            return .bigInteger(text)
        }
        return .number(value)
    }

    private mutating func readWord() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        while index < bytes.count, Self.isWordByte(bytes[index]) { index += 1 }
        let word = String(decoding: bytes[start..<index], as: UTF8.self)
        switch word {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        case "NaN" where likePython: return .number(.nan)
        case "Infinity" where likePython: return .number(.infinity)
        default:
            throw failure("unknown word '\(word)' (JSON has only true, false and null)", at: start)
        }
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            true
        default: false
        }
    }

    // MARK: - Helpers

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func peek(_ byte: UInt8) -> Bool {
        index < bytes.count && bytes[index] == byte
    }

    private func peekDigit() -> Bool {
        index < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index])
    }

    /// The character at the reading position, quoted, or `end of file`.
    private var currentDescription: String {
        index < bytes.count ? "'\(scalarDescription(at: index))'" : "end of file"
    }

    /// The Unicode scalar starting at byte `offset`, printable, or `U+XXXX` for control characters.
    private func scalarDescription(at offset: Int) -> String {
        let end = min(bytes.count, offset + 4)
        var iterator = bytes[offset..<end].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) {
            if scalar.properties.generalCategory == .control || scalar == " " {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            }
            return String(Character(scalar))
        }
        return "byte 0x" + String(bytes[offset], radix: 16, uppercase: true)
    }

    private func failure(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        let offset = offset ?? index
        return JSONSyntaxError(position: SourcePosition(offset: offset, in: bytes), offset: offset, message: message)
    }
}
