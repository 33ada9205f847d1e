import DeskgymCore
import DeskgymMetrics
import DeskgymTaskModel
import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymTasks

/// `rule_relativeTime` (OSWorld's getters/misc.py): templates filled in with dates relative to
/// today. Today's dates are checked against GNU `date`, fixed days against the calendar.
@Suite("rule_relativeTime")
struct GetterRelativeTimeTests {
    func spec(_ rules: String) -> GetterSpec {
        GetterSpec(type: "rule_relativeTime", fields: ["rules": MetricFixture.json(rules)])
    }

    /// GNU date's answer in a zone: `TZ=zone LANG=C date -d WHEN +FORMAT`.
    func gnuDate(_ when: String, _ format: String, zone: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/date")
        process.arguments = ["-d", when, "+" + format]
        process.environment = ["TZ": zone, "LANG": "C", "LC_ALL": "C"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    /// The getter's `expected` for these rules, with GNU date's answers taken just before and just
    /// after (they differ only when midnight passes in between; either is then right).
    func check(
        _ rules: String, key: String, against when: String, _ format: String, zone: String,
        lowercased: Bool = false
    ) throws {
        let adjust: (String) -> String = { lowercased ? $0.lowercased() : $0 }
        let before = adjust(try gnuDate(when, format, zone: zone))
        let value = try GetterRunner.relativeTimeRules(spec(rules), environment: [:])
        let after = adjust(try gnuDate(when, format, zone: zone))
        let got = try #require(value["expected"]?[key]?.stringValue)
        #expect(got == before || got == after, "\(rules): \(got), GNU date says \(before)")
    }

    @Test("today's dates agree with GNU date in the rule's zone, in OSWorld's formats")
    func todayAgainstGNUDate() throws {
        let zone = "Europe/Zurich"
        try check(
            #"{"relativeTime": {"from": "tomorrow"}, "timezone": "Europe/Zurich", "expected": {"time": "{DoW}, {Month} {Day0D}, {Year}"}}"#,
            key: "time", against: "tomorrow", "%a, %b %d, %Y", zone: zone)
        try check(
            #"{"relativeTime": {"from": "next Monday"}, "timezone": "Europe/Zurich", "expected": {"time": "{Year}-{Month0D}-{Day0D}"}}"#,
            key: "time", against: "next monday", "%Y-%m-%d", zone: zone)
        // OSWorld's "next Friday" as a range start is GNU's "next friday": the first Friday after today.
        try check(
            #"{"relativeTime": {"from": "next Friday", "to": "next Sunday"}, "timezone": "Europe/Zurich", "expected": {"from": "{MonthFull} {DayD}", "to": "x"}}"#,
            key: "from", against: "next friday", "%B %-d", zone: zone)
        let firstOfMonth = try gnuDate("today", "%Y-%m-01", zone: zone)
        try check(
            #"{"relativeTime": {"from": "10th next month"}, "timezone": "Europe/Zurich", "expected": {"time": "{Year}-{MonthD}-{DayD}"}}"#,
            key: "time", against: "\(firstOfMonth) +1 month", "%Y-%-m-10", zone: zone)
        try check(
            #"{"relativeTime": {"from": "this month"}, "timezone": "Europe/Zurich", "expected": {"time": "{month}-weather"}}"#,
            key: "time", against: "today", "%B-weather", zone: zone, lowercased: true)
    }

    @Test("the day is taken in rules.timezone, else in the session's TZ; an unknown zone is UTC")
    func zones() throws {
        // 2025-06-15 12:00 UTC: already the 16th at UTC+14, still the 15th at UTC-11.
        let noon = Date(timeIntervalSince1970: 1_749_988_800)
        func day(_ zone: String?, environment: [String: String] = [:]) throws -> String? {
            let zoneField = zone.map { #", "timezone": "\#($0)""# } ?? ""
            let value = try GetterRunner.relativeTimeRules(
                spec(#"{"relativeTime": {"from": "this month"}\#(zoneField), "expected": {"time": "{Year}-{Month0D}-{Day0D}"}}"#),
                environment: environment, now: noon)
            return value["expected"]?["time"]?.stringValue
        }
        #expect(try day("Pacific/Kiritimati") == "2025-06-16")
        #expect(try day("Pacific/Pago_Pago") == "2025-06-15")
        #expect(try day("Mars/Olympus_Mons") == "2025-06-15")
        #expect(try day(nil, environment: ["TZ": "Pacific/Kiritimati"]) == "2025-06-16")
        #expect(try day(nil, environment: ["TZ": ":Pacific/Pago_Pago"]) == "2025-06-15")
        // The rest of the rules is kept as written.
        let value = try GetterRunner.relativeTimeRules(
            spec(
                #"{"relativeTime": {"from": "tomorrow"}, "expected": {"time": ["{DayD}", "{Day0D}"], "other": 3}, "expect_in_result": true}"#
            ),
            environment: ["TZ": "UTC"], now: noon)
        #expect(
            value
                == MetricFixture.json(
                    #"{"relativeTime": {"from": "tomorrow"}, "expected": {"time": ["16", "16"], "other": 3}, "expect_in_result": true}"#))
    }

    // Sunday 2025-06-15 (weekday 6).
    static let sunday = CalendarDay(year: 2025, month: 6, day: 15)

    @Test("OSWorld's phrases on fixed days, its quirks included")
    func fixedDays() throws {
        func resolve(_ relative: String, _ expected: String, today: CalendarDay) throws -> JSONValue? {
            try RelativeTimeRules.resolve(MetricFixture.json(#"{"relativeTime": \#(relative), "expected": \#(expected)}"#), today: today)[
                "expected"]
        }
        // "this Saturday" on a Sunday is the day before; the weekend after "next Friday" ends that Sunday.
        #expect(
            try resolve(
                #"{"from": "this Saturday", "to": "this Sunday"}"#, #"{"from": "{Year}-{Month0D}-{Day0D}", "to": "{Day0D} {DoW}"}"#,
                today: Self.sunday)
                == MetricFixture.json(#"{"from": "2025-06-14", "to": "15 Sun"}"#))
        #expect(
            try resolve(
                #"{"from": "next Friday", "to": "next Sunday"}"#, #"{"from": "{DayD} {DoW}", "to": "{DayD} {DoW}"}"#, today: Self.sunday)
                == MetricFixture.json(#"{"from": "20 Fri", "to": "22 Sun"}"#))
        #expect(
            try resolve(
                #"{"from": "next Monday split", "to": "next Friday split"}"#,
                #"{"puDay": "{DayD}", "puMonth": "{MonthD}", "puYear": "{Year}", "doDay": "{DayD}", "doMonth": "{MonthD}", "doYear": "{Year}"}"#,
                today: Self.sunday)
                == MetricFixture.json(
                    #"{"puDay": "16", "puMonth": "6", "puYear": "2025", "doDay": "20", "doMonth": "6", "doYear": "2025"}"#))
        #expect(
            try resolve(
                #"{"from": "next week Friday", "to": "next week Sunday"}"#, #"{"from": "{Day0D}", "to": "{Day0D}"}"#, today: Self.sunday)
                == MetricFixture.json(#"{"from": "20", "to": "22"}"#))
        // Month and year ends; 2024 is a leap year.
        let december = CalendarDay(year: 2025, month: 12, day: 31)
        #expect(
            try resolve(#"{"from": "5th next month"}"#, #"{"time": "{Year}-{Month0D}-{Day0D} {DoW}"}"#, today: december)
                == MetricFixture.json(#"{"time": "2026-01-05 Mon"}"#))
        #expect(
            try resolve(
                #"{"from": "10th next month", "to": "11th next month"}"#, #"{"from": "{Month} {DayD}", "to": "{MonthFull} {DayD}"}"#,
                today: december)
                == MetricFixture.json(#"{"from": "Jan 10", "to": "January 11"}"#))
        #expect(
            try resolve(#"{"from": "tomorrow"}"#, #"{"time": "{Year}/{MonthD}/{DayD}"}"#, today: december)
                == MetricFixture.json(#"{"time": "2026/1/1"}"#))
        #expect(
            try resolve(#"{"from": "tomorrow"}"#, #"{"time": "{Month0D}-{Day0D}"}"#, today: CalendarDay(year: 2024, month: 2, day: 28))
                == MetricFixture.json(#"{"time": "02-29"}"#))
        // 2026-04-01 is a Wednesday: the first Monday of April 2026 is the 6th.
        #expect(
            try resolve(
                #"{"from": "first monday eight months later"}"#, #"{"time": "{MonthFull} {Day0D}, 10:15 AM"}"#,
                today: CalendarDay(year: 2025, month: 8, day: 10))
                == MetricFixture.json(#"{"time": "April 06, 10:15 AM"}"#))
        // Only the first occurrence of a placeholder is replaced, as Python's replace(…, 1).
        #expect(
            try resolve(#"{"from": "this month"}"#, #"{"time": "{DayD}/{DayD}"}"#, today: Self.sunday)
                == MetricFixture.json(#"{"time": "15/{DayD}"}"#))
    }

    @Test("phrases OSWorld cannot compute where they stand, and malformed rules, are errors naming them")
    func failures() throws {
        let cases: [(String, String, CalendarDay, String)] = [
            (#"{"from": "next Tuesday"}"#, #"{"time": "x"}"#, Self.sunday, "'next Tuesday' is not a relative time OSWorld knows"),
            (#"{"from": "this Saturday"}"#, #"{"time": "x"}"#, Self.sunday, "only as the start or end of a range"),
            (
                #"{"from": "this month", "to": "tomorrow"}"#, #"{"from": "x", "to": "x"}"#, Self.sunday,
                "not computed by OSWorld as the start of a range"
            ),
            (
                #"{"from": "tomorrow", "to": "next Monday"}"#, #"{"from": "x", "to": "x"}"#, Self.sunday,
                "not computed by OSWorld as the end of a range"
            ),
            (
                #"{"from": "first monday four months later"}"#, #"{"time": "x"}"#, CalendarDay(year: 2025, month: 8, day: 10),
                "gives month 0 of 2025"
            ),
            (#"{"from": "tomorrow"}"#, #"{"date": "x"}"#, Self.sunday, "rules.expected.time is missing"),
            (#"{"from": "tomorrow"}"#, #"{"time": 5}"#, Self.sunday, "rules.expected.time must be a string or a list of strings"),
            (#"{"from": "tomorrow", "to": "next Sunday"}"#, #"{"from": "x"}"#, Self.sunday, "rules.expected.to is missing"),
        ]
        for (relative, expected, today, message) in cases {
            do {
                _ = try RelativeTimeRules.resolve(
                    MetricFixture.json(#"{"relativeTime": \#(relative), "expected": \#(expected)}"#), today: today)
                Issue.record("\(relative) did not fail")
            } catch {
                #expect(error.description.contains(message), "\(error) should say \(message)")
            }
        }
        #expect(throws: (any Error).self) { try GetterRunner.relativeTimeRules(GetterSpec(type: "rule_relativeTime"), environment: [:]) }
    }
}
