/// The vocabulary of OSWorld's Ubuntu accessibility XML: its namespaces, and the rules that keep
/// what an application says (names, roles, attribute keys, text) well-formed XML.
///
/// OSWorld's server builds the tree with lxml, which refuses invalid names and characters by
/// raising, and a raise there silently drops the rest of a node's children. Here nothing raises:
/// characters XML 1.0 forbids are dropped and invalid names are repaired, so one odd application
/// cannot cost the rest of the tree.
public enum OSWorldXML {
    /// The namespaces the root element declares, as (prefix, URI), in the order OSWorld's server
    /// lists them; lxml writes an element's declarations in its nsmap's insertion order.
    public static let namespaces: [(prefix: String, uri: String)] = [
        ("st", "https://accessibility.ubuntu.example.org/ns/state"),
        ("attr", "https://accessibility.ubuntu.example.org/ns/attributes"),
        ("cp", "https://accessibility.ubuntu.example.org/ns/component"),
        ("doc", "https://accessibility.ubuntu.example.org/ns/document"),
        ("docattr", "https://accessibility.ubuntu.example.org/ns/document/attributes"),
        ("txt", "https://accessibility.ubuntu.example.org/ns/text"),
        ("val", "https://accessibility.ubuntu.example.org/ns/value"),
        ("act", "https://accessibility.ubuntu.example.org/ns/action"),
    ]

    /// The root element's name: OSWorld's server names it so itself, whatever the desktop's role.
    public static let rootTag = "desktop-frame"

    /// The element name OSWorld gives an object of role `role`: the role trimmed, `unknown` when
    /// empty, spaces as `-`; then repaired into a valid name (see ``validName(_:replacement:)``).
    public static func tag(forRole role: String) -> String {
        let trimmed = trimmingPythonWhitespace(role)
        let raw = trimmed.isEmpty ? "unknown" : trimmed
        return validName(raw, replacement: "-")
    }

    /// `name` as a valid XML name with no colon, so that it parses in any XML parser (expat,
    /// libxml2, Foundation's) and cannot claim a namespace prefix: every character outside
    /// ASCII letters, digits, `.`, `-` and `_` becomes `replacement`, and a name that is empty or
    /// does not start with a letter or `_` gets a leading `_`.
    ///
    /// Names are kept to ASCII because parsers disagree on which other characters names may
    /// hold (expat follows XML 1.0's older tables, libxml2 the fifth edition's); AT-SPI's role,
    /// state and action names are ASCII anyway. A valid ASCII name is returned unchanged.
    public static func validName(_ name: String, replacement: Character) -> String {
        var isValid = !name.utf8.isEmpty
        for (offset, byte) in name.utf8.enumerated() where !(offset == 0 ? isNameStart(byte) : isNameByte(byte)) {
            isValid = false
            break
        }
        if isValid { return name }
        var result = ""
        for scalar in name.unicodeScalars {
            if scalar.isASCII, isNameByte(UInt8(scalar.value)) {
                result.unicodeScalars.append(scalar)
            } else {
                result.append(replacement)
            }
        }
        if let first = result.utf8.first, isNameStart(first) { return result }
        return "_" + result
    }

