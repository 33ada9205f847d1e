import DeskgymCore
import Foundation

/// The metrics on Thunderbird's profile files.
extension Metric {
    /// `check_thunderbird_prefs` (OSWorld's `thunderbird.py`): reads a `prefs.js`, whose lines are
    /// `user_pref("KEY", VALUE);` with VALUE in JSON, and applies the rules: `rules.expect` and
    /// `rules.unexpect` map a preference name to a `{"method", "ref"}` rule (see `ValueRule`).
    ///
    /// Every `expect` preference must be set (a name never set fails) and, at its last setting,
    /// pass its rule; no setting of an `unexpect` preference may pass its rule (one never set
    /// passes). Lines are stripped of white space and must match OSWorld's pattern exactly (a
    /// space after the comma, nothing after the `;`); others are skipped. A matching line whose
    /// value is not JSON scores 0, whatever its name (OSWorld's evaluation fails on it). A name in
    /// both lists is checked as expected only, as in OSWorld.
    public static func checkThunderbirdPrefs(result: URL?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let metric = "check_thunderbird_prefs"
        func parse(_ key: String) throws(MetricError) -> [String: ValueRule] {
            guard let value = rules[key], value != .null else { return [:] }
            guard let object = value.objectValue else {
                throw MetricError(
                    .malformedOptions, metric: metric, "rules.\(key) must be an object of preference names, not \(value.typeName)")
            }
            var parsed: [String: ValueRule] = [:]
            for (name, rule) in object {
                parsed[name] = try ValueRule(rule, metric: metric, at: "rules.\(key).\(name)")
            }
            return parsed
        }
        let expect = try parse("expect"), unexpect = try parse("unexpect")
        guard let result else { return .fail("no result file") }
        let text: String
        do { text = try TextFile.read(result) } catch { return .fail("\(error)") }

        var expectMet: [String: Bool] = expect.mapValues { _ in false }
        var lastValue: [String: JSONValue] = [:]
        var unexpectedHit: String?
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let (key, valueText) = prefLine(String(rawLine).pythonStrip()) else { continue }
            // OSWorld loads every matching line's value, wanted or not, and its json.loads raises
            // (stopping the evaluation) on one that is not JSON.
            guard let value = parseJSON(valueText) else {
                return .fail("\(result.lastPathComponent) line \(number + 1): the value of \(key) is not JSON: \(valueText.clipped)")
            }
            if let rule = expect[key] {
                do { expectMet[key] = try rule.matches(value) } catch { return .fail("\(key): \(error)") }
                lastValue[key] = value
            } else if let rule = unexpect[key], unexpectedHit == nil {
                // Once one has matched, OSWorld's `and` no longer evaluates the others.
                let passes: Bool
                do { passes = try rule.matches(value) } catch { return .fail("\(key): \(error)") }
                if passes {
                    unexpectedHit =
                        "\(key) = \(value.pythonRepr.clipped) passes unexpected \(rule.methodName) \(rule.ref?.pythonRepr.clipped ?? "None")"
                }
            }
        }
        for key in expect.keys.sorted() where expectMet[key] != true {
            guard let value = lastValue[key] else { return .fail("\(key) is not set in \(result.lastPathComponent)") }
            let rule = expect[key]!
            return .fail("\(key) = \(value.pythonRepr.clipped) does not pass \(rule.methodName) \(rule.ref?.pythonRepr.clipped ?? "None")")
        }
        if let unexpectedHit { return .fail(unexpectedHit) }
        return .pass
    }

    /// The key and value text of a stripped line matching OSWorld's
    /// `^user_pref\("(?P<key>(?:[^"]|\\")+)\", (?P<val>.+)\);$`, or nil. The key may hold a quote
    /// only right after a backslash; the pattern is greedy, so of the places where `", ` could end
    /// the key, the last one that leaves a value wins.
    static func prefLine(_ line: String) -> (key: String, value: String)? {
        let prefix = Array(#"user_pref(""#.unicodeScalars), suffix = Array(");".unicodeScalars)
        let scalars = Array(line.unicodeScalars)
        guard scalars.count >= prefix.count + suffix.count, scalars.starts(with: prefix),
            Array(scalars.suffix(2)) == suffix
        else { return nil }
        let body = Array(scalars[prefix.count..<(scalars.count - suffix.count)])
        var best: (key: String, value: String)?
        for end in 1..<max(body.count, 1) where end + 3 < body.count + 1 {
            let key = body[..<end]
            // Stops at the first quote not escaped: no longer key can match.
            if let quote = key.indices.last, key[quote] == "\"", quote == key.startIndex || key[quote - 1] != "\\" { break }
            guard body[end] == "\"", body[end + 1] == ",", body[end + 2] == " ", end + 3 < body.count else { continue }
            best = (String(String.UnicodeScalarView(key)), String(String.UnicodeScalarView(body[(end + 3)...])))
        }
        return best
    }
}
