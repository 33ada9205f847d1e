import DeskgymCore
import DeskgymMetrics
import Foundation

/// OSWorld's `rule_relativeTime` getter: a `rule` whose expected dates are written relative to
/// today ("next Monday", "10th next month") as templates ("{Year}-{Month0D}-{DayD}"), filled in
/// for the day the evaluation runs.
///
/// `rules.relativeTime.from` names the day (and `to`, when given, a second one); the templates are
/// `rules.expected.time` (a string or a list) for a single day, `expected.from` and `expected.to`
/// for two, or `puDay`/`puMonth`/`puYear` and `doDay`/`doMonth`/`doYear` for "next Monday split" /
/// "next Friday split". Today is taken in `rules.timezone` when it names a zone (UTC when it names
/// none that exists), else in the session's local zone.
///
/// The phrases and their arithmetic are OSWorld's, quirks included ("this Saturday" on a Sunday is
/// the day before; "first monday four months later" has no month in August, where OSWorld fails).
/// A phrase OSWorld would not compute in that position is an error naming it.
enum RelativeTimeRules {
    /// A rule that cannot be filled in.
    struct Problem: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    /// The phrases OSWorld knows; only "tomorrow" is a plain count of days.
    static let phrases: Set<String> = [
        "tomorrow", "5th next month", "10th next month", "11th next month", "this month", "this Saturday", "this Sunday",
        "next Monday", "next Friday", "next Saturday", "next Sunday", "next week Friday", "next week Saturday",
        "next week Sunday", "first monday four months later", "first monday eight months later", "next Monday split",
        "next Friday split",
    ]

    /// The `rules` object with its templates filled in for `today`.
    static func resolve(_ rules: JSONValue, today: CalendarDay) throws(Problem) -> JSONValue {
        guard var object = rules.objectValue else { throw Problem(description: "'rules' must be an object, not \(rules.typeName)") }
        guard let relative = object["relativeTime"]?.objectValue else {
            throw Problem(description: "rules.relativeTime must be an object with 'from' (and optionally 'to')")
        }
        guard var expected = object["expected"]?.objectValue else {
            throw Problem(description: "rules.expected must be an object of templates")
        }
        let from = try phrase(relative, "from")
        if relative["to"] == nil {
            let day = try single(from, today: today)
            guard let time = expected["time"] else { throw Problem(description: "rules.expected.time is missing") }
            switch time {
            case .string(let template): expected["time"] = .string(format(template, day))
            case .array(let templates):
                expected["time"] = .array(
                    try templates.enumerated().map { index, item throws(Problem) in
                        guard let template = item.stringValue else {
                            throw Problem(description: "rules.expected.time[\(index)] must be a string, not \(item.typeName)")
                        }
                        return .string(format(template, day))
                    })
            default: throw Problem(description: "rules.expected.time must be a string or a list of strings, not \(time.typeName)")
            }
        } else {
            let to = try phrase(relative, "to")
            let fromDay = try rangeStart(from, today: today)
            if from == "next Monday split" {
                for key in ["puDay", "puMonth", "puYear"] { try fill(&expected, key, fromDay) }
            } else {
                try fill(&expected, "from", fromDay)
            }
            let toDay = try rangeEnd(to, from: from, fromDay: fromDay, today: today)
            if to == "next Friday split" {
                for key in ["doDay", "doMonth", "doYear"] { try fill(&expected, key, toDay) }
            } else {
                try fill(&expected, "to", toDay)
            }
        }
        object["expected"] = .object(expected)
        return .object(object)
    }

    private static func phrase(_ relative: [String: JSONValue], _ key: String) throws(Problem) -> String {
        guard let value = relative[key] else { throw Problem(description: "rules.relativeTime.\(key) is missing") }
        guard let text = value.stringValue else {
            throw Problem(description: "rules.relativeTime.\(key) must be a string, not \(value.typeName)")
        }
        guard phrases.contains(text) else {
            throw Problem(
                description:
                    "rules.relativeTime.\(key): \(text.pythonRepr) is not a relative time OSWorld knows (\(phrases.sorted().joined(separator: ", ")))"
            )
        }
        return text
    }

    private static func fill(_ expected: inout [String: JSONValue], _ key: String, _ day: CalendarDay) throws(Problem) {
        guard let value = expected[key] else { throw Problem(description: "rules.expected.\(key) is missing") }
        guard let template = value.stringValue else {
            throw Problem(description: "rules.expected.\(key) must be a string, not \(value.typeName)")
        }
        expected[key] = .string(format(template, day))
    }

