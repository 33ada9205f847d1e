import DeskgymCore
import Foundation

/// The metrics on JSON (and YAML) data.
extension Metric {
    /// `check_json`: loads the file as JSON (YAML with option `is_yaml`) and applies `rules.expect`
    /// and `rules.unexpect`, lists of `{"key": [path…], "method": …, "ref": …}` (see `ValueRule`).
    /// An `expect` rule whose path is missing scores 0; an `unexpect` rule whose path is missing
    /// tests `None` (which passes `eq`, and fails — scores 0 — with a `re` method, as in OSWorld).
    /// A path is a list of dict keys and list indices; a bare string is walked character by
    /// character, as Python iterates it.
    public static func checkJSON(
        result: URL?, rules: [String: JSONValue], options: [String: JSONValue],
        yamlDecoder: MetricContext.YAMLDecoder?
    ) throws(MetricError) -> MetricOutcome {
        let metric = "check_json"
        let expect = try jsonRules(rules, "expect", metric)
        let unexpect = try jsonRules(rules, "unexpect", metric)
        guard let result else { return .fail("no result file") }
        let isYAML = options["is_yaml"]?.pythonTruthy ?? false
        let data: JSONValue
        do {
            let text = try TextFile.read(result)
            if isYAML {
                guard let yamlDecoder else { return .fail("the evaluator gave no YAML decoder for is_yaml") }
                do { data = try yamlDecoder(text) } catch { return .fail("\(result.lastPathComponent) is not YAML: \(error)") }
                if data == .null { return .fail("\(result.lastPathComponent) holds no YAML data") }
            } else {
                guard let parsed = parseJSON(text) else { return .fail("\(result.lastPathComponent) is not JSON") }
                data = parsed
            }
        } catch {
            return .fail("\(error)")
        }
        var passed = true
        var reason: String?
        for (path, rule) in expect {
            let value: JSONValue
            switch walk(data, path) {
            case .success(let found?): value = found
            case .success(nil), .failure: return .fail("\(pathText(path)) is not in the data")
            }
            guard passed else { continue }
            do {
                passed = try rule.matches(value)
                if !passed {
                    reason =
                        "\(pathText(path)) = \(value.pythonRepr.clipped) does not pass \(rule.methodName) \(rule.ref?.pythonRepr.clipped ?? "None")"
                }
            } catch {
                return .fail("\(pathText(path)): \(error)")
            }
        }
        for (path, rule) in unexpect {
            let value: JSONValue?
            switch walk(data, path) {
            case .success(let found): value = found
            case .failure(let error): return .fail("\(pathText(path)): \(error)")
            }
            guard passed else { continue }
            do {
                passed = try !rule.matches(value)
                if !passed {
                    reason =
                        "\(pathText(path)) = \(value?.pythonRepr.clipped ?? "None") passes unexpected \(rule.methodName) \(rule.ref?.pythonRepr.clipped ?? "None")"
                }
            } catch {
                return .fail("\(pathText(path)): \(error)")
            }
        }
        return passed ? .pass : .fail(reason ?? "a rule failed")
    }

    /// `check_json_settings`: the file is JSON and has every key of `rules.expected` with an equal
    /// value (Python `==`; nested objects must be equal as a whole). Comments, as VS Code allows in
    /// settings.json, make the file unreadable: score 0.
    public static func checkJSONSettings(result: URL?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let expectedValue = try rules.required("expected", metric: "check_json_settings")
        guard let expected = expectedValue.objectValue else {
            throw MetricError(
                .malformedOptions, metric: "check_json_settings", "rules.expected must be an object, not \(expectedValue.typeName)")
        }
        guard let result else { return .fail("no result file") }
        let text: String
        do { text = try TextFile.read(result) } catch { return .fail("\(error)") }
        guard let data = parseJSON(text) else { return .fail("\(result.lastPathComponent) is not JSON") }
        guard let object = data.objectValue else {
            return .fail("\(result.lastPathComponent) holds a \(data.pythonTypeName), not an object")
        }
        for (key, value) in expected.sorted(by: { $0.key < $1.key }) {
            guard let actual = object[key] else { return .fail("\(key.pythonRepr) is not set") }
            guard actual.pythonEquals(value) else {
                return .fail("\(key.pythonRepr) is \(actual.pythonRepr.clipped), expected \(value.pythonRepr.clipped)")
            }
        }
        return .pass
    }

