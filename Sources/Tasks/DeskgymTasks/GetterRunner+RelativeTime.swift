import DeskgymCore
import DeskgymMetrics
import DeskgymTaskModel
import Foundation

extension GetterRunner {
    /// `rule_relativeTime`: the getter's `rules` with the date templates of `rules.expected` filled
    /// in for today (see `RelativeTimeRules`).
    ///
    /// - Parameters:
    ///   - environment: the session's environment, whose `TZ` (if any) is the session's local zone.
    ///   - now: the moment the evaluation runs.
    static func relativeTimeRules(_ spec: GetterSpec, environment: [String: String], now: Date = Date()) throws -> JSONValue {
        guard let rules = spec[field: "rules"] else { throw StepProblem("getter 'rule_relativeTime' needs 'rules'") }
        let today = CalendarDay(now, in: relativeTimeZone(rules, environment: environment))
        do {
            return try RelativeTimeRules.resolve(rules, today: today)
        } catch {
            throw StepProblem("getter 'rule_relativeTime': \(error)")
        }
    }

    /// `rules.timezone` when given (UTC when it names no zone, as OSWorld falls back), else the
    /// session's local zone: its `TZ`, or this machine's zone, which the session's processes share.
    static func relativeTimeZone(_ rules: JSONValue, environment: [String: String]) -> TimeZone {
        if let name = rules["timezone"]?.stringValue, !name.isEmpty {
            return TimeZone(identifier: name) ?? TimeZone(identifier: "UTC")!
        }
        if let variable = environment["TZ"], !variable.isEmpty,
            let zone = TimeZone(identifier: variable.hasPrefix(":") ? String(variable.dropFirst()) : variable)
        {
            return zone
        }
        return .current
    }
}
