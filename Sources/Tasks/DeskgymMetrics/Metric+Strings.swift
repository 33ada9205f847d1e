import DeskgymCore

/// The metrics on values (command output, settings read from an application) against a `rule`.
extension Metric {
    /// `exact_match`: the result equals `rules.expected` under Python `==` — case, whitespace and a
    /// trailing newline all count ("1\n" is not "1").
    public static func exactMatch(result: JSONValue?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let expected = try rules.required("expected", metric: "exact_match")
        guard let result else { return .fail("no result") }
        return .check(result.pythonEquals(expected), else: "got \(result.pythonRepr.clipped), expected \(expected.pythonRepr.clipped)")
    }

    /// `check_include_exclude`: every string of `rules.include` is in the result and none of
    /// `rules.exclude` is (substring tests on text; membership on a list).
    public static func checkIncludeExclude(result: JSONValue?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let metric = "check_include_exclude"
        let include = try rules.list("include", metric: metric)
        let exclude = try rules.list("exclude", metric: metric)
        guard let result else { return .fail("no result") }
        for item in include {
            switch pythonIn(item, result) {
            case .success(true): continue
            case .success(false): return .fail("\(item.pythonRepr.clipped) is not in the result")
            case .failure(let error): return .fail(error.message)
            }
        }
        for item in exclude {
            switch pythonIn(item, result) {
            case .success(false): continue
            case .success(true): return .fail("\(item.pythonRepr.clipped) is in the result")
            case .failure(let error): return .fail(error.message)
            }
        }
        return .pass
    }

    /// `match_in_list`: the result is one of `rules.expected` (Python `result in expected`; when
    /// `expected` is a string, a substring test).
    public static func matchInList(result: JSONValue?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let expected = try rules.required("expected", metric: "match_in_list")
        guard let result else { return .fail("no result") }
        switch pythonIn(result, expected) {
        case .success(let found): return .check(found, else: "\(result.pythonRepr.clipped) is not in \(expected.pythonRepr.clipped)")
        case .failure(let error): return .fail(error.message)
        }
    }

    /// `is_in_list`: `rules.expected` is one of the result's items (Python `expected in result`;
    /// on text, a substring test).
    public static func isInList(result: JSONValue?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let expected = try rules.required("expected", metric: "is_in_list")
        guard let result else { return .fail("no result") }
        switch pythonIn(expected, result) {
        case .success(let found): return .check(found, else: "\(expected.pythonRepr.clipped) is not in \(result.pythonRepr.clipped)")
        case .failure(let error): return .fail(error.message)
        }
    }

    /// `literal_match`: with option `type` `"str"` (the default), `str(result) == str(expected)`;
    /// with `"list"`, both are lists of the same length whose items are equal as `str`. Option
    /// `ignore_case` lower-cases both sides first. A missing result scores 0 (OSWorld would compare
    /// the text "None").
    public static func literalMatch(
        result: JSONValue?, expected: JSONValue?, options: [String: JSONValue]
    ) throws(MetricError)
        -> MetricOutcome
    {
        let type = options["type"] ?? .string("str")
        let ignoreCase = options["ignore_case"]?.pythonTruthy ?? false
        let normalize: (JSONValue) -> String = { ignoreCase ? $0.pythonStr.pythonLower() : $0.pythonStr }
        guard type == .string("str") || type == .string("list") else {
            throw MetricError(
                .malformedOptions, metric: "literal_match", "options.type must be \"str\" or \"list\", not \(type.pythonRepr)")
        }
        guard let result else { return .fail("no result") }
        let expected = expected ?? .null
        if type == .string("str") {
            let (got, want) = (normalize(result), normalize(expected))
            return .check(got.pythonEquals(want), else: "got \(got.pythonRepr.clipped), expected \(want.pythonRepr.clipped)")
        }
        guard case .array(let got) = result, case .array(let want) = expected else {
            return .fail("type \"list\" needs two lists, got \(result.pythonTypeName) and \(expected.pythonTypeName)")
        }
        guard got.count == want.count else { return .fail("got \(got.count) items, expected \(want.count)") }
        for (index, (a, b)) in zip(got, want).enumerated() where !normalize(a).pythonEquals(normalize(b)) {
            return .fail("item \(index): got \(normalize(a).pythonRepr.clipped), expected \(normalize(b).pythonRepr.clipped)")
        }
        return .pass
    }

    /// `fuzzy_match`: `rapidfuzz.fuzz.ratio(result, rules.expected) / 100`, a partial score — the
    /// normalised Indel (longest-common-subsequence) similarity over code points.
    public static func fuzzyMatch(result: JSONValue?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let expected = try rules.required("expected", metric: "fuzzy_match")
        guard let result else { return .fail("no result") }
        let score: Double
        switch (result, expected) {
        case let (.string(a), .string(b)):
            score = FuzzyRatio.ratio(a, b)
        case let (.array(a), .array(b)):
            score = FuzzyRatio.ratio(a.map(\.pythonRepr), b.map(\.pythonRepr))
        default:
            return .fail("cannot compare \(result.pythonTypeName) with \(expected.pythonTypeName)")
        }
        return score == 1 ? .pass : MetricOutcome(score: score, reason: "similarity \(score) to \(expected.pythonRepr.clipped)")
    }

    /// Python `item in container`: substring on text, membership in a list, key of a dict.
    static func pythonIn(_ item: JSONValue, _ container: JSONValue) -> Result<Bool, PythonTypeError> {
        switch container {
        case .string(let text):
            guard case .string(let needle) = item else {
                return .failure(PythonTypeError("'in <string>' requires string as left operand, not \(item.pythonTypeName)"))
            }
            return .success(text.pythonContains(needle))
        case .array(let items):
            return .success(items.contains { $0.pythonEquals(item) })
        case .object(let members):
            guard case .string(let key) = item else { return .success(false) }
            return .success(members.keys.contains { $0.pythonEquals(key) })
        default:
            return .failure(PythonTypeError("argument of type '\(container.pythonTypeName)' is not iterable"))
        }
    }
}