    /// `check_direct_json_object`: compares a JSON object (or text that reads as one once stripped
    /// and with every `'` turned into `"`) with `rules.expected`, key by key.
    ///
    /// By default each expected key's value must equal the result's (a missing key is `None`).
    /// With `rules.expect_in_result`, an expected list passes when one of its items is in the
    /// result's list or equals the result's string, and an expected string when it is a substring
    /// of the result's. An expected value `"__EVALUATION_FAILED__"` scores 0.
    ///
    /// OSWorld reads `ignore_list_order` from inside `expected` (not beside it, where the corpus
    /// writes it), so beside `expected` it has no effect, and inside it the flag is compared as a
    /// key too, which fails: both are reproduced.
    public static func checkDirectJSONObject(result: JSONValue?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let expectedValue = try rules.required("expected", metric: "check_direct_json_object")
        guard var result else { return .fail("no result") }
        if case .string(let text) = result {
            let quoted = text.pythonStrip().replacingOccurrences(of: "'", with: "\"")
            guard let parsed = parseJSON(quoted) else { return .fail("the result is not JSON: \(text.pythonRepr.clipped)") }
            result = parsed
        }
        if result == .null { return .fail("no result") }
        guard let expected = expectedValue.objectValue else {
            return expectedValue.pythonTruthy ? .fail("rules.expected is not an object") : .fail("rules.expected is empty")
        }
        if let failed = expected.first(where: { $0.value == .string("__EVALUATION_FAILED__") }) {
            return .fail("the expected value of \(failed.key.pythonRepr) could not be computed")
        }
        guard let object = result.objectValue else { return .fail("the result is a \(result.pythonTypeName), not an object") }
        let keys = expected.keys.sorted()
        if !(rules["expect_in_result"]?.pythonTruthy ?? false) {
            let ignoreOrder = expected["ignore_list_order"]?.pythonTruthy ?? false
            for key in keys {
                let want = expected[key]!, got = object[key] ?? .null
                if ignoreOrder {
                    do {
                        guard try pythonSorted(want).elementsEqual(try pythonSorted(got), by: { $0.pythonEquals($1) }) else {
                            return .fail(
                                "\(key.pythonRepr): got \(got.pythonRepr.clipped), expected \(want.pythonRepr.clipped) in any order")
                        }
                    } catch {
                        return .fail("\(key.pythonRepr): \(error)")
                    }
                } else if !want.pythonEquals(got) {
                    return .fail("\(key.pythonRepr): got \(got.pythonRepr.clipped), expected \(want.pythonRepr.clipped)")
                }
            }
            return .pass
        }
        for key in keys {
            let want = expected[key]!, got = object[key] ?? .null
            switch want {
            case .array(let candidates):
                let found = candidates.contains { candidate in
                    switch got {
                    case .array(let items): items.contains { $0.pythonEquals(candidate) }
                    case .string: candidate.pythonEquals(got)
                    default: false
                    }
                }
                if !found { return .fail("\(key.pythonRepr): \(got.pythonRepr.clipped) matches none of \(want.pythonRepr.clipped)") }
            case .string:
                switch pythonIn(want, got) {
                case .success(true): continue
                case .success(false): return .fail("\(key.pythonRepr): \(want.pythonRepr.clipped) is not in \(got.pythonRepr.clipped)")
                case .failure(let error): return .fail("\(key.pythonRepr): \(error)")
                }
            default:
                return .fail("\(key.pythonRepr): expected values must be lists or strings with expect_in_result")
            }
        }
        return .pass
    }