    /// The day of a phrase used alone.
    static func single(_ phrase: String, today: CalendarDay) throws(Problem) -> CalendarDay {
        switch phrase {
        case "tomorrow": return today.adding(days: 1)
        case "5th next month": return nextMonth(today, day: 5)
        case "10th next month": return nextMonth(today, day: 10)
        case "this month": return today
        case "next Monday": return today.adding(days: 7 - today.weekday)
        case "first monday four months later":
            return try firstMonday(year: today.month >= 9 ? today.year + 1 : today.year, month: (today.month + 4) % 12, phrase: phrase)
        case "first monday eight months later":
            return try firstMonday(year: today.month >= 5 ? today.year + 1 : today.year, month: (today.month + 8) % 12, phrase: phrase)
        default: throw Problem(description: "\(phrase.pythonRepr) is computed by OSWorld only as the start or end of a range (with 'to')")
        }
    }

    /// The first day of a range.
    static func rangeStart(_ phrase: String, today: CalendarDay) throws(Problem) -> CalendarDay {
        let weekday = today.weekday
        switch phrase {
        case "tomorrow": return today.adding(days: 1)
        case "this Saturday": return today.adding(days: 5 - weekday)
        case "10th next month": return nextMonth(today, day: 10)
        case "next Monday", "next Monday split": return today.adding(days: 7 - weekday)
        case "next Friday": return today.adding(days: weekday < 4 ? 4 - weekday : weekday == 4 ? 7 : 7 - weekday + 4)
        case "next Saturday": return today.adding(days: weekday < 5 ? 5 - weekday : weekday == 5 ? 7 : 6)
        case "next week Friday": return today.adding(days: 7 - weekday + 4)
        case "next week Saturday": return today.adding(days: 7 - weekday + 5)
        case "next week Sunday": return today.adding(days: 7 - weekday + 6)
        default: throw Problem(description: "\(phrase.pythonRepr) is not computed by OSWorld as the start of a range")
        }
    }

    /// The last day of a range starting with `from` on `fromDay`.
    static func rangeEnd(_ phrase: String, from: String, fromDay: CalendarDay, today: CalendarDay) throws(Problem) -> CalendarDay {
        let weekday = today.weekday
        switch phrase {
        case "tomorrow": return today.adding(days: 1)
        case "this Sunday": return today.adding(days: 6 - weekday)
        case "11th next month": return nextMonth(today, day: 11)
        case "next Friday", "next Friday split":
            if from == "next Monday" || from == "next Monday split" { return fromDay.adding(days: 4) }
            return today.adding(days: weekday < 4 ? 4 - weekday : 6 - weekday + 5)
        case "next Sunday":
            if from == "next Friday" || from == "next Saturday" { return fromDay.adding(days: 6 - fromDay.weekday) }
            return today.adding(days: weekday < 6 ? 6 - weekday : 7)
        case "next week Sunday":
            if from == "next week Friday" || from == "next week Saturday" { return fromDay.adding(days: 6 - fromDay.weekday) }
            return today.adding(days: 7 - weekday + 6)
        default: throw Problem(description: "\(phrase.pythonRepr) is not computed by OSWorld as the end of a range")
        }
    }

    private static func nextMonth(_ today: CalendarDay, day: Int) -> CalendarDay {
        today.month == 12
            ? CalendarDay(year: today.year + 1, month: 1, day: day) : CalendarDay(year: today.year, month: today.month + 1, day: day)
    }

    private static func firstMonday(year: Int, month: Int, phrase: String) throws(Problem) -> CalendarDay {
        // OSWorld takes the month modulo 12, which gives month 0 in August (four months later) or
        // April (eight): Python's datetime refuses it.
        guard let first = CalendarDay(validYear: year, month: month, day: 1) else {
            throw Problem(
                description: "\(phrase.pythonRepr) gives month \(month) of \(year), which does not exist (OSWorld fails here too)")
        }
        return first.adding(days: (7 - first.weekday) % 7)
    }

    static let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let fullMonthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ]

    /// OSWorld's `apply_rules_to_timeFormat`: the first occurrence of each placeholder replaced, in
    /// this order: {DoW} (Mon), {Month} (Jan), {DayD} (5), {Year}, {Month0D} (01), {month}
    /// (january), {MonthFull} (January), {Day0D} (05), {MonthD} (1).
    static func format(_ template: String, _ day: CalendarDay) -> String {
        let replacements: [(String, String)] = [
            ("{DoW}", weekdayNames[day.weekday]),
            ("{Month}", monthNames[day.month - 1]),
            ("{DayD}", String(day.day)),
            ("{Year}", String(day.year)),
            ("{Month0D}", String(format: "%02d", day.month)),
            ("{month}", fullMonthNames[day.month - 1].lowercased()),
            ("{MonthFull}", fullMonthNames[day.month - 1]),
            ("{Day0D}", String(format: "%02d", day.day)),
            ("{MonthD}", String(day.month)),
        ]
        var text = template
        for (placeholder, value) in replacements {
            if let range = text.range(of: placeholder) { text.replaceSubrange(range, with: value) }
        }
        return text
    }
}
