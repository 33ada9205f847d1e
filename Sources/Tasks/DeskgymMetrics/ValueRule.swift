import DeskgymCore
import Foundation

/// One `{"method": …, "ref": …}` rule of OSWorld's `_match_value_to_rule`, as `check_json` and
/// `compare_table`'s `check_cell` use them.
///
/// Methods: `re` (optionally `re.FLAG.FLAG`: `re.search(ref, value)`), `eq` `ne` `lt` `le` `gt` `ge`
/// (Python comparison of value with ref), `approx:T` (`abs(float(value) - ref) <= T`, false when the
/// value is not a number), `range.XY` with X, Y ∈ {t, e} (`ref[0] <X value <Y ref[1]`, `t` strict),
/// `str_list_eq` / `str_set_eq` (the value, stripped of quotes and split at commas, equals `ref` as a
/// list / set). OSWorld's `spreadsheet_range` is not supported.
struct ValueRule: Sendable, Hashable {
    enum Method: Sendable, Hashable {
        case regex(flags: [String])
        case compare(String)
        case approx(Double)
        case range(leftStrict: Bool, rightStrict: Bool)
        case strList, strSet
    }

    var method: Method
    var methodName: String
    var ref: JSONValue?

    /// Reads a rule object; throws for an unknown method or a malformed one.
    init(_ rule: JSONValue, metric: String, at path: String) throws(MetricError) {
        guard let object = rule.objectValue else {
            throw MetricError(.malformedOptions, metric: metric, "\(path) must be an object with 'method' and 'ref', not \(rule.typeName)")
        }
        guard let name = object["method"]?.stringValue else {
            throw MetricError(.malformedOptions, metric: metric, "\(path).method must be a string")
        }
        methodName = name
        ref = object["ref"]
        if name.hasPrefix("re") {
            method = .regex(flags: name.split(separator: ".").dropFirst().map(String.init))
        } else if ["eq", "ne", "lt", "le", "gt", "ge"].contains(name) {
            method = .compare(name)
        } else if name.hasPrefix("approx") {
            let parts = name.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 2, let threshold = Double(parts[1].trimmingCharacters(in: .whitespaces)) else {
                throw MetricError(.malformedOptions, metric: metric, "\(path).method '\(name)' must be 'approx:THRESHOLD'")
            }
            method = .approx(threshold)
        } else if name.hasPrefix("range.") {
            let letters = Array(name.dropFirst(6))
            guard letters.count >= 2, "te".contains(letters[0]), "te".contains(letters[1]) else {
                throw MetricError(
                    .malformedOptions, metric: metric, "\(path).method '\(name)' must be range.tt, range.te, range.et or range.ee")
            }
            method = .range(leftStrict: letters[0] == "t", rightStrict: letters[1] == "t")
        } else if name == "str_list_eq" {
            method = .strList
        } else if name == "str_set_eq" {
            method = .strSet
        } else if name == "spreadsheet_range" {
            throw MetricError(.unsupported, metric: metric, "\(path).method 'spreadsheet_range' is not supported")
        } else {
            throw MetricError(
                .malformedOptions, metric: metric,
                "\(path).method '\(name)' is not a known method (re, eq, ne, lt, le, gt, ge, approx:T, range.XY, str_list_eq, str_set_eq)")
        }
    }

    /// Whether `value` (nil: Python `None`) satisfies the rule; throws where Python would raise.
    func matches(_ value: JSONValue?) throws(PythonTypeError) -> Bool {
        let value = value ?? .null
        switch method {
        case .regex(let flags):
            guard case .string(let pattern)? = ref else {
                throw PythonTypeError("re.search needs a string pattern as ref, not \(ref?.pythonTypeName ?? "NoneType")")
            }
            guard case .string(let text) = value else {
                throw PythonTypeError("re.search needs a string, not \(value.pythonTypeName) (\(value.pythonRepr))")
            }
            do {
                return try PythonRegex(pattern, flags: flags).search(text)
            } catch {
                throw PythonTypeError("\(error)")
            }
        case .compare(let name):
            let ref = self.ref ?? .null
            switch name {
            case "eq": return value.pythonEquals(ref)
            case "ne": return !value.pythonEquals(ref)
            case "lt": return try value.pythonCompare(ref) < 0
            case "le": return try value.pythonCompare(ref) <= 0
            case "gt": return try value.pythonCompare(ref) > 0
            default: return try value.pythonCompare(ref) >= 0
            }
        case .approx(let threshold):
            guard let number = Self.pythonFloat(value) else { return false }
            guard let reference = ref?.pythonNumber else {
                throw PythonTypeError("approx needs a number as ref, not \(ref?.pythonTypeName ?? "NoneType")")
            }
            return Swift.abs(number - reference) <= threshold
        case .range(let leftStrict, let rightStrict):
            guard case .array(let bounds)? = ref, bounds.count >= 2 else {
                throw PythonTypeError("range needs [low, high] as ref")
            }
            let low = try bounds[0].pythonCompare(value)
            guard leftStrict ? low < 0 : low <= 0 else { return false }
            let high = try value.pythonCompare(bounds[1])
            return rightStrict ? high < 0 : high <= 0
        case .strList, .strSet:
            guard case .string(let text) = value else {
                throw PythonTypeError("'\(value.pythonTypeName)' object has no attribute 'strip'")
            }
            let items = text.pythonStrip("\"'").components(separatedBy: ",")
            let wanted: [JSONValue]
            switch ref {
            case .array(let values)?: wanted = values
            case .string(let string)?: wanted = string.map { .string(String($0)) }
            default: throw PythonTypeError("\(methodName) needs a list as ref")
            }
            if method == .strList {
                return items.count == wanted.count && zip(items, wanted).allSatisfy { JSONValue.string($0).pythonEquals($1) }
            }
            let have = Set(items.map { Array($0.utf8) })
            var want = Set<[UInt8]>()
            for item in wanted {
                guard case .string(let string) = item else { return false }
                want.insert(Array(string.utf8))
            }
            return have == want
        }
    }

    /// Python `float(value)`: numbers, booleans, and strings that read as a number.
    static func pythonFloat(_ value: JSONValue) -> Double? {
        switch value {
        case .number, .bool: return value.pythonNumber
        case .string(let text):
            let trimmed = text.pythonStrip().replacingOccurrences(of: "_", with: "")
            switch trimmed.lowercased() {
            case "inf", "+inf", "infinity", "+infinity": return .infinity
            case "-inf", "-infinity": return -.infinity
            case "nan", "+nan", "-nan": return .nan
            default: break
            }
            guard !trimmed.isEmpty, trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) else { return nil }
            return Double(trimmed)
        default: return nil
        }
    }
}