    /// Python `json.loads`, or nil: a duplicate key keeps its last value, an integer beyond 2^53
    /// stays exact (``JSONValue/bigInteger(_:)``), `NaN` and `Infinity` are numbers, a byte order
    /// mark is refused, and nesting is limited (``JSONReader/maximumDepth``) so that hostile
    /// files cannot exhaust the stack. Foundation's decoder differs on the first three.
    static func parseJSON(_ text: String) -> JSONValue? {
        try? JSONReader.parse(Array(text.utf8), likePython: true)
    }

    /// `check_json`'s rules under `key`: each with its path and value rule.
    static func jsonRules(_ rules: [String: JSONValue], _ key: String, _ metric: String) throws(MetricError) -> [([JSONValue], ValueRule)] {
        var parsed: [([JSONValue], ValueRule)] = []
        // OSWorld's default is {} — an empty mapping iterates as nothing.
        if case .object(let members)? = rules[key], members.isEmpty { return [] }
        for (index, item) in try rules.list(key, metric: metric).enumerated() {
            let place = "rules.\(key)[\(index)]"
            guard let object = item.objectValue else {
                throw MetricError(.malformedOptions, metric: metric, "\(place) must be an object, not \(item.typeName)")
            }
            let path: [JSONValue]
            switch object["key"] {
            case .array(let steps)?: path = steps
            case .string(let text)?: path = text.map { .string(String($0)) }
            default: throw MetricError(.malformedOptions, metric: metric, "\(place).key must be a list of keys")
            }
            parsed.append((path, try ValueRule(item, metric: metric, at: place)))
        }
        return parsed
    }

    /// Follows a key path through dicts (string keys), lists and strings (integer indices, negative
    /// from the end). A missing key or a key of the wrong type gives nil — `check_json` scores 0 for
    /// it under `expect` and reads `None` under `unexpect`; an index out of range throws in both.
    static func walk(_ data: JSONValue, _ path: [JSONValue]) -> Result<JSONValue?, PythonTypeError> {
        var value = data
        for step in path {
            switch (value, step) {
            case let (.object(members), .string(key)):
                guard let next = members[key] else { return .success(nil) }
                value = next
            case let (.array(items), .number(number)) where number.isPythonInt:
                let index = Int(number) < 0 ? items.count + Int(number) : Int(number)
                guard items.indices.contains(index) else { return .failure(PythonTypeError("list index \(Int(number)) out of range")) }
                value = items[index]
            case let (.string(text), .number(number)) where number.isPythonInt:
                let scalars = Array(text.unicodeScalars)
                let index = Int(number) < 0 ? scalars.count + Int(number) : Int(number)
                guard scalars.indices.contains(index) else { return .failure(PythonTypeError("string index \(Int(number)) out of range")) }
                value = .string(String(scalars[index]))
            default:
                return .success(nil)
            }
        }
        return .success(value)
    }

    static func pathText(_ path: [JSONValue]) -> String {
        path.isEmpty ? "the document" : path.map { "[\($0.pythonRepr)]" }.joined()
    }

    /// Python `sorted(value)`: a list's items, a string's characters or a dict's keys, in order.
    static func pythonSorted(_ value: JSONValue) throws(PythonTypeError) -> [JSONValue] {
        let items: [JSONValue]
        switch value {
        case .array(let values): items = values
        case .string(let text): items = text.unicodeScalars.map { .string(String($0)) }
        case .object(let members): items = members.keys.map(JSONValue.string)
        default: throw PythonTypeError("'\(value.pythonTypeName)' object is not iterable")
        }
        var failure: PythonTypeError?
        let sorted = items.sorted { a, b in
            do throws(PythonTypeError) { return try a.pythonCompare(b) < 0 } catch { failure = error; return false }
        }
        if let failure { throw failure }
        return sorted
    }
}
