import DeskgymCore
import Foundation

/// OSWorld's Impress metrics on LibreOffice's user registry (`registrymodifications.xcu`).
extension Metric {
    /// The user registry `result`, or the outcome that ends the metric: no file, or one that is not
    /// a registry.
    private static func loadRegistry(_ result: URL?) -> (LibreOfficeRegistry?, MetricOutcome?) {
        guard let result else { return (nil, .fail("no result file")) }
        do {
            return (try LibreOfficeRegistry(contentsOf: result), nil)
        } catch {
            return (nil, .fail(error.description))
        }
    }

    /// `check_presenter_console_disable`: the first `EnablePresenterScreen` property of an item
    /// `/org.openoffice.Office.Impress/Misc/Start` has a `value` that is `false` in any case. No such
    /// property, a file that is not XML, or a property without a value scores 0.
    public static func checkPresenterConsoleDisable(result: URL?) -> MetricOutcome {
        let (registry, failure) = loadRegistry(result)
        guard let registry else { return failure ?? .fail("unreadable") }
        let property = registry.items(path: "/org.openoffice.Office.Impress/Misc/Start").lazy
            .flatMap { $0.children("prop") }
            .first { $0.prefixedAttribute("name") == "EnablePresenterScreen" }
        guard let property else { return .fail("the registry does not set EnablePresenterScreen: the presenter console is on") }
        guard let value = property.child("value"), !value.text.isEmpty else {
            return .fail("EnablePresenterScreen has no value")
        }
        return .check(value.text.pythonLower() == "false", else: "EnablePresenterScreen is \(value.text.pythonRepr), not false")
    }

    /// `check_auto_saving_time`: the `AutoSaveTimeIntervall` property of the item
    /// `/org.openoffice.Office.Common/Save/Document` (its first in each such item, the last item
    /// counting) is the integer `rules.minutes`. Not set, not XML, or not an integer scores 0.
    public static func checkAutoSavingTime(result: URL?, rules: [String: JSONValue]) throws(MetricError) -> MetricOutcome {
        let minutes = try rules.required("minutes", metric: "check_auto_saving_time")
        let (registry, failure) = loadRegistry(result)
        guard let registry else { return failure ?? .fail("unreadable") }
        var interval: XMLTreeNode??
        for item in registry.items(path: "/org.openoffice.Office.Common/Save/Document") {
            if let property = item.descendants("prop").first(where: { $0.prefixedAttribute("name") == "AutoSaveTimeIntervall" }) {
                // OSWorld reads the first `value` below the property, and raises when there is none.
                interval = .some(property.descendants("value").first)
            }
        }
        guard let interval else { return .fail("the registry does not set AutoSaveTimeIntervall") }
        guard let value = interval else { return .fail("AutoSaveTimeIntervall has no value element") }
        // ElementTree gives None for an empty element: "not set".
        guard !value.text.isEmpty else { return .fail("AutoSaveTimeIntervall is empty") }
        guard let number = pythonInt(value.text) else {
            return .fail("AutoSaveTimeIntervall \(value.text.pythonRepr) is not an integer")
        }
        return .check(
            JSONValue.number(Double(number)).pythonEquals(minutes),
            else: "auto-save is every \(number) minutes, expected \(minutes.pythonRepr)")
    }

    /// Python's `int(text)`: white space around, an optional sign, decimal digits with single
    /// underscores between them.
    package static func pythonInt(_ text: String) -> Int? {
        var digits = Substring(text.pythonStrip())
        var negative = false
        if let first = digits.first, first == "+" || first == "-" {
            negative = first == "-"
            digits = digits.dropFirst()
        }
        guard let first = digits.first, let last = digits.last, first != "_", last != "_", !digits.contains("__"),
            digits.allSatisfy({ $0 == "_" || ($0.isASCII && $0.isNumber) })
        else { return nil }
        guard let value = Int(digits.filter { $0 != "_" }) else { return nil }
        return negative ? -value : value
    }
}
