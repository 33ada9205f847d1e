/// Python source spellings of values, as `repr()` writes them.
enum PythonLiteral {
    /// A string literal that Python reads back as `text`: single quotes unless the text holds a
    /// single quote and no double quote, and escapes only where `repr()` uses them (so `'café'`
    /// stays readable).
    static func string(_ text: String) -> String {
        let quote: Unicode.Scalar = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var result = String.UnicodeScalarView()
        result.append(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result.append(contentsOf: "\\\\".unicodeScalars)
            case quote: result.append(contentsOf: "\\\(quote)".unicodeScalars)
            case "\n": result.append(contentsOf: "\\n".unicodeScalars)
            case "\r": result.append(contentsOf: "\\r".unicodeScalars)
            case "\t": result.append(contentsOf: "\\t".unicodeScalars)
            default:
                if isPrintable(scalar) {
                    result.append(scalar)
                } else {
                    result.append(contentsOf: escaped(scalar).unicodeScalars)
                }
            }
        }
        result.append(quote)
        return String(result)
    }

    /// What a one-character escape of a string literal stands for (`\n` a newline, `\'` a
    /// quote), or nil when `escape` starts a longer escape or is not one Python knows.
    static func singleCharacterEscape(_ escape: Unicode.Scalar) -> Unicode.Scalar? {
        switch escape {
        case "\\", "'", "\"": escape
        case "n": "\n"
        case "t": "\t"
        case "r": "\r"
        case "a": "\u{07}"
        case "b": "\u{08}"
        case "f": "\u{0C}"
        case "v": "\u{0B}"
        default: nil
        }
    }

    /// A number literal for seconds: an integer when whole (`2`), otherwise the shortest decimal
    /// that reads back as the same double (`0.1`).
    static func number(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            return String(Int(value))
        }
        return value.isFinite ? "\(value)" : "float('\(value)')"
    }

    /// Python's `str.isprintable()`: everything except controls, format characters, separators
    /// other than the space, surrogates, private use and unassigned code points.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
            return false
        case .spaceSeparator:
            return scalar == " "
        default:
            return true
        }
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        if scalar.value <= 0xFF { return "\\x" + padded(hex, 2) }
        if scalar.value <= 0xFFFF { return "\\u" + padded(hex, 4) }
        return "\\U" + padded(hex, 8)
    }

    private static func padded(_ hex: String, _ width: Int) -> String {
        String(repeating: "0", count: max(0, width - hex.count)) + hex
    }
}
