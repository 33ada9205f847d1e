import DeskgymCore

extension Metric {
    /// OSWorld's namespace prefixes in its Ubuntu accessibility XML, which selectors may use.
    static let accessibilityPrefixes: Set<String> = ["st", "attr", "cp", "doc", "docattr", "txt", "val", "act"]

    /// `check_accessibility_tree`: every rule's selectors (joined with `, `, as OSWorld joins them)
    /// must select at least one element of the tree (the `accessibility_tree` getter's XML); a rule
    /// with `text` scores the best of its elements' texts, equal (`exact`, the default) or by
    /// `fuzz.ratio`; the score is the product over the rules. XPath rules are refused with an error
    /// that says so (no XPath engine here).
    public static func checkAccessibilityTree(result: MetricInput, rules: [JSONValue]) throws(MetricError) -> MetricOutcome {
        let metric = "check_accessibility_tree"
        guard case .text(let xml) = result else {
            if case .none = result { return .fail("no accessibility tree") }
            throw MetricError(.wrongInput, metric: metric, "expects the accessibility tree's XML as its result, not \(result.kindName)")
        }
        let document: AccessibilityDocument
        do {
            document = try AccessibilityDocument.parse(xml)
        } catch {
            return .fail("the accessibility tree is not readable XML: \(error.message)")
        }
        var total = 1.0
        var reasons: [String] = []
        for (index, rule) in rules.enumerated() {
            guard let fields = rule.objectValue else {
                throw MetricError(.malformedOptions, metric: metric, "rule \(index + 1) is not an object")
            }
            if fields["xpath"] != nil {
                throw MetricError(
                    .unsupported, metric: metric, "rule \(index + 1) uses 'xpath', which Deskgym does not evaluate; use 'selectors'")
            }
            guard let list = fields["selectors"]?.arrayValue, !list.isEmpty else {
                throw MetricError(.malformedOptions, metric: metric, "rule \(index + 1) needs 'selectors' (a list of CSS selectors)")
            }
            let strings = list.compactMap(\.stringValue)
            guard strings.count == list.count else {
                throw MetricError(.malformedOptions, metric: metric, "rule \(index + 1): 'selectors' must be strings")
            }
            let joined = strings.joined(separator: ", ")
            let selector: AccessibilitySelector
            do {
                selector = try AccessibilitySelector(joined, prefixes: accessibilityPrefixes)
            } catch {
                throw MetricError(.malformedOptions, metric: metric, "rule \(index + 1): \(error)")
            }
            let elements = selector.select(in: document)
            guard !elements.isEmpty else {
                return MetricOutcome(score: 0, reason: "no element matches \(joined.clipped)")
            }
            guard let wanted = fields["text"] else { continue }
            guard let text = wanted.stringValue else {
                throw MetricError(.malformedOptions, metric: metric, "rule \(index + 1): 'text' must be a string")
            }
            let exact = fields["exact"]?.pythonTruthy ?? true
            var best = 0.0
            for element in elements {
                guard let found = document.elements[element].text else { continue }
                best = max(best, exact ? (found == text ? 1 : 0) : FuzzyRatio.ratio(text, found))
            }
            if best < 1 { reasons.append("rule \(index + 1): best text match \(best) for \(text.clipped)") }
            total *= best
        }
        return MetricOutcome(score: total, reason: reasons.isEmpty ? nil : reasons.joined(separator: "; "))
    }
}
