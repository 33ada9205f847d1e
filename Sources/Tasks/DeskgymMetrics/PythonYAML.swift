import DeskgymCore
import Foundation
import Yams

/// PyYAML's `yaml.safe_load`, which OSWorld's `check_json` uses with `is_yaml`: YAML 1.1 as
/// PyYAML resolves and constructs it, turned into a JSON value.
///
/// Yams (libyaml) only parses; the tags of plain scalars are resolved here by PyYAML's own
/// YAML 1.1 rules rather than Yams' defaults, which differ: `yes`/`no`/`on`/`off` are booleans;
/// `0755` is octal, `0x1F` hex, `0b101` binary and `1:30` sexagesimal; a float needs a dot
/// (`1e3` and `1.0e3` stay strings, `1.0e+3` is 1000.0); `~`, `null` and an empty value are
/// null; `2024-01-15` is a date; `=` has no constructor and `<<` merges mappings. Quoted
/// scalars are strings. Explicit tags `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`,
/// `!!timestamp`, `!!binary`, `!!seq`, `!!map`, `!!omap` and `!!pairs` construct as PyYAML's
/// safe constructor does; any other tag is an error, as it is there, except `!!set`, which PyYAML
/// reads as a Python set and Deskgym refuses (no OSWorld task writes one).
///
/// Where JSON has no type for PyYAML's value, the value becomes a one-member object that equals
/// no string, number or list, as Python's does not: a date or date-time is
/// `{"$python_datetime": "<str() of it>"}` and binary data `{"$python_bytes": "<base64>"}`.
/// Mapping keys that are not strings (`1:`, `yes:`, `null:`; PyYAML keeps them as int, bool
/// and None keys) are left out: no path of string keys reaches them in Python either. Integers
/// beyond 2^53 stay exact (``JSONValue/bigInteger(_:)``). One difference remains: a mapping that
/// repeats a key is refused (Yams' composer refuses it), where PyYAML keeps the last value.
enum PythonYAML {
    /// Nesting deeper than this is refused (libyaml itself stops at 1000 levels; this converter
    /// recurses once per level too).
    static let maximumDepth = 512
    /// At most this many values are built, so that aliases nested into aliases (a "billion
    /// laughs" file) cannot expand without end: PyYAML shares aliased objects, JSON copies them.
    static let maximumValues = 1_000_000

