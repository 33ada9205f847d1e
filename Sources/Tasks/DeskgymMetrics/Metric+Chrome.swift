import DeskgymCore
import Foundation

/// OSWorld's Chrome metrics (`metrics/chrome.py`), on what the Chrome getters fetch: tab lists,
/// the active tab, bookmarks.
extension Metric {
    /// `is_expected_tabs`: `rules.type` `"url"` and the open tabs' addresses match `rules.urls` —
    /// as many tabs as URLs, and each expected URL the same (``URLComparison``) as some tab's, in
    /// any order. No tabs, or another `type`: 0.
    public static func isExpectedTabs(result: JSONValue?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let metric = "is_expected_tabs"
        guard let result, result.pythonTruthy else { return .fail("no open tabs") }
        let type = try rules.required("type", metric: metric)
        guard type == .string("url") else { return .fail("unknown rule type \(type.pythonRepr) (OSWorld knows only 'url')") }
        let expected = try urlList(rules.required("urls", metric: metric), metric: metric, field: "rules.urls")
        guard let tabs = result.arrayValue else { return .fail("the result is a \(result.pythonTypeName), not a list of tabs") }
        var actual: [String] = []
        for tab in tabs {
            guard let url = tab["url"]?.stringValue else { return .fail("a tab without a 'url': \(tab.pythonRepr.clipped)") }
            actual.append(url)
        }
        guard expected.count == actual.count else {
            return .fail("\(actual.count) tabs are open (\(actual.pythonList)), expected \(expected.count) (\(expected.pythonList))")
        }
        if let missing = expected.first(where: { want in !actual.contains { URLComparison.same(want, $0) } }) {
            return .fail("no open tab shows \(missing.pythonRepr) (open: \(actual.pythonList))")
        }
        return .pass
    }

    /// `is_expected_active_tab`: `rules.type` `"url"` and the active tab's address (the result's
    /// `url`, or the result itself when it is a string) is the same as `rules.url` by
    /// ``URLComparison``. No active tab, or another `type`: 0.
    public static func isExpectedActiveTab(result: JSONValue?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        try checkActiveTab(result, rules: rules, metric: "is_expected_active_tab") { URLComparison.same($0, $1) }
    }

    /// `is_expected_active_tab_approximate`: as ``isExpectedActiveTab(result:rules:)`` but the two
    /// addresses are compared as written once their query strings are removed (no other
    /// normalization).
    public static func isExpectedActiveTabApproximate(result: JSONValue?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        try checkActiveTab(result, rules: rules, metric: "is_expected_active_tab_approximate", note: " (query ignored)") {
            withoutQuery($0) == withoutQuery($1)
        }
    }

    /// The active-tab metrics: `rules.type` must be `"url"`, and `same` decides whether `rules.url`
    /// (first) and the active tab's address (second) match; `note` ends the reason of a mismatch.
    private static func checkActiveTab(
        _ result: JSONValue?, rules: [String: JSONValue], metric: String, note: String = "",
        same: (String, String) -> Bool
    ) throws(MetricError) -> MetricOutcome {
        guard let result, result.pythonTruthy else { return .fail("no active tab") }
        let type = try rules.required("type", metric: metric)
        guard type == .string("url") else { return .fail("unknown rule type \(type.pythonRepr) (OSWorld knows only 'url')") }
        let expected = try string(rules.required("url", metric: metric), metric: metric, field: "rules.url")
        guard let actual = activeURL(result) else { return .fail("the active tab has no address") }
        return .check(
            same(expected, actual), else: "the active tab shows \(actual.pythonRepr), expected \(expected.pythonRepr)\(note)")
    }

    /// `is_expected_url_pattern_match`: every regular expression of `rules.expected` is found
    /// (Python `re.search`) in the address — the result itself when it is a string, else its `url`.
    public static func isExpectedURLPatternMatch(result: JSONValue?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let metric = "is_expected_url_pattern_match"
        guard let result, result.pythonTruthy else { return .fail("no address") }
        let url: String
        switch result {
        case .string(let text): url = text
        case .object(let fields):
            guard let text = fields["url"]?.stringValue else { return .fail("the result has no 'url'") }
            url = text
        default: return .fail("the result is a \(result.pythonTypeName), not an address or a tab")
        }
        let patterns = try rules.strings("expected", metric: metric)
        for pattern in patterns {
            let regex: PythonRegex
            do { regex = try PythonRegex(pattern) } catch {
                throw MetricError(.malformedOptions, metric: metric, "rules.expected: \(error)")
            }
            if !regex.search(url) { return .fail("\(pattern.pythonRepr) is not found in \(url.pythonRepr)") }
        }
        return .pass
    }

    /// `is_expected_search_query`: the regular expression `rules.expect.pattern` is found in the
    /// active tab's `url`.
    public static func isExpectedSearchQuery(result: JSONValue?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let metric = "is_expected_search_query"
        guard let result, result.pythonTruthy else { return .fail("no active tab") }
        guard let expect = try rules.required("expect", metric: metric).objectValue else {
            throw MetricError(.malformedOptions, metric: metric, "rules.expect must be an object with 'pattern'")
        }
        let pattern = try string(
            expect.required("pattern", metric: metric, in: "rules.expect"), metric: metric,
            field: "rules.expect.pattern")
        guard let url = result["url"]?.stringValue else { return .fail("the active tab has no 'url'") }
        let regex: PythonRegex
        do { regex = try PythonRegex(pattern) } catch {
            throw MetricError(.malformedOptions, metric: metric, "rules.expect.pattern: \(error)")
        }
        return .check(regex.search(url), else: "\(pattern.pythonRepr) is not found in \(url.pythonRepr)")
    }