    /// `text` without the characters XML 1.0 does not allow anywhere (C0 controls other than tab,
    /// line feed and carriage return; U+FFFE and U+FFFF), which lxml refuses to hold.
    public static func xmlCharacters(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !isXMLCharacter($0) }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where isXMLCharacter(scalar) { result.append(scalar) }
        return String(result)
    }

    /// Whether XML 1.0 allows `scalar` in a document (Swift scalars are never surrogates).
    static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: true
        case 0x00..<0x20: false
        case 0xFFFE, 0xFFFF: false
        default: true
        }
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E
    }

    /// Python's `str.strip()` with no argument: its whitespace is Unicode's White_Space plus the
    /// four ASCII information separators (U+001C-U+001F).
    static func trimmingPythonWhitespace(_ text: String) -> String {
        // Role names almost always start and end with a letter: no scalar walk for them.
        if let first = text.utf8.first, let last = text.utf8.last, isNameByte(first), isNameByte(last) { return text }
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
        }
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !isSpace($0) }),
            let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(scalars[start...last])
    }

    /// Appends `text` as lxml (libxml2) writes an attribute value inside double quotes: `&`, `<`,
    /// `>` and `"` as entities, tab, line feed and carriage return as character references (so a
    /// parser's attribute-value normalisation gives them back), other characters as they are.
    /// Characters XML forbids are dropped.
    static func appendAttributeValue(_ text: String, to output: inout String) {
        appendEscaped(text, to: &output, isAttribute: true)
    }

    /// Appends `text` as libxml2 writes element content: `&`, `<`, `>` as entities and carriage
    /// return as `&#13;` (a parser would turn a raw one into a line feed). Characters XML forbids
    /// are dropped.
    static func appendText(_ text: String, to output: inout String) {
        appendEscaped(text, to: &output, isAttribute: false)
    }

    private static func appendEscaped(_ text: String, to output: inout String, isAttribute: Bool) {
        // Most names and texts need no escaping; a byte scan is far cheaper than a scalar walk.
        // 0xEF leads the UTF-8 of U+FFFE and U+FFFF, so it sends the text the slow way too.
        let needsWork = text.utf8.contains { byte in
            byte < 0x20 || byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0xEF || (isAttribute && byte == 0x22)
        }
        guard needsWork else {
            output.append(text)
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output.append("&amp;")
            case "<": output.append("&lt;")
            case ">": output.append("&gt;")
            case "\r": output.append("&#13;")
            case "\"" where isAttribute: output.append("&quot;")
            case "\n" where isAttribute: output.append("&#10;")
            case "\t" where isAttribute: output.append("&#9;")
            default:
                if isXMLCharacter(scalar) { output.unicodeScalars.append(scalar) }
            }
        }
    }

    /// `text` as a cell of OSWorld's tables: `""` when empty, CSV-quoted (quotes doubled, the
    /// whole in quotes) when it holds `"`, as it is otherwise.
    static func textCell(_ text: String) -> String {
        if text.isEmpty { return "\"\"" }
        guard text.utf8.contains(0x22) else { return text }
        var quoted = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\"" { quoted.append("\"\"") } else { quoted.unicodeScalars.append(scalar) }
        }
        return quoted + "\""
    }

    /// `value` as Python's `str()` writes a float (its shortest round-trip `repr`): `1.0`, `0.5`,
    /// `100.0`, `1e-05`, `1e+16`, `inf`, `nan`. OSWorld's server writes Value objects this way.
    ///
    /// Swift's `description` already gives the shortest digits that round-trip (as Python's does);
    /// only the layout differs, so the digits are taken from it and laid out by Python's rule:
    /// positional notation while the decimal exponent is within -4 < e <= 16, otherwise scientific
    /// with a signed exponent of at least two digits.
    public static func pythonString(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let sign = value.sign == .minus ? "-" : ""
        let swift = value.magnitude.description
        let parts = swift.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let pieces = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integerDigits = pieces[0]
        let fractionDigits = pieces.count > 1 ? pieces[1] : ""
        var digits = Array(integerDigits.utf8) + Array(fractionDigits.utf8)
        // The decimal point sits after `point` digits: value = 0.d1d2… × 10^point.
        var point = integerDigits.utf8.count + exponent
        let leadingZeros = digits.prefix { $0 == 0x30 }.count
        digits.removeFirst(leadingZeros)
        point -= leadingZeros
        while digits.last == 0x30 { digits.removeLast() }
        if digits.isEmpty { return sign + "0.0" }
        let text = String(decoding: digits, as: UTF8.self)
        if point <= -4 || point > 16 {
            let power = point - 1
            let head = String(text.prefix(1))
            let tail = String(text.dropFirst())
            let exponentDigits = String(power.magnitude)
            let paddedExponent = exponentDigits.count < 2 ? "0" + exponentDigits : exponentDigits
            return sign + head + (tail.isEmpty ? "" : "." + tail) + "e" + (power < 0 ? "-" : "+") + paddedExponent
        }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + text }
        if point >= digits.count { return sign + text + String(repeating: "0", count: point - digits.count) + ".0" }
        return sign + String(text.prefix(point)) + "." + String(text.dropFirst(point))
    }
}