    /// The document in `text` as `yaml.safe_load` reads it (`.null` for an empty document).
    ///
    /// - Throws: `PythonYAMLError` with the position where the YAML is malformed, holds more than
    ///   one document, or has a value PyYAML's safe loader refuses.
    static func safeLoad(_ text: String) throws(PythonYAMLError) -> JSONValue {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, plainResolver)
        } catch {
            throw PythonYAMLError("\(error)")
        }
        guard let root else { return .null }
        var builder = Builder()
        return try builder.value(root, depth: 0)
    }

    /// Yams resolves the tags of mapping keys in place while composing (to look for repeated
    /// keys), so a plain scalar cannot be left untagged: this resolver marks every plain,
    /// untagged scalar with ``plain``, which ``plainTag(_:)`` then resolves by PyYAML's rules.
    private static let plainResolver = try! Resolver.basic.appending(plain, "^")
    /// The tag that marks a plain scalar without a tag of its own.
    static let plain = Tag.Name(rawValue: "tag:deskgym,2026:plain")

    /// The decoder ``MetricContext`` hands to `check_json`.
    static let decoder: MetricContext.YAMLDecoder = { text in try safeLoad(text) }

    /// Turns composed nodes into values, counting them.
    private struct Builder {
        var count = 0

        mutating func value(_ node: Node, depth: Int) throws(PythonYAMLError) -> JSONValue {
            count += 1
            guard count <= PythonYAML.maximumValues else {
                throw PythonYAMLError("the document expands to more than \(PythonYAML.maximumValues) values", node)
            }
            guard depth <= PythonYAML.maximumDepth else {
                throw PythonYAMLError("nested deeper than \(PythonYAML.maximumDepth) levels", node)
            }
            switch node {
            case .scalar(let scalar):
                return try PythonYAML.scalar(scalar, node)
            case .sequence(let sequence):
                let tag = Tag.Name(rawValue: sequence.tag.rawValue)
                guard tag == .implicit || tag == .nonSpecific || tag == .seq || tag == .omap || tag == .pairs else {
                    throw PythonYAMLError("no constructor for the tag '\(tag.rawValue)' on a sequence", node)
                }
                var items: [JSONValue] = []
                for item in sequence {
                    if tag == .omap || tag == .pairs {
                        // PyYAML gives a list of (key, value) tuples; a one-pair mapping each.
                        guard case .mapping(let pair) = item, pair.count == 1, let (key, pairValue) = pair.first else {
                            throw PythonYAMLError("an !!\(tag == .omap ? "omap" : "pairs") item must be a one-pair mapping", item)
                        }
                        items.append(.array([try value(key, depth: depth + 1), try value(pairValue, depth: depth + 1)]))
                    } else {
                        items.append(try value(item, depth: depth + 1))
                    }
                }
                return .array(items)
            case .mapping(let mapping):
                let tag = Tag.Name(rawValue: mapping.tag.rawValue)
                guard tag == .implicit || tag == .nonSpecific || tag == .map else {
                    throw PythonYAMLError("no constructor for the tag '\(tag.rawValue)' on a mapping", node)
                }
                var members: [String: JSONValue] = [:]
                // Later pairs win, as dict assignment does in PyYAML: merged pairs come first.
                for (key, memberValue) in try flattened(mapping, node, depth: depth) {
                    guard case .scalar = key else {
                        throw PythonYAMLError("found an unhashable key (\(key.kindName)) in a mapping", key)
                    }
                    // A `=` key is the string "=" (PyYAML retags it). Only str keys are kept; an
                    // int, bool, None or date key is left out.
                    let keyValue: JSONValue
                    if case .scalar(let scalar) = key, PythonYAML.plainTag(scalar) == .value {
                        keyValue = .string(scalar.string)
                    } else {
                        keyValue = try value(key, depth: depth + 1)
                    }
                    guard case .string(let name) = keyValue else { continue }
                    members[name] = try value(memberValue, depth: depth + 1)
                }
                return .object(members)
            case .alias:
                // Yams resolves aliases while composing; one left here has no anchor.
                throw PythonYAMLError("an alias whose anchor was not found", node)
            }
        }

        /// PyYAML's `flatten_mapping`: the pairs of mappings merged in with `<<` (a mapping or a
        /// list of them, the earlier ones winning), then the mapping's own pairs; a `=` key is
        /// the string "=".
        func flattened(_ mapping: Node.Mapping, _ node: Node, depth: Int) throws(PythonYAMLError) -> [(Node, Node)] {
            guard depth <= PythonYAML.maximumDepth else {
                throw PythonYAMLError("merges nested deeper than \(PythonYAML.maximumDepth) levels", node)
            }
            var merged: [(Node, Node)] = []
            var own: [(Node, Node)] = []
            for (key, value) in mapping {
                guard case .scalar(let scalar) = key, PythonYAML.plainTag(scalar) == .merge else {
                    own.append((key, value))
                    continue
                }
                switch value {
                case .mapping(let source):
                    merged += try flattened(source, value, depth: depth + 1)
                case .sequence(let sources):
                    var parts: [[(Node, Node)]] = []
                    for source in sources {
                        guard case .mapping(let sourceMapping) = source else {
                            throw PythonYAMLError("expected a mapping for merging, but found \(source.kindName)", source)
                        }
                        parts.append(try flattened(sourceMapping, source, depth: depth + 1))
                    }
                    for part in parts.reversed() { merged += part }
                default:
                    throw PythonYAMLError("expected a mapping or list of mappings for merging, but found \(value.kindName)", value)
                }
            }
            return merged + own
        }
    }

    /// The tag PyYAML's resolver gives a scalar: its explicit tag, `str` when quoted or tagged
    /// "!", else the first YAML 1.1 rule its text matches (in PyYAML's order).
    static func plainTag(_ scalar: Node.Scalar) -> Tag.Name {
        let tag = Tag.Name(rawValue: scalar.tag.rawValue)
        if tag == .nonSpecific { return .str }
        guard tag == .implicit || tag == plain else { return tag }
        if scalar.style != .plain { return .str }
        let text = scalar.string
        for (name, rule) in rules where rule.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
            return name
        }
        return .str
    }

    /// PyYAML's implicit resolvers, in the order it tries them.
    static let rules: [(Tag.Name, NSRegularExpression)] =
        ([

            (.bool, "^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"),
            (
                .float,
                "^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
                    + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$"
            ),
            (.int, "^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"),
            (.merge, "^(?:<<)$"),
            (.null, "^(?:~|null|Null|NULL|)$"),
            (
                .timestamp,
                "^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
                    + "(?:[Tt]|[ \\t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$"
            ),
            (.value, "^(?:=)$"),
        ] as [(Tag.Name, String)]).map { ($0.0, try! NSRegularExpression(pattern: $0.1)) }

    /// A scalar as PyYAML's safe constructor builds it.
    static func scalar(_ scalar: Node.Scalar, _ node: Node) throws(PythonYAMLError) -> JSONValue {
        let text = scalar.string
        switch plainTag(scalar) {
        case .str: return .string(text)
        case .null: return .null
        case .bool:
            switch text.lowercased() {
            case "yes", "true", "on": return .bool(true)
            case "no", "false", "off": return .bool(false)
            default: throw PythonYAMLError("\(text.pythonRepr) is not a boolean", node)
            }
        case .int:
            guard let value = integer(text) else { throw PythonYAMLError("invalid literal for int(): \(text.pythonRepr)", node) }
            return value.jsonValue
        case .float:
            guard let value = float(text) else { throw PythonYAMLError("could not convert string to float: \(text.pythonRepr)", node) }
            return .number(value)
        case .timestamp:
            guard let value = timestamp(text) else { throw PythonYAMLError("\(text.pythonRepr) is not a valid date", node) }
            return .object(["$python_datetime": .string(value)])
        case .binary:
            let base64 = text.filter { !$0.isWhitespace }
            guard Data(base64Encoded: base64) != nil else { throw PythonYAMLError("failed to decode base64 data", node) }
            return .object(["$python_bytes": .string(base64)])
        default:
            throw PythonYAMLError("could not determine a constructor for the tag '\(plainTag(scalar).rawValue)'", node)
        }
    }

    /// `construct_yaml_int`: underscores dropped, an optional sign, then 0b binary, 0x hex, a
    /// leading 0 octal, `a:b:c` base 60, or decimal.
    static func integer(_ text: String) -> ExactInteger? {
        var body = Substring(text.replacingOccurrences(of: "_", with: ""))
        guard let first = body.first else { return nil }
        let negative = first == "-"
        if first == "-" || first == "+" { body = body.dropFirst() }
        if body == "0" { return ExactInteger("0") }
        if body.hasPrefix("0b") { return ExactInteger(digits: body.dropFirst(2), radix: 2, negative: negative) }
        if body.hasPrefix("0x") { return ExactInteger(digits: body.dropFirst(2), radix: 16, negative: negative) }
        if body.hasPrefix("0") { return ExactInteger(digits: body, radix: 8, negative: negative) }
        if body.contains(":") {
            return ExactInteger(sexagesimal: body.split(separator: ":", omittingEmptySubsequences: false), negative: negative)
        }
        return ExactInteger(digits: body, radix: 10, negative: negative)
    }

    /// `construct_yaml_float`: underscores dropped, lower-cased, an optional sign, then `.inf`,
    /// `.nan`, `a:b:c.d` base 60, or Python's `float()`.
    static func float(_ text: String) -> Double? {
        var body = Substring(text.replacingOccurrences(of: "_", with: "").lowercased())
        guard let first = body.first else { return nil }
        let sign: Double = first == "-" ? -1 : 1
        if first == "-" || first == "+" { body = body.dropFirst() }
        if body == ".inf" { return sign * .infinity }
        if body == ".nan" { return .nan }
        if body.contains(":") {
            var total = 0.0, base = 1.0
            for part in body.split(separator: ":", omittingEmptySubsequences: false).reversed() {
                guard let digit = pythonFloat(part) else { return nil }
                total += digit * base
                base *= 60
            }
            return sign * total
        }
        return pythonFloat(body).map { sign * $0 }
    }

    /// Python's `float()` of the digits, points and exponents the float rule lets through ("1.",
    /// ".5", "1.e+3"), which Swift's `Double(_:)` does not all take.
    private static func pythonFloat(_ text: Substring) -> Double? {
        guard !text.isEmpty else { return nil }
        var mantissa = String(text), exponent = ""
        if let e = text.firstIndex(of: "e") {
            mantissa = String(text[..<e])
            exponent = String(text[e...])
        }
        if mantissa.hasPrefix(".") { mantissa = "0" + mantissa }
        if mantissa.hasSuffix(".") { mantissa += "0" }
        return Double(mantissa + exponent)
    }

    /// `construct_yaml_timestamp`, as Python's `str()` prints its result: a `date`
    /// ("2024-01-15") or a `datetime` ("2024-01-15 10:30:00", with ".ffffff" microseconds when
    /// there are any and "+HH:MM" when a zone is given); nil for a day that does not exist.
    static func timestamp(_ text: String) -> String? {
        let pattern =
            "^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \\t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\\.([0-9]*))?"
            + "(?:[ \\t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?)?$"
        guard let regex = try? NSRegularExpression(pattern: pattern),
            let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
        else { return nil }
        func group(_ index: Int) -> String? {
            Range(match.range(at: index), in: text).map { String(text[$0]) }
        }
        guard let year = group(1).flatMap({ Int($0) }), let month = group(2).flatMap({ Int($0) }),
            let day = group(3).flatMap({ Int($0) }), year >= 1, CalendarDay(validYear: year, month: month, day: day) != nil
        else { return nil }
        let date = String(format: "%04d-%02d-%02d", year, month, day)
        guard let hour = group(4).flatMap({ Int($0) }), let minute = group(5).flatMap({ Int($0) }),
            let second = group(6).flatMap({ Int($0) })
        else { return date }
        guard hour < 24, minute < 60, second < 60 else { return nil }
        var out = date + String(format: " %02d:%02d:%02d", hour, minute, second)
        if let fraction = group(7), !fraction.isEmpty {
            let micro = Int(String((fraction + "000000").prefix(6)))!
            if micro != 0 { out += String(format: ".%06d", micro) }
        }
        if let sign = group(9), let zoneHour = group(10).flatMap({ Int($0) }) {
            let zoneMinute = group(11).flatMap { Int($0) } ?? 0
            // datetime.timezone refuses an offset of 24 hours or more.
            guard zoneHour * 60 + zoneMinute < 24 * 60 else { return nil }
            out += zoneHour == 0 && zoneMinute == 0 ? "+00:00" : sign + String(format: "%02d:%02d", zoneHour, zoneMinute)
        } else if group(8) == "Z" {
            out += "+00:00"
        }
        return out
    }
}

extension Node {
    /// PyYAML's name for the node's kind, for errors.
    fileprivate var kindName: String {
        switch self {
        case .scalar: "a scalar"
        case .sequence: "a sequence"
        case .mapping: "a mapping"
        case .alias: "an alias"
        }
    }
}
