import DeskgymCore
import Foundation

/// Python semantics for JSON values as `json.load` gives them (dict, list, str, int/float, bool,
/// None), which OSWorld's metrics compare with `==`, `<`, `in` and `str()`.
extension JSONValue {
    /// Python `==`: numbers compare by value and `True == 1`; strings by code points; lists
    /// element-wise; dicts by keys and values; `None` only equals `None`.
    package func pythonEquals(_ other: JSONValue) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case let (.string(a), .string(b)): return a.pythonEquals(b)
        case let (.array(a), .array(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.pythonEquals($1) }
        case let (.object(a), .object(b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { value.pythonEquals($0) } ?? false }
        default:
            if let order = exactIntegerCompare(other) { return order == 0 }
            if let a = pythonNumber, let b = other.pythonNumber { return a == b }
            return false
        }
    }

    /// The value as a Python number: numbers, and booleans (Python's `bool` is an `int`). A big
    /// integer comes out rounded; `==` and `<` compare it exactly instead.
    var pythonNumber: Double? {
        switch self {
        case .number(let value): value
        case .bigInteger(let digits): Double(digits)
        case .bool(let value): value ? 1 : 0
        default: nil
        }
    }

    /// Python's comparison when one side is a big integer and the other a number: -1, 0 or 1
    /// exactly, Int.min when NaN makes every comparison false; nil when neither side is a big
    /// integer (or one is not a number).
    private func exactIntegerCompare(_ other: JSONValue) -> Int? {
        func exact(_ value: JSONValue) -> ExactInteger? {
            switch value {
            case .bigInteger(let digits): ExactInteger(digits)
            case .bool(let flag): ExactInteger(flag ? "1" : "0")
            case .number(let number): ExactInteger(exactly: number)
            default: nil
            }
        }
        switch (self, other) {
        case (.bigInteger, .bigInteger), (.bigInteger, .bool), (.bool, .bigInteger):
            guard let a = exact(self), let b = exact(other) else { return nil }
            return a < b ? -1 : (b < a ? 1 : 0)
        case let (.bigInteger(digits), .number(number)):
            return ExactInteger(digits)?.compare(toFloat: number) ?? Int.min
        case let (.number(number), .bigInteger(digits)):
            return ExactInteger(digits)?.compare(toFloat: number).map { -$0 } ?? Int.min
        default:
            return nil
        }
    }

    /// Python `<`/`>` ordering: -1, 0 or 1. Numbers (and booleans) by value, strings by code point,
    /// lists lexicographically; anything else raises `TypeError` in Python, and throws here.
    func pythonCompare(_ other: JSONValue) throws(PythonTypeError) -> Int {
        if let order = exactIntegerCompare(other) { return order == Int.min ? 0 : order }
        if let a = pythonNumber, let b = other.pythonNumber {
            return a < b ? -1 : (a > b ? 1 : 0)
        }
        switch (self, other) {
        case let (.string(a), .string(b)):
            return a.pythonCompare(b)
        case let (.array(a), .array(b)):
            for (x, y) in zip(a, b) where !x.pythonEquals(y) {
                return try x.pythonCompare(y)
            }
            return a.count < b.count ? -1 : (a.count > b.count ? 1 : 0)
        default:
            throw PythonTypeError("'<' not supported between instances of '\(pythonTypeName)' and '\(other.pythonTypeName)'")
        }
    }

    /// Python's name for the type `json.load` gives this value.
    package var pythonTypeName: String {
        switch self {
        case .null: "NoneType"
        case .bool: "bool"
        case .number(let value): value.isPythonInt ? "int" : "float"
        case .bigInteger: "int"
        case .string: "str"
        case .array: "list"
        case .object: "dict"
        }
    }

    /// Python `bool(value)`.
    package var pythonTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .number(let value): value != 0
        case .bigInteger: true
        case .string(let value): !value.isEmpty
        case .array(let value): !value.isEmpty
        case .object(let value): !value.isEmpty
        }
    }

    /// Python `str(value)`: a string is itself, everything else is its `repr`.
    var pythonStr: String {
        if case .string(let value) = self { return value }
        return pythonRepr
    }

    /// Python `repr(value)`. JSON does not keep whether a whole number was written `1` or `1.0`;
    /// whole numbers print as ints, as `json.load` gives for the usual `1`.
    package var pythonRepr: String {
        switch self {
        case .null: return "None"
        case .bool(let value): return value ? "True" : "False"
        case .number(let value): return value.isPythonInt ? String(Int64(value)) : value.pythonFloatRepr
        case .bigInteger(let digits): return digits
        case .string(let value): return value.pythonRepr
        case .array(let values): return "[" + values.map(\.pythonRepr).joined(separator: ", ") + "]"
        case .object(let members):
            // Python keeps insertion order, which a Swift dictionary does not: sort for stability.
            let items = members.sorted { $0.key.pythonCompare($1.key) < 0 }
            return "{" + items.map { "\($0.key.pythonRepr): \($0.value.pythonRepr)" }.joined(separator: ", ") + "}"
        }
    }
}

extension Double {
    /// Whether `json.load` would most likely have produced an `int` for this number.
    var isPythonInt: Bool {
        isFinite && rounded() == self && Swift.abs(self) < 1e16
    }

    /// Python `repr(float)`: the shortest round-trip digits, with ".0" on whole numbers and an
    /// exponent below 1e-4 and from 1e16 on.
    var pythonFloatRepr: String {
        if isNaN { return "nan" }
        if isInfinite { return self < 0 ? "-inf" : "inf" }
        if self == 0 { return sign == .minus ? "-0.0" : "0.0" }
        // Swift's description gives the same shortest digits; only the layout differs.
        let text = description
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        var mantissa = body, exponent = 0
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = String(body[..<e])
            exponent = Int(body[body.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        var intPart = String(parts[0])
        var fracPart = parts.count > 1 ? String(parts[1]) : ""
        if fracPart.allSatisfy({ $0 == "0" }) { fracPart = "" }
        // Digits and decimal exponent: value = 0.d1d2d3… × 10^point.
        var digits = intPart + fracPart
        var point = intPart.count + exponent
        while digits.hasPrefix("0") && digits.count > 1 { digits.removeFirst(); point -= 1 }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        let decimalExponent = point - 1
        var out: String
        if decimalExponent < -4 || decimalExponent >= 16 {
            out = String(digits.first!)
            if digits.count > 1 { out += "." + digits.dropFirst() }
            out += "e" + (decimalExponent < 0 ? "-" : "+")
            let magnitude = Swift.abs(decimalExponent)
            out += magnitude < 10 ? "0\(magnitude)" : "\(magnitude)"
        } else if point <= 0 {
            out = "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            out = digits + String(repeating: "0", count: point - digits.count) + ".0"
        } else {
            intPart = String(digits.prefix(point))
            fracPart = String(digits.dropFirst(point))
            out = intPart + "." + fracPart
        }
        return negative ? "-" + out : out
    }
}

extension String {
    /// Python `repr(str)`: single quotes unless the text has a single quote and no double quote.
    package var pythonRepr: String {
        let quote: Character = contains("'") && !contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(scalar) == quote {
                    out += "\\" + String(quote)
                } else if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\x%02x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append(quote)
        return out
    }
}