    /// `is_expected_bookmarks` on the `bookmarks` getter's roots, by `rules.type`:
    /// `bookmark_bar_folders_names` (the bookmarks bar's folders are exactly `rules.names`, as a
    /// set), `bookmark_bar_websites_urls` (its links are exactly `rules.urls`, as a set, compared
    /// as written), `liked_authors_websites_urls` (a bar folder "Liked Authors" whose links are, as
    /// a set, one choice from each entry of `rules.urls`, an entry being a URL or a list of
    /// alternatives). No bookmarks: 0. Another type is an error, as in OSWorld.
    public static func isExpectedBookmarks(result: JSONValue?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let metric = "is_expected_bookmarks"
        guard let result, result.pythonTruthy else { return .fail("there are no bookmarks") }
        let type = try string(rules.required("type", metric: metric), metric: metric, field: "rules.type")
        guard let children = result["bookmark_bar"]?["children"]?.arrayValue else {
            return .fail("the bookmarks have no bookmark_bar with children")
        }
        func named(_ kind: String, _ key: String, in items: [JSONValue]) -> [String] {
            items.filter { $0["type"]?.stringValue == kind }.compactMap { $0[key]?.stringValue }
        }
        switch type {
        case "bookmark_bar_folders_names":
            let names = Set(named("folder", "name", in: children))
            let expected = Set(try rules.strings("names", metric: metric))
            return .check(
                names == expected,
                else: "the bookmarks bar's folders are \(names.sorted().pythonList), expected \(expected.sorted().pythonList)")
        case "bookmark_bar_websites_urls":
            let urls = Set(named("url", "url", in: children))
            let expected = Set(try rules.strings("urls", metric: metric))
            return .check(
                urls == expected, else: "the bookmarks bar links \(urls.sorted().pythonList), expected \(expected.sorted().pythonList)")
        case "liked_authors_websites_urls":
            guard let folder = children.first(where: { $0["type"]?.stringValue == "folder" && $0["name"]?.stringValue == "Liked Authors" })
            else {
                return .fail("the bookmarks bar has no folder 'Liked Authors'")
            }
            let urls = Set(named("url", "url", in: folder["children"]?.arrayValue ?? []))
            var choices: [[String]] = []
            for (index, entry) in try rules.list("urls", metric: metric).enumerated() {
                switch entry {
                case .string(let url): choices.append([url])
                case .array(let options): choices.append(options.compactMap(\.stringValue))
                default: throw MetricError(.malformedOptions, metric: metric, "rules.urls[\(index)] must be a URL or a list of URLs")
                }
            }
            var combinations: [[String]] = [[]]
            for options in choices { combinations = combinations.flatMap { prefix in options.map { prefix + [$0] } } }
            return .check(
                combinations.contains { Set($0) == urls },
                else: "'Liked Authors' links \(urls.sorted().pythonList), which no choice of rules.urls gives")
        default:
            throw MetricError(.unsupported, metric: metric, "rules.type \(type.pythonRepr) is not supported (OSWorld raises TypeError too)")
        }
    }

    // MARK: - Helpers

    /// The active tab's address: the `url` of a tab object, or the value itself when it is text.
    private static func activeURL(_ value: JSONValue) -> String? {
        if let text = value.stringValue { return text }
        return value["url"]?.stringValue
    }

    /// The URL without its query string (`?…` before any `#`), as `urlunparse` rebuilds it.
    private static func withoutQuery(_ url: String) -> String {
        var rest = Substring(url)
        var fragment = ""
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[hash...])
            rest = rest[..<hash]
        }
        if let mark = rest.firstIndex(of: "?") { rest = rest[..<mark] }
        return String(rest) + (fragment == "#" ? "" : fragment)
    }

    private static func string(_ value: JSONValue, metric: String, field: String) throws(MetricError) -> String {
        guard let text = value.stringValue else {
            throw MetricError(.malformedOptions, metric: metric, "\(field) must be a string, not \(value.typeName)")
        }
        return text
    }

    private static func urlList(_ value: JSONValue, metric: String, field: String) throws(MetricError) -> [String] {
        guard let items = value.arrayValue else {
            throw MetricError(.malformedOptions, metric: metric, "\(field) must be a list of URLs, not \(value.typeName)")
        }
        var urls: [String] = []
        for (index, item) in items.enumerated() {
            guard let url = item.stringValue else {
                throw MetricError(.malformedOptions, metric: metric, "\(field)[\(index)] must be a string, not \(item.typeName)")
            }
            urls.append(url)
        }
        return urls
    }
}

extension [String] {
    /// The strings as a Python list literal, shortened, for reasons.
    fileprivate var pythonList: String {
        ("[" + map(\.pythonRepr).joined(separator: ", ") + "]").clipped
    }
}
